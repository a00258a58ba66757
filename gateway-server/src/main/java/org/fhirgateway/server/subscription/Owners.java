package org.fhirgateway.server.subscription;

import java.util.Optional;
import org.fhirgateway.server.consent.AccessContext;

/**
 * The AccessContext of a subscription's owner as the configuration defines it now (its scopes, purpose and release
 * policy), rebuilt at every delivery; empty when the client is no longer configured. Given by the application.
 */
public interface Owners {

    Optional<AccessContext> current(String clientName);
}
