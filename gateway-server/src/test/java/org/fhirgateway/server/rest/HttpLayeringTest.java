package org.fhirgateway.server.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The HTTP side's layering: wiring and configuration live only in {@code server.app}; {@code server.auth} knows
 * nothing of the FHIR providers; neither auth nor rest depends on Jetty (only on the servlet API) or on the store's
 * internals beyond its public API. (A source-level check, like the store's LayeringTest.)
 */
class HttpLayeringTest {

    private static final Path MAIN = Path.of("src/main/java/org/fhirgateway/server");

    @Test
    void authKnowsNoProviderNorWiring() throws IOException {
        assertEquals(List.of(), offending("auth", List.of("org.fhirgateway.server.rest", "org.fhirgateway.server.app",
                "org.fhirgateway.server.store", "org.fhirgateway.server.search", "org.eclipse.jetty", "ca.uhn.fhir.rest")));
    }

    @Test
    void restKnowsNoWiringNorJetty() throws IOException {
        assertEquals(List.of(), offending("rest", List.of("org.fhirgateway.server.app", "org.eclipse.jetty")));
    }

    @Test
    void onlyAppReadsTheEnvironment() throws IOException {
        assertEquals(List.of(), offending("rest", List.of("System.getenv", "System.getProperty")));
        assertEquals(List.of(), offending("auth", List.of("System.getenv", "System.getProperty")));
    }

    private static List<String> offending(String pkg, List<String> forbidden) throws IOException {
        try (Stream<Path> files = Files.walk(MAIN.resolve(pkg))) {
            return files.filter(f -> f.toString().endsWith(".java")).flatMap(f -> lines(f).stream()
                    .filter(l -> forbidden.stream().anyMatch(l::contains))
                    .map(l -> f.getFileName() + ": " + l.trim())).toList();
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
