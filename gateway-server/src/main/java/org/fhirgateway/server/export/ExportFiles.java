package org.fhirgateway.server.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The NDJSON files of the jobs, under {@code <data-dir>/export/<job>/}: folders 0700 and files 0600 (they hold
 * patient data; the data folder itself is 0700, see app.DataDirectory). File names carry only the type and numbers.
 */
final class ExportFiles {

    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private final Path root;

    ExportFiles(Path root) {
        this.root = root;
    }

    static String name(String type, int partNo, int fileNo, boolean error) {
        return (error ? "error-" : "") + type + "-" + partNo + "-" + fileNo + ".ndjson";
    }

    /** The file of a job by its name, or null when the name is not one this class gives. */
    Path file(String jobId, String name) {
        if (!name.matches("[A-Za-z0-9\\-]{1,100}\\.ndjson") || !jobId.matches("[A-Za-z0-9\\-]{1,64}")) {
            return null;
        }
        return root.resolve(jobId).resolve(name);
    }

    /** Opens a part's file for appending, cut to {@code length}: what a crash wrote after the last commit goes. */
    FileChannel openAt(String jobId, String name, long length) {
        try {
            Path dir = directory(root.resolve(jobId));
            Path file = dir.resolve(name);
            if (!Files.exists(file)) {
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
                } catch (FileAlreadyExistsException e) {
                    // made by an earlier run of the part
                } catch (UnsupportedOperationException e) {
                    Files.createFile(file);
                }
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
            channel.truncate(length);
            channel.position(length);
            return channel;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open an export file", e);
        }
    }

    static void write(FileChannel channel, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** Removes a job's folder and files. */
    void deleteJob(String jobId) {
        Path dir = root.resolve(jobId);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the files of an export", e);
        }
    }

    private static Path directory(Path dir) throws IOException {
        if (!Files.isDirectory(dir.getParent())) {
            directory(dir.getParent());
        }
        if (!Files.isDirectory(dir)) {
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(FOLDER));
            } catch (FileAlreadyExistsException e) {
                // another worker made it
            } catch (UnsupportedOperationException e) {
                Files.createDirectories(dir);
            }
        }
        return dir;
    }
}
