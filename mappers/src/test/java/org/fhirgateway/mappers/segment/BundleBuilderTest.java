package org.fhirgateway.mappers.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

class BundleBuilderTest {

    @Test
    void conditionalUrlsDecodeBackToTheIdentifier() {
        Identifier key = new Identifier().setSystem("urn:test:Good%20Health").setValue("A|B C&D,é");
        String url = BundleBuilder.conditionalUrl("Patient", key);
        assertEquals("Patient?identifier=urn:test:Good%2520Health|A%5C%7CB%20C%26D%5C%2C%C3%A9", url);
        String decoded = URLDecoder.decode(url.substring(url.indexOf('=') + 1), StandardCharsets.UTF_8);
        assertEquals("urn:test:Good%20Health|A\\|B C&D\\,é", decoded, "FHIR search escapes after URL decoding");
    }

    @Test
    void oneEntryPerKeyAndNameBasedFullUrls() {
        BundleBuilder builder = new BundleBuilder("scope-1");
        Identifier key = new Identifier().setSystem("urn:s").setValue("1");
        Reference first = builder.upsert(new Practitioner(), key);
        Reference again = builder.upsert(new Practitioner(), key.copy());
        assertEquals(first.getReference(), again.getReference());
        assertEquals(first.getReference(), builder.referenceTo("Practitioner", key).getReference());
        assertNotEquals(first.getReference(), builder.upsert(new Patient(), key).getReference(), "type is part of it");
        assertEquals(first.getReference(), new BundleBuilder("scope-1").upsert(new Practitioner(), key).getReference());
        assertNotEquals(first.getReference(), new BundleBuilder("scope-2").upsert(new Practitioner(), key).getReference());
        Bundle bundle = new Bundle();
        builder.into(bundle);
        assertEquals(2, bundle.getEntry().size());
        assertEquals("Practitioner?identifier=urn:s|1", bundle.getEntryFirstRep().getRequest().getUrl());
    }
}
