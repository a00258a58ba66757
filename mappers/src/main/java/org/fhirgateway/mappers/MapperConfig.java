package org.fhirgateway.mappers;

import java.time.ZoneId;
import java.util.Objects;

/**
 * Settings of the mappers.
 *
 * @param defaultZone the zone given to a v2 timestamp that carries no UTC offset (never guessed per value)
 * @param identifierSystemBase the base URI for identifier systems of v2 assigning authorities that carry
 *     only a namespace id (no OID, no URI), e.g. {@code urn:fhirgateway:authority:} + namespace
 */
public record MapperConfig(ZoneId defaultZone, String identifierSystemBase) {

    public static final String DEFAULT_IDENTIFIER_SYSTEM_BASE = "urn:fhirgateway:authority:";

    public MapperConfig {
        Objects.requireNonNull(defaultZone, "defaultZone");
        Objects.requireNonNull(identifierSystemBase, "identifierSystemBase");
    }

    public static MapperConfig defaults() {
        return new MapperConfig(ZoneId.systemDefault(), DEFAULT_IDENTIFIER_SYSTEM_BASE);
    }

    public MapperConfig withDefaultZone(ZoneId zone) {
        return new MapperConfig(zone, identifierSystemBase);
    }
}
