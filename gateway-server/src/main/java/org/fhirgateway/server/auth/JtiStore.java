package org.fhirgateway.server.auth;

import java.time.Instant;

/** Where used assertion ids are remembered until the assertion expires. */
interface JtiStore {

    /** True the first time this client presents this jti; false for a replay. */
    boolean firstUse(String clientName, String jti, Instant expires);
}
