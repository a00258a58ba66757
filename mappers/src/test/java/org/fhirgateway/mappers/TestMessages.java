package org.fhirgateway.mappers;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.net.URISyntaxException;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;
import org.fhirgateway.mappers.v2.V2Batch;
import org.fhirgateway.mappers.v2.V2Charsets;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/** Loading test messages from the classpath, and small helpers the tests share. */
final class TestMessages {

    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    static final MessageMapper MAPPER = new MessageMapper(MapperConfig.defaults().withDefaultZone(ZONE));

    private TestMessages() {
    }

    /** The single message of a classpath file (corpus/ or messages/), decoded as the IG says (MSH-18). */
    static String load(String path) {
        try (InputStream in = TestMessages.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            List<String> messages = V2Batch.split(V2Charsets.decode(in.readAllBytes(), StandardCharsets.UTF_8));
            if (messages.size() != 1) {
                throw new IllegalStateException(path + " holds " + messages.size() + " messages");
            }
            return messages.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> corpusFiles() {
        try (Stream<Path> files = Files.list(Paths.get(TestMessages.class.getClassLoader().getResource("corpus").toURI()))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".hl7")).sorted().toList();
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static MappingResult map(String path) {
        try {
            return MAPPER.map(load(path));
        } catch (MappingException e) {
            throw new AssertionError(path + ": " + e.getMessage(), e);
        }
    }

    static String json(Bundle bundle) {
        IParser parser = FhirContext.forR4Cached().newJsonParser();
        return parser.encodeResourceToString(bundle);
    }

    @SuppressWarnings("unchecked")
    static <T extends Resource> List<T> resources(Bundle bundle, Class<T> type) {
        return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(type::isInstance).map(r -> (T) r).toList();
    }

    static <T extends Resource> T only(Bundle bundle, Class<T> type) {
        List<T> found = resources(bundle, type);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + ", found " + found.size());
        }
        return found.get(0);
    }

    /** Replaces segment {@code id}'s field {@code n} (1-based; not for MSH) in a CR-separated message. */
    static String withField(String message, String id, int n, String value) {
        String[] segments = message.split("\r");
        for (int i = 0; i < segments.length; i++) {
            if (segments[i].startsWith(id + "|")) {
                String[] fields = segments[i].split("\\|", -1);
                if (fields.length <= n) {
                    fields = java.util.Arrays.copyOf(fields, n + 1);
                    for (int f = 0; f < fields.length; f++) {
                        fields[f] = fields[f] == null ? "" : fields[f];
                    }
                }
                fields[n] = value;
                segments[i] = String.join("|", fields);
                break;
            }
        }
        return String.join("\r", segments);
    }
}
