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
            assertEquals(referenceSerializer(fresh), BundleJson.toJson(fresh), "same bytes as the stock writer");
        }
    }
}
