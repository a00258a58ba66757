package org.fhirgateway.server.store;

/** An If-Match version check failed (the REST layer answers 412 Precondition Failed). */
public final class VersionConflictException extends StoreException {

    private static final long serialVersionUID = 1L;

    private final long expectedVersion;
    private final long currentVersion;

    public VersionConflictException(String type, String id, long expectedVersion, long currentVersion) {
        super(StoreError.VERSION_CONFLICT, type + "/" + id + " is at version " + currentVersion
                + ", not the expected " + expectedVersion);
        this.expectedVersion = expectedVersion;
        this.currentVersion = currentVersion;
    }

    public long expectedVersion() {
        return expectedVersion;
    }

    /** The current version, or 0 when the resource does not exist. */
    public long currentVersion() {
        return currentVersion;
    }
}
