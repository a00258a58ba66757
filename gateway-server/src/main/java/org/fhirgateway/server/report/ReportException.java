package org.fhirgateway.server.report;

/** A report that cannot be made as asked: a stable {@code GW-REPORT-*} code and the HTTP status it means. */
public final class ReportException extends RuntimeException {

    private final String code;
    private final int status;

    public ReportException(String code, int status, String message) {
        super(code + ": " + message);
        this.code = code;
        this.status = status;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }
}
