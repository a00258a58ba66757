package org.fhirgateway.server.ingest;

import java.util.List;
import org.fhirgateway.server.search.FhirSearch;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;

/**
 * A29 (delete person information) at apply time. Nothing is deleted: the mapped Patient is written inactive, and
 * this adds to the same transaction every stored resource of the person's record marked as entered in error
 * (Encounter, Procedure, Observation, DiagnosticReport and Coverage status; Condition and AllergyIntolerance
 * verification status, their clinical status removed as R4 requires), RelatedPersons inactive. Earlier versions stay in
 * the history and the raw message in the inbox, so the deletion can be audited and undone by a later message.
 */
final class PersonRetraction {

    static final String EVENT = "ADT^A29";
    private static final String CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status";
    private static final String ALLERGY_VERIFICATION =
            "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification";

    private final FhirSearch search;
    private final StoredRecords records;

    PersonRetraction(FhirSearch search) {
        this.search = search;
        this.records = new StoredRecords(search);
    }

    void complete(Bundle bundle) {
        if (!EVENT.equals(StoredRecords.messageType(bundle))) {
            return;
        }
        for (Bundle.BundleEntryComponent entry : List.copyOf(bundle.getEntry())) {
            if (entry.getResource() instanceof Patient && entry.getRequest().getUrl().contains("?")) {
                ApplyMerge.storedMatch(search, entry.getRequest().getUrl()).ifPresent(stored -> retract(bundle, stored));
            }
        }
    }

    private void retract(Bundle bundle, Resource patient) {
        String reference = "Patient/" + patient.getIdElement().getIdPart();
        for (StoredRecords.PatientReference ref : StoredRecords.PATIENT_RECORD) {
            records.each(ref.type(), ref.element(), reference, resource -> {
                Resource marked = resource.copy();
                if (markEnteredInError(marked)) {
                    StoredRecords.put(bundle, resource, marked);
                }
            });
        }
    }

    /** Marks one resource; false when it already is (nothing to write). */
    static boolean markEnteredInError(Resource resource) {
        if (resource instanceof Encounter encounter) {
            return set(encounter.getStatus() != Encounter.EncounterStatus.ENTEREDINERROR,
                    () -> encounter.setStatus(Encounter.EncounterStatus.ENTEREDINERROR));
        } else if (resource instanceof Procedure procedure) {
            return set(procedure.getStatus() != Procedure.ProcedureStatus.ENTEREDINERROR,
                    () -> procedure.setStatus(Procedure.ProcedureStatus.ENTEREDINERROR));
        } else if (resource instanceof Observation observation) {
            return set(observation.getStatus() != Observation.ObservationStatus.ENTEREDINERROR,
                    () -> observation.setStatus(Observation.ObservationStatus.ENTEREDINERROR));
        } else if (resource instanceof DiagnosticReport report) {
            return set(report.getStatus() != DiagnosticReport.DiagnosticReportStatus.ENTEREDINERROR,
                    () -> report.setStatus(DiagnosticReport.DiagnosticReportStatus.ENTEREDINERROR));
        } else if (resource instanceof Coverage coverage) {
            return set(coverage.getStatus() != Coverage.CoverageStatus.ENTEREDINERROR,
                    () -> coverage.setStatus(Coverage.CoverageStatus.ENTEREDINERROR));
        } else if (resource instanceof Condition condition) {
            return set(!isEnteredInError(condition.getVerificationStatus()), () -> {
                condition.setClinicalStatus(null);
                condition.setVerificationStatus(enteredInError(CONDITION_VERIFICATION));
            });
        } else if (resource instanceof AllergyIntolerance allergy) {
            return set(!isEnteredInError(allergy.getVerificationStatus()), () -> {
                allergy.setClinicalStatus(null);
                allergy.setVerificationStatus(enteredInError(ALLERGY_VERIFICATION));
            });
        } else if (resource instanceof RelatedPerson person) {
            return set(!person.hasActive() || person.getActive(), () -> person.setActive(false));
        }
        return false;
    }

    private static boolean set(boolean needed, Runnable change) {
        if (needed) {
            change.run();
        }
        return needed;
    }

    private static boolean isEnteredInError(CodeableConcept status) {
        return status != null && status.getCoding().stream().anyMatch(c -> "entered-in-error".equals(c.getCode()));
    }

    private static CodeableConcept enteredInError(String system) {
        CodeableConcept status = new CodeableConcept();
        status.addCoding().setSystem(system).setCode("entered-in-error").setDisplay("Entered in Error");
        return status;
    }
}
