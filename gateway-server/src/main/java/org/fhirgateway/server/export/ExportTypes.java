package org.fhirgateway.server.export;

import java.util.ArrayList;
import java.util.List;
import org.fhirgateway.server.store.ServedTypes;

/**
 * Which types an export covers. A system export: every served type the owner may read. Patient and Group exports:
 * the types of the Patient compartment, each selected by the search parameter that names the patient.
 */
final class ExportTypes {

    /** Never exported: the accounting of disclosures is for operators, and Groups define cohorts, not data. */
    private static final List<String> NEVER = List.of("AuditEvent");

    private ExportTypes() {
    }

    static boolean inCompartment(String type) {
        return patientParameter(type) != null;
    }

    static String patientParameter(String type) {
        return ServedTypes.find(type).map(ServedTypes.ServedType::patientParameter).orElse(null);
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
