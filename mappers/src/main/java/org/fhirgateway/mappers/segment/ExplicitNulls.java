package org.fhirgateway.mappers.segment;

import java.util.Map;
import org.fhirgateway.mappers.v2.Segment;
import org.hl7.fhir.r4.model.Reference;

/**
 * Which FHIR element each nullable v2 field maps to, per segment: a field sent as {@code ""} is recorded as
 * an explicit null of that element (the mappers already leave the element out, as "" reads as empty).
 */
final class ExplicitNulls {

    static final Map<Integer, String> PID = Map.ofEntries(
            Map.entry(5, "Patient.name"),
            Map.entry(6, "Patient.extension:mothersMaidenName"),
            Map.entry(7, "Patient.birthDate"),
            Map.entry(8, "Patient.gender"),
            Map.entry(11, "Patient.address"),
            Map.entry(13, "Patient.telecom"),
            Map.entry(14, "Patient.telecom"),
            Map.entry(15, "Patient.communication"),
            Map.entry(16, "Patient.maritalStatus"),
            Map.entry(24, "Patient.multipleBirth"),
            Map.entry(25, "Patient.multipleBirth"),
            Map.entry(29, "Patient.deceased"),
            Map.entry(30, "Patient.deceased"));
    static final Map<Integer, String> PV1 = Map.ofEntries(
            Map.entry(3, "Encounter.location"),
            Map.entry(6, "Encounter.location"),
            Map.entry(7, "Encounter.participant"),
            Map.entry(8, "Encounter.participant"),
            Map.entry(9, "Encounter.participant"),
            Map.entry(17, "Encounter.participant"),
            Map.entry(10, "Encounter.serviceType"),
            Map.entry(14, "Encounter.hospitalization.admitSource"),
            Map.entry(36, "Encounter.hospitalization.dischargeDisposition"),
            Map.entry(44, "Encounter.period.start"),
            Map.entry(45, "Encounter.period.end"));
    static final Map<Integer, String> DG1 = Map.of(
            5, "Condition.onset",
            6, "Encounter.diagnosis.use",
            15, "Encounter.diagnosis.rank",
            16, "Condition.asserter");
    static final Map<Integer, String> OBX = Map.of(
            5, "Observation.value",
            7, "Observation.referenceRange",
            8, "Observation.interpretation",
            14, "Observation.effective",
            16, "Observation.performer");

    private ExplicitNulls() {
    }

    static void record(MessageContext context, Segment segment, Reference target, Map<Integer, String> elements) {
        for (int field = 1; field <= segment.fieldCount(); field++) {
            if (segment.isExplicitNull(field)) {
                String element = elements.get(field);
                if (element != null) {
                    context.explicitNull(segment, field, target, element);
                }
            }
        }
    }
}
