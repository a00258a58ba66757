package org.fhirgateway.server.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /auth/token}: the SMART Backend Services token endpoint (client_credentials with a
 * private_key_jwt client assertion). Answers RFC 6749 JSON: a bearer access token, or an error code.
 */
final class TokenEndpointServlet extends HttpServlet {

    static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final Logger LOG = LoggerFactory.getLogger(TokenEndpointServlet.class);

    private final transient AssertionVerifier verifier;
    private final transient AccessTokens tokens;
    private final transient EndpointUrls urls;

    TokenEndpointServlet(AssertionVerifier verifier, AccessTokens tokens, EndpointUrls urls) {
        this.verifier = verifier;
        this.tokens = tokens;
        this.urls = urls;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            AccessTokens.Issued issued = issue(request);
            ObjectNode body = JsonResponses.JSON.createObjectNode()
                    .put("access_token", issued.token()).put("token_type", "bearer")
                    .put("expires_in", issued.expiresIn().toSeconds()).put("scope", Scopes.join(issued.scopes()));
            JsonResponses.write(response, 200, "application/json", body);
        } catch (TokenError e) {
            LOG.info("token request refused: {}", e.code());
            ObjectNode body = JsonResponses.JSON.createObjectNode().put("error", e.code()).put("error_description", e.getMessage());
            JsonResponses.write(response, e.httpStatus(), "application/json", body);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Allow", "POST");
        ObjectNode body = JsonResponses.JSON.createObjectNode().put("error", TokenError.INVALID_REQUEST)
                .put("error_description", "use POST with application/x-www-form-urlencoded");
        JsonResponses.write(response, 405, "application/json", body);
    }

    private AccessTokens.Issued issue(HttpServletRequest request) throws TokenError {
        String contentType = String.valueOf(request.getContentType());
        if (!contentType.startsWith("application/x-www-form-urlencoded")) {
            throw new TokenError(TokenError.INVALID_REQUEST, "the body must be application/x-www-form-urlencoded");
        }
        if (!"client_credentials".equals(request.getParameter("grant_type"))) {
            throw new TokenError(TokenError.UNSUPPORTED_GRANT_TYPE, "grant_type must be client_credentials");
        }
        if (!ASSERTION_TYPE.equals(request.getParameter("client_assertion_type"))) {
            throw new TokenError(TokenError.INVALID_REQUEST, "client_assertion_type must be " + ASSERTION_TYPE);
        }
        String assertion = request.getParameter("client_assertion");
        if (assertion == null || assertion.isBlank()) {
            throw new TokenError(TokenError.INVALID_REQUEST, "client_assertion is required");
        }
        Set<String> requested = Scopes.parse(request.getParameter("scope"));
        if (requested.isEmpty()) {
            throw new TokenError(TokenError.INVALID_SCOPE, "scope is required");
        }
        ClientDefinition client = verifier.verify(assertion, urls.acceptedAudiences(request));
        Set<String> granted = Scopes.grant(requested, client.scopes());
        if (granted.isEmpty()) {
            throw new TokenError(TokenError.INVALID_SCOPE, "none of the requested scopes is allowed for this client");
        }
        return tokens.issue(client.name(), granted);
    }
}
