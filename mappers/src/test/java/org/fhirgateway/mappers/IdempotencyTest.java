package org.fhirgateway.mappers;

import static org.fhirgateway.mappers.TestMessages.MAPPER;
import static org.fhirgateway.mappers.TestMessages.json;
import static org.fhirgateway.mappers.TestMessages.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.junit.jupiter.api.Test;

/** The same message gives the same bytes; entries are conditional or deterministic; references resolve. */
class IdempotencyTest {

    private static final List<String> FILES = List.of("messages/ADT-A01-clean.hl7", "messages/ORU-R01-clean.hl7",
            "corpus/ADT-A01-01.hl7", "corpus/LRI_2.0-NG_CBC_Typ_Message.hl7", "corpus/ADT-A40-02.hl7");
    private static final Pattern UUID_REF = Pattern.compile("\"reference\": ?\"(urn:uuid:[0-9a-f-]{36})\"");

    @Test
    void mappingTwiceGivesIdenticalJson() throws MappingException {
        for (String file : FILES) {
            String message = load(file);
            assertEquals(json(MAPPER.map(message).bundle()), json(MAPPER.map(message).bundle()), file);
            MessageMapper other = new MessageMapper(MapperConfig.defaults().withDefaultZone(TestMessages.ZONE));
            assertEquals(json(MAPPER.map(message).bundle()), json(other.map(message).bundle()), "another instance");
        }
    }

    @Test
    void everyEntryHasAConditionalUrlOrADeterministicId() {
        for (String file : FILES) {
            Bundle bundle = TestMessages.map(file).bundle();
            assertEquals(Bundle.BundleType.TRANSACTION, bundle.getType());
            for (BundleEntryComponent entry : bundle.getEntry()) {
                String url = entry.getRequest().getUrl();
                String type = entry.getResource().fhirType();
                assertEquals(Bundle.HTTPVerb.PUT, entry.getRequest().getMethod(), url);
                boolean conditional = url.startsWith(type + "?identifier=") && url.contains("|");
                boolean byId = url.equals(type + "/" + entry.getResource().getIdElement().getIdPart());
                assertTrue(conditional || byId, file + ": " + url);
                assertTrue(entry.getFullUrl().startsWith("urn:uuid:"), entry.getFullUrl());
            }
        }
    }

    @Test
    void urnUuidReferencesResolveInsideTheBundle() {
        for (String file : FILES) {
            Bundle bundle = TestMessages.map(file).bundle();
            Set<String> fullUrls = new HashSet<>();
            bundle.getEntry().forEach(e -> assertTrue(fullUrls.add(e.getFullUrl()), "unique " + e.getFullUrl()));
            Matcher matcher = UUID_REF.matcher(json(bundle));
            int references = 0;
            while (matcher.find()) {
                references++;
                assertTrue(fullUrls.contains(matcher.group(1)), file + " references " + matcher.group(1));
            }
            assertTrue(references > 3, file);
        }
    }

    @Test
    void aResentOrCorrectedMessageHitsTheSameResources() throws MappingException {
        String original = load("messages/ORU-R01-clean.hl7");
        String corrected = original.replace("|LAB-5001|", "|LAB-5002|").replace("||13.5|", "||13.7|")
                .replace("|20240316101500+0100|", "|20240316111500+0100|");
        Bundle first = MAPPER.map(original).bundle();
        Bundle second = MAPPER.map(corrected).bundle();
        assertEquals(requestUrls(first), requestUrls(second), "same conditional keys");
        assertNotEquals(json(first), json(second), "but the new value and message id");
    }

    @Test
    void gatewayKeysDoNotDependOnSetIdsOrSegmentText() throws MappingException {
        String original = load("messages/ADT-A01-clean.hl7");
        // the diagnosis gets another set id and description: still the same Condition
        String changed = original.replace("DG1|1||R07.9^Chest pain, unspecified^I10|", "DG1|7||R07.9^Chest pain^I10|");
        assertEquals(requestUrls(MAPPER.map(original).bundle()), requestUrls(MAPPER.map(changed).bundle()));
    }

    private static List<String> requestUrls(Bundle bundle) {
        return bundle.getEntry().stream().map(e -> e.getRequest().getUrl()).filter(u -> !u.startsWith("Provenance/"))
                .toList();
    }
}
