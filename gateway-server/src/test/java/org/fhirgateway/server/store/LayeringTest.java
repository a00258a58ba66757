package org.fhirgateway.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The store knows nothing of HTTP or of the layers above it; the search reaches HTTP nowhere either.
 * (A source-level check: ArchUnit is not among the module's dependencies.)
 */
class LayeringTest {

    private static final Path MAIN = Path.of("src/main/java/org/fhirgateway/server");

    @Test
    void storeImportsNoHigherLayerAndNoHttp() throws IOException {
        assertEquals(List.of(), offending("store", List.of("org.fhirgateway.server.search", "org.fhirgateway.server.rest",
                "org.fhirgateway.server.export", "org.fhirgateway.server.ingest", "ca.uhn.fhir.rest.server",
                "jakarta.servlet", "org.eclipse.jetty")));
    }

    @Test
    void searchImportsNoHttp() throws IOException {
        assertEquals(List.of(), offending("search", List.of("org.fhirgateway.server.rest", "ca.uhn.fhir.rest.server",
                "jakarta.servlet", "org.eclipse.jetty")));
    }

    private static List<String> offending(String pkg, List<String> forbidden) throws IOException {
        try (Stream<Path> files = Files.walk(MAIN.resolve(pkg))) {
            return files.filter(f -> f.toString().endsWith(".java")).flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream().filter(l -> l.startsWith("import "))
                            .filter(l -> forbidden.stream().anyMatch(l::contains))
                            .map(l -> f.getFileName() + ": " + l);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
