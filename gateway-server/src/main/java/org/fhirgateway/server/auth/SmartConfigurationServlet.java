package org.fhirgateway.server.auth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/** {@code GET /.well-known/smart-configuration}: how SMART Backend Services clients get a token here. */
final class SmartConfigurationServlet extends HttpServlet {

    private final transient EndpointUrls urls;

    SmartConfigurationServlet(EndpointUrls urls) {
        this.urls = urls;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ObjectNode body = JsonResponses.JSON.createObjectNode();
        body.put("issuer", AccessTokens.ISSUER);
        body.put("token_endpoint", urls.tokenEndpoint(request));
        strings(body.putArray("grant_types_supported"), List.of("client_credentials"));
        strings(body.putArray("token_endpoint_auth_methods_supported"), List.of("private_key_jwt"));
        strings(body.putArray("token_endpoint_auth_signing_alg_values_supported"),
                AssertionVerifier.ALGORITHMS.stream().map(Object::toString).sorted().toList());
        // per-type scopes (system/Patient.read, ...) work too; the wildcards are listed as the general form
        strings(body.putArray("scopes_supported"), List.of("system/*.read", "system/*.write", "system/*.*"));
        strings(body.putArray("capabilities"), List.of("client-confidential-asymmetric", "permission-v1"));
        JsonResponses.write(response, 200, "application/json", body);
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
