package org.fhirgateway.server.console;

import java.util.Optional;
import org.fhirgateway.server.consent.AccessContext;

/**
 * Turns the token typed on the sign-in form into the caller's AccessContext, exactly as the API does for a bearer
 * token (the application wires the auth package's authenticator here); empty for an unknown token.
 */
@FunctionalInterface
public interface SignIn {

    Optional<AccessContext> authenticate(String token);
}
