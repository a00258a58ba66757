package org.fhirgateway.mappers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.fhirgateway.mappers.terminology.Concept;
import org.fhirgateway.mappers.terminology.ConceptMapName;
import org.fhirgateway.mappers.terminology.Terminology;
import org.junit.jupiter.api.Test;

/** The concept maps are data files generated from the IG; every one named in code is loaded. */
class TerminologyTest {

    private final Terminology terminology = Terminology.standard();

    @Test
    void everyMapIsLoadedAndHasEntries() {
        for (ConceptMapName map : ConceptMapName.values()) {
            assertTrue(terminology.size(map) > 0, map.id());
        }
        assertTrue(terminology.size(ConceptMapName.IDENTIFIER_TYPE) > 100, "the whole table 0203");
        assertEquals(new Concept("http://hl7.org/fhir/administrative-gender", "female", "Female"),
                terminology.lookup(ConceptMapName.ADMINISTRATIVE_SEX, "F"));
        assertEquals("IMP", terminology.lookup(ConceptMapName.PATIENT_CLASS, "I").code());
        assertEquals("cancelled", terminology.lookup(ConceptMapName.EVENT_ENCOUNTER_STATUS, "A11").code());
        assertEquals("in-progress", terminology.lookup(ConceptMapName.EVENT_ENCOUNTER_STATUS, "A12").code(),
                "gateway supplement row");
        assertEquals("final", terminology.lookup(ConceptMapName.OBSERVATION_STATUS, "F").code());
        assertEquals("H", terminology.lookup(ConceptMapName.INTERPRETATION, "H").code());
        assertEquals("SPS", terminology.lookup(ConceptMapName.RELATIONSHIP, "spo").code(), "case-insensitive");
        assertEquals("http://loinc.org", terminology.codingSystem("LN"));
        assertEquals("http://terminology.hl7.org/CodeSystem/v2-0136", terminology.codingSystem("HL70136"));
        assertNull(terminology.codingSystem("99ZZZ"));
        assertNull(terminology.lookup(ConceptMapName.ADMINISTRATIVE_SEX, "Q"));
    }

    @Test
    void loadedOnceAndShared() {
        assertSame(Terminology.standard(), Terminology.standard());
    }
}
