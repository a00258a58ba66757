package org.fhirgateway.server.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which types an export covers. A system export: every served type the owner may read. Patient and Group exports:
 * the types of the Patient compartment, each selected by the search parameter that names the patient.
 */
final class ExportTypes {

    /** Compartment types and the parameter that selects a patient's resources. */
    private static final Map<String, String> PATIENT_PARAMETER = Map.ofEntries(
            Map.entry("Patient", "_id"), Map.entry("Encounter", "patient"), Map.entry("Condition", "patient"),
            Map.entry("Procedure", "patient"), Map.entry("Observation", "patient"),
            Map.entry("DiagnosticReport", "patient"), Map.entry("AllergyIntolerance", "patient"),
            Map.entry("RelatedPerson", "patient"), Map.entry("Coverage", "patient"), Map.entry("Consent", "patient"),
            Map.entry("Provenance", "patient"));

    /** Never exported: the accounting of disclosures is for operators, and Groups define cohorts, not data. */
    private static final List<String> NEVER = List.of("AuditEvent");

    private ExportTypes() {
    }

    static boolean inCompartment(String type) {
        return PATIENT_PARAMETER.containsKey(type);
    }

    static String patientParameter(String type) {
        return PATIENT_PARAMETER.get(type);
    }

    /** The types a level may export, in the order served. */
    static List<String> candidates(List<String> served, String level) {
        List<String> out = new ArrayList<>();
        for (String type : served) {
            if (!NEVER.contains(type) && (ExportParameters.SYSTEM.equals(level) || inCompartment(type))) {
                out.add(type);
            }
        }
        return out;
    }
}
