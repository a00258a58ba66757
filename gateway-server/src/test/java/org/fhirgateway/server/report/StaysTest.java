package org.fhirgateway.server.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Encounter.EncounterLocationStatus;
import org.hl7.fhir.r4.model.Encounter.EncounterStatus;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/** The replay of a visit's versions into stays, on versions shaped as the mappers write them. */
class StaysTest {

    static Encounter version(EncounterStatus status, String start, String end) {
        Encounter e = new Encounter().setStatus(status);
        e.setPeriod(new Period().setStartElement(new DateTimeType(start)).setEndElement(end == null ? null : new DateTimeType(end)));
        return e;
    }

    static Encounter unit(Encounter e, String unit, EncounterLocationStatus status, String start, String end) {
        Period p = new Period();
        if (start != null) {
            p.setStartElement(new DateTimeType(start));
        }
        if (end != null) {
            p.setEndElement(new DateTimeType(end));
        }
        e.addLocation().setLocation(new Reference("Location/" + unit).setDisplay(unit)).setStatus(status).setPeriod(p)
                .setPhysicalType(new CodeableConcept(new Coding(null, "wa", null)));
        return e;
    }

    static final String ADMIT = "2026-11-10T06:00:00Z";
    static final String MOVE = "2026-11-10T12:00:00Z";

    @Test
    void aCancelledTransferLeavesOneStay() {
        Encounter a01 = unit(version(EncounterStatus.INPROGRESS, ADMIT, null), "A", EncounterLocationStatus.ACTIVE, ADMIT, null);
        Encounter a02 = unit(unit(version(EncounterStatus.INPROGRESS, ADMIT, null), "B", EncounterLocationStatus.ACTIVE, MOVE, null),
                "A", EncounterLocationStatus.COMPLETED, null, MOVE);
        Encounter a12 = unit(unit(version(EncounterStatus.INPROGRESS, ADMIT, null), "A", EncounterLocationStatus.ACTIVE, null, null),
                "B", EncounterLocationStatus.COMPLETED, null, null);
        Stays.Visit visit = Stays.replay("v", List.of(a01, a02, a12));
        assertEquals(1, visit.stays().size());
        assertEquals("Location/A", visit.stays().get(0).unit());
        assertNull(visit.stays().get(0).end());
    }

    @Test
    void aCancelledDischargeReopensTheLastStayAndACancelledAdmitVoidsTheVisit() {
        Encounter a01 = unit(version(EncounterStatus.INPROGRESS, ADMIT, null), "A", EncounterLocationStatus.ACTIVE, ADMIT, null);
        Encounter a03 = unit(version(EncounterStatus.FINISHED, ADMIT, MOVE), "A", EncounterLocationStatus.COMPLETED, null, MOVE);
        Encounter a13 = unit(version(EncounterStatus.INPROGRESS, ADMIT, null), "A", EncounterLocationStatus.ACTIVE, null, null);
        Stays.Visit reopened = Stays.replay("v", List.of(a01, a03, a13));
        assertNull(reopened.discharged());
        assertNull(reopened.stays().get(0).end());
        Stays.Visit discharged = Stays.replay("v", List.of(a01, a03));
        assertEquals(Instant.parse(MOVE), discharged.discharged());
        assertEquals(Instant.parse(MOVE), discharged.stays().get(0).end());
        Encounter a11 = unit(version(EncounterStatus.CANCELLED, ADMIT, null), "A", EncounterLocationStatus.COMPLETED, null, null);
        assertTrue(Stays.replay("v", List.of(a01, a11)).cancelled());
        Stays.Visit onlyTheDischarge = Stays.replay("v", List.of(a03));
        assertEquals(1, onlyTheDischarge.stays().size());
        assertEquals(Instant.parse(ADMIT), onlyTheDischarge.stays().get(0).start());
        assertEquals(Instant.parse(MOVE), onlyTheDischarge.stays().get(0).end());
    }
}
