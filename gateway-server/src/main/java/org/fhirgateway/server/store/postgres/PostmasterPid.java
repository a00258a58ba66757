package org.fhirgateway.server.store.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A cluster's {@code postmaster.pid} as PostgreSQL 10 and later write it: the server's process id on line 1, its
 * port on line 4 and its status on line 8 ({@code ready} once it accepts connections). The one reader of the file
 * for the start, the stop of a server left running, and a tool beside a running gateway.
 *
 * @param port 0 while the server has not written it yet
 */
record PostmasterPid(long pid, int port, boolean ready) {

    /** The file's content, or empty when there is none or its first line is not a process id (a partial write). */
    static Optional<PostmasterPid> read(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(lines.isEmpty() ? "" : lines.get(0).strip());
            int port = lines.size() >= 4 ? Integer.parseInt(lines.get(3).strip()) : 0;
            return Optional.of(new PostmasterPid(pid, port, lines.size() >= 8 && lines.get(7).strip().equals("ready")));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
