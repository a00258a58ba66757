package org.fhirgateway.server.rest;

import ca.uhn.fhir.rest.api.MethodOutcome;
import org.fhirgateway.server.store.WriteOutcome;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Resource;

/**
 * A store write as HAPI's MethodOutcome: versioned id (Location, ETag), created or not (201/200), the stored
 * resource and an informational OperationOutcome, so {@code Prefer: return=minimal|representation|OperationOutcome}
 * can each be honoured.
 */
final class WriteOutcomes {

    private WriteOutcomes() {}

    static MethodOutcome toMethodOutcome(WriteOutcome outcome) {
        MethodOutcome result = new MethodOutcome(new IdType(outcome.type(), outcome.id(), String.valueOf(outcome.version())));
        result.setCreated(outcome.kind() == WriteOutcome.Kind.CREATED);
        if (outcome.resource() != null) {
            result.setResource(withVersionedId(outcome.resource(), outcome.type(), outcome.id(), outcome.version()));
        }
        result.setOperationOutcome(information(describe(outcome)));
        return result;
    }

    static MethodOutcome deleted(WriteOutcome outcome) {
        MethodOutcome result = new MethodOutcome();
        String text = outcome.kind() == WriteOutcome.Kind.DELETED
                ? "deleted " + outcome.type() + "/" + outcome.id()
                : "nothing to delete";
        result.setOperationOutcome(information(text));
        return result;
    }

    static Resource withVersionedId(Resource resource, String type, String id, long version) {
        resource.setId(new IdType(type, id, String.valueOf(version)));
        return resource;
    }

    private static String describe(WriteOutcome outcome) {
        String ref = outcome.versionedReference();
        return switch (outcome.kind()) {
            case CREATED -> "created " + ref;
            case UPDATED -> "updated " + ref;
            case UNCHANGED -> "unchanged (identical content) " + ref;
            case MATCHED -> "matched existing " + ref + " (If-None-Exist)";
            case DELETED, NOTHING_DELETED -> ref;
        };
    }

    static OperationOutcome information(String text) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(IssueSeverity.INFORMATION).setCode(IssueType.INFORMATIONAL).setDiagnostics(text);
        return outcome;
    }
}
