package org.fhirgateway.server.auth;

/**
 * A refusal of the token endpoint, as RFC 6749 section 5.2 names it. The description is safe to show the
 * client (it never holds a token or key material).
 */
final class TokenError extends Exception {

    static final String INVALID_REQUEST = "invalid_request";
    static final String INVALID_CLIENT = "invalid_client";
    static final String INVALID_GRANT = "invalid_grant";
    static final String INVALID_SCOPE = "invalid_scope";
    static final String UNSUPPORTED_GRANT_TYPE = "unsupported_grant_type";

    private final String code;

    TokenError(String code, String description) {
        super(description);
        this.code = code;
    }

    String code() {
        return code;
    }

    /** 401 for a client that could not be authenticated, 400 for everything else. */
    int httpStatus() {
        return INVALID_CLIENT.equals(code) ? 401 : 400;
    }
}
