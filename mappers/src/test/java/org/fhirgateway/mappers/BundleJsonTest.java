package org.fhirgateway.mappers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Provenance;
import org.junit.jupiter.api.Test;

class BundleJsonTest {

    private static String referenceSerializer(Bundle bundle) throws java.io.IOException {
        return new org.hl7.fhir.r4.formats.JsonParser().composeString(bundle);
    }

    @Test
    void escapesControlCharactersQuotesAndBackslashes() throws java.io.IOException {
        Bundle bundle = new Bundle();
        bundle.getIdentifier().setValue("a\"b\\c\nd\te\u0001f/é");
        assertEquals(referenceSerializer(bundle), BundleJson.toJson(bundle));
        assertTrue(BundleJson.toJson(bundle).contains("a\\\"b\\\\c\\nd\\te\\u0001f/é"), BundleJson.toJson(bundle));
    }

    @Test
    void writesCharactersBeyondLatin1AsEscapesThatParseBackToTheSameText() {
        Bundle bundle = new Bundle();
        bundle.getIdentifier().setValue("Driver\u2019s license, \u0391\u03b8\u03ae\u03bd\u03b1, caf\u00e9");
        String json = BundleJson.toJson(bundle);
        assertTrue(json.contains("Driver\\u2019s license, \\u0391\\u03b8\\u03ae\\u03bd\\u03b1, caf\u00e9"), json);
        Bundle back = FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, json);
        assertEquals(bundle.getIdentifier().getValue(), back.getIdentifier().getValue());
    }

    private static String escapeBeyondLatin1(String json) {
        StringBuilder out = new StringBuilder(json.length());
        for (char c : json.toCharArray()) {
            if (c > 0xFF) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    @Test
    void sameContentAsHapiAndKeepsTheProvenanceId() throws Exception {
        for (String file : new String[] {"messages/ADT-A01-clean.hl7", "messages/ORU-R01-clean.hl7",
                "corpus/ADT-A01-01.hl7"}) {
            Bundle bundle = TestMessages.map(file).bundle();
            String json = BundleJson.toJson(bundle);
            IParser hapi = FhirContext.forR4Cached().newJsonParser().setOverrideResourceIdWithBundleEntryFullUrl(false);
            Bundle back = hapi.parseResource(Bundle.class, json);
            assertEquals(hapi.encodeResourceToString(bundle), hapi.encodeResourceToString(back), file);
            Provenance provenance = TestMessages.only(back, Provenance.class);
            String id = bundle.getEntry().stream().filter(e -> e.getResource() instanceof Provenance).findFirst()
                    .orElseThrow().getRequest().getUrl().substring("Provenance/".length());
            assertEquals(id, provenance.getIdElement().getIdPart(), "PUT Provenance/{id} keeps its id");
            assertEquals(json, BundleJson.toJson(TestMessages.map(file).bundle()), "deterministic");
            assertTrue(BundleJson.toPrettyJson(bundle).contains("\n"));
            Bundle fresh = TestMessages.map(file).bundle(); // HAPI's encoder above rewrote the ids of `bundle`
            assertEquals(escapeBeyondLatin1(referenceSerializer(fresh)), BundleJson.toJson(fresh),
                    "same bytes as the stock writer, but for characters beyond Latin-1 written as escapes");
        }
    }
}
