package org.fhirgateway.server.store;

import java.util.List;
import java.util.Optional;

/**
 * The one list of resource types the gateway serves: every type a mapper writes plus the gateway's own (Consent,
 * Group, AuditEvent, Task, Subscription). The REST providers, the CapabilityStatement, the Bulk Data export, the
 * subscriptions and the ingest's merge and visit move all read it, so a type written is a type served.
 * Compartment membership for consent is not listed here: the index derives it from the R4 search parameters
 * (search.SearchParamRegistry), so each type's patient is found the way the search finds it.
 */
public final class ServedTypes {

    /**
     * One served type.
     *
     * @param name the R4 resource type
     * @param patientParameter the search parameter selecting one patient's resources of the type (export), or null
     *        when the type is not part of a patient's record
     * @param patientElement the element holding the patient reference that a merge (A40) or a move (A45) rewrites,
     *        or null when the ingest never re-points the type
     * @param visit true when the type points at its visit through an {@code encounter} search parameter, so a
     *        moved visit (A45) takes it along
     */
    public record ServedType(String name, String patientParameter, String patientElement, boolean visit) {

        /** True when the type is part of a patient's record that a merge re-points. */
        public boolean repointed() {
            return patientElement != null;
        }
    }

    private static final List<ServedType> ALL = List.of(
            new ServedType("Patient", "_id", null, false),
            new ServedType("Encounter", "patient", "subject", false),
            new ServedType("Condition", "patient", "subject", true),
            new ServedType("Procedure", "patient", "subject", true),
            new ServedType("Observation", "patient", "subject", true),
            new ServedType("DiagnosticReport", "patient", "subject", true),
            new ServedType("AllergyIntolerance", "patient", "patient", false),
            new ServedType("RelatedPerson", "patient", "patient", false),
            new ServedType("Coverage", "patient", "beneficiary", false),
            new ServedType("Practitioner", null, null, false),
            new ServedType("Organization", null, null, false),
            new ServedType("Location", null, null, false),
            new ServedType("Provenance", "patient", null, false),
            new ServedType("Consent", "patient", null, false),
            new ServedType("Group", null, null, false),
            new ServedType("AuditEvent", null, null, false),
            new ServedType("Task", null, null, false),
            new ServedType("Subscription", null, null, false),
            new ServedType("Device", "patient", "patient", false),
            new ServedType("ServiceRequest", "patient", "subject", true),
            new ServedType("Specimen", "patient", "subject", false),
            new ServedType("Immunization", "patient", "patient", false),
            new ServedType("DocumentReference", "patient", "subject", true),
            new ServedType("MedicationRequest", "patient", "subject", true),
            new ServedType("MedicationDispense", "patient", "subject", false),
            new ServedType("Medication", null, null, false),
            new ServedType("Appointment", "patient", null, false),
            new ServedType("Account", "patient", "subject", false),
            new ServedType("ChargeItem", "patient", "subject", false),
            new ServedType("PractitionerRole", null, null, false));

    private static final List<String> NAMES = ALL.stream().map(ServedType::name).toList();

    private ServedTypes() {
    }

    /** Every served type, in the order the CapabilityStatement lists them. */
    public static List<ServedType> all() {
        return ALL;
    }

    /** The names of every served type. */
    public static List<String> names() {
        return NAMES;
    }

    /** The served type of that name. */
    public static Optional<ServedType> find(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The types of a patient's record that a merge re-points, each with its patient element. */
    public static List<ServedType> patientRecord() {
        return ALL.stream().filter(ServedType::repointed).toList();
    }

    /** The types of a visit's record that a move takes to the visit's new patient. */
    public static List<ServedType> visitRecord() {
        return ALL.stream().filter(t -> t.visit() && t.repointed()).toList();
    }
}
