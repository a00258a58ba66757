package org.fhirgateway.server.auth;

import com.nimbusds.jose.jwk.JWKSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A client the gateway knows, as declared in the configuration.
 *
 * @param name the client id: the {@code iss}/{@code sub} of its SMART assertions, and the name in AccessContext
 * @param staticToken a fixed bearer token for local use, or null when the client has none
 * @param scopes the SMART scopes it may hold, e.g. {@code system/Patient.read}, {@code system/*.write}
 * @param purposeOfUse its HL7 v3 PurposeOfUse: TREAT, HPAYMT, HOPERAT, PUBHLTH or HRESCH
 * @param jwks its public keys for SMART Backend Services, or null when it cannot use the token endpoint
 * @param organization the organisation it acts for ({@code Organization/<id>}), which a consent may name, or null
 */
public record ClientDefinition(
        String name, String staticToken, Set<String> scopes, String purposeOfUse, JWKSet jwks, String organization) {

    public ClientDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(purposeOfUse, "purposeOfUse");
        scopes = Set.copyOf(scopes);
    }

    public Optional<String> token() {
        return Optional.ofNullable(staticToken);
    }

    public Optional<JWKSet> publicKeys() {
        return Optional.ofNullable(jwks);
    }

    @Override
    public String toString() {
        return "ClientDefinition[" + name + ", scopes=" + scopes + ", purposeOfUse=" + purposeOfUse + "]";
    }
}
