package org.fhirgateway.server.store;

/**
 * A conditional update by a business identifier matched a stored resource whose patient is not the incoming one
 * ({@link StoreError#BUSINESS_KEY_CONFLICT}, HTTP 409): nothing is written. Carries the stored resource and its
 * patient (ids only, never identifiers) so the caller can put the conflict on the data-quality work list.
 */
public final class BusinessKeyConflictException extends StoreException {

    private static final long serialVersionUID = 1L;

    private final String type;
    private final String storedId;
    private final String storedPatient;

    public BusinessKeyConflictException(String type, String storedId, String storedPatient) {
        super(StoreError.BUSINESS_KEY_CONFLICT, "conditional update on " + type + " matched " + type + "/" + storedId
                + ", which belongs to another patient; only a merge (A40) or a move (A45) changes its patient");
        this.type = type;
        this.storedId = storedId;
        this.storedPatient = storedPatient;
    }

    /** The resource type of the conditional write. */
    public String resourceType() {
        return type;
    }

    /** The id of the stored resource the business key belongs to. */
    public String storedId() {
        return storedId;
    }

    /** The id of the Patient the stored resource belongs to. */
    public String storedPatient() {
        return storedPatient;
    }
}
