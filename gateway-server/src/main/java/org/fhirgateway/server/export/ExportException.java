package org.fhirgateway.server.export;

/**
 * A refused or failed export request, with the HTTP status to answer and a stable code at the start of the message
 * (GW-EXPORT-001 ...). Messages name parameters and types, never values that could identify a patient.
 */
public final class ExportException extends RuntimeException {

    private final int status;

    ExportException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** The OperationOutcome issue type for the status. */
    public String issueCode() {
        return switch (status) {
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 410 -> "deleted";
            default -> "invalid";
        };
    }

    static ExportException invalid(String code, String message) {
        return new ExportException(400, code + ": " + message);
    }
}
