package org.fhirgateway.server.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.fhirgateway.mappers.v2.V2Batch;
import org.fhirgateway.mappers.v2.V2Charsets;

/** The messages of one input (a file or stdin), split and decoded (MSH-18 honoured, UTF-8 by default). */
record InputMessages(String name, List<String> messages) {

    static InputMessages fromBytes(String name, byte[] raw) {
        return new InputMessages(name, V2Batch.split(V2Charsets.decode(raw, StandardCharsets.UTF_8)));
    }

    /**
     * A file is always read; a folder is walked recursively in name order, taking the files that look like
     * v2 (start with MSH, FHS or BHS after a BOM or framing byte), so READMEs and licences beside them are skipped.
     */
    static List<InputMessages> fromPath(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            return List.of(fromBytes(path.toString(), Files.readAllBytes(path)));
        }
        List<InputMessages> inputs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(path)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                if (looksLikeV2(file)) {
                    inputs.add(fromBytes(file.toString(), Files.readAllBytes(file)));
                }
            }
        }
        return inputs;
    }

    private static boolean looksLikeV2(Path file) throws IOException {
        byte[] head = new byte[8];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(head, 0, head.length);
        }
        String start = new String(head, 0, read, StandardCharsets.ISO_8859_1)
                .replace("\u00EF\u00BB\u00BF", "") // UTF-8 byte-order mark
                .replace("\u000B", "");
        return start.startsWith("MSH") || start.startsWith("FHS") || start.startsWith("BHS");
    }
}
