package org.fhirgateway.server.store;

/**
 * A failure of a store or search operation with a stable {@link StoreError}. Messages never contain patient data
 * (resource types, ids and parameter names only).
 */
public class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final StoreError error;

    public StoreException(StoreError error, String message) {
        super(error.code() + ": " + message);
        this.error = error;
    }

    public StoreException(StoreError error, String message, Throwable cause) {
        super(error.code() + ": " + message, cause);
        this.error = error;
    }

    public StoreError error() {
        return error;
    }

    public String code() {
        return error.code();
    }

    public StoreError.Category category() {
        return error.category();
    }
}
