package org.fhirgateway.server.store;

/**
 * Every error the store and search can raise, with a stable code and a category the REST layer maps to a status
 * (NOT_FOUND 404, GONE 410, PRECONDITION_FAILED 412, CONFLICT 409, INVALID 400, FORBIDDEN 403, INTERNAL 500).
 * Codes never change meaning; new errors get new codes.
 */
public enum StoreError {
    RESOURCE_NOT_FOUND("GW-STORE-001", Category.NOT_FOUND),
    RESOURCE_DELETED("GW-STORE-002", Category.GONE),
    VERSION_NOT_FOUND("GW-STORE-003", Category.NOT_FOUND),
    /** If-Match version is not the current one. */
    VERSION_CONFLICT("GW-STORE-004", Category.PRECONDITION_FAILED),
    /** A conditional create/update/delete matched more than one resource. */
    MULTIPLE_MATCHES("GW-STORE-005", Category.PRECONDITION_FAILED),
    INVALID_RESOURCE("GW-STORE-006", Category.INVALID),
    INVALID_BUNDLE("GW-STORE-007", Category.INVALID),
    /** A Subscription the gateway cannot serve: criteria, channel, endpoint, payload or status (docs/subscriptions.md). */
    INVALID_SUBSCRIPTION("GW-SUB-001", Category.INVALID),
    /** Only the client that created a Subscription (or an operator) may change or delete it. */
    NOT_SUBSCRIPTION_OWNER("GW-SUB-002", Category.FORBIDDEN),
    /** A reference inside a transaction points at nothing that exists or is created there. */
    UNRESOLVED_REFERENCE("GW-STORE-008", Category.INVALID),
    ACCESS_DENIED("GW-STORE-009", Category.FORBIDDEN),
    /** Concurrent writers kept colliding; the client may retry. */
    WRITE_CONFLICT("GW-STORE-010", Category.CONFLICT),
    DATABASE_ERROR("GW-STORE-011", Category.INTERNAL),
    UNSUPPORTED_OPERATION("GW-STORE-012", Category.INVALID),
    /** Conditional criteria with no search parameter that has a value would match everything. */
    EMPTY_CONDITION("GW-STORE-013", Category.INVALID),
    /**
     * A conditional write by a business identifier (visit number, order number...) matched a resource of another
     * patient: a business key never moves to another patient (only an A40 merge or an A45 move does that).
     */
    BUSINESS_KEY_CONFLICT("GW-STORE-014", Category.CONFLICT),

    UNKNOWN_SEARCH_PARAMETER("GW-SEARCH-001", Category.INVALID),
    UNSUPPORTED_MODIFIER("GW-SEARCH-002", Category.INVALID),
    INVALID_SEARCH_VALUE("GW-SEARCH-003", Category.INVALID),
    CHAIN_TOO_DEEP("GW-SEARCH-004", Category.INVALID),
    INVALID_PAGE_TOKEN("GW-SEARCH-005", Category.INVALID),
    UNKNOWN_RESOURCE_TYPE("GW-SEARCH-006", Category.INVALID),

    /** $validate named a profile that is neither R4's nor the gateway package's. */
    UNKNOWN_PROFILE("GW-VALIDATE-001", Category.INVALID),
    /** $validate's mode is not one the gateway validates (delete), or update came without the resource's id. */
    INVALID_VALIDATE_MODE("GW-VALIDATE-002", Category.INVALID),

    /** A de-identified client asked by a parameter that identifies people (name, identifier, telecom...). */
    IDENTIFYING_SEARCH("GW-CONSENT-002", Category.FORBIDDEN),
    /** The disclosure could not be recorded, so nothing was sent. */
    AUDIT_FAILED("GW-CONSENT-003", Category.UNAVAILABLE);

    /** How the REST layer should answer. */
    public enum Category { NOT_FOUND, GONE, PRECONDITION_FAILED, CONFLICT, INVALID, FORBIDDEN, INTERNAL, UNAVAILABLE }

    private final String code;
    private final Category category;

    StoreError(String code, Category category) {
        this.code = code;
        this.category = category;
    }

    public String code() {
        return code;
    }

    public Category category() {
        return category;
    }
}
