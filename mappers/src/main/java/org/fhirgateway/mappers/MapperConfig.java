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

    /**
     * The code system of codes a sender gives under HL7 table {@code table} (CWE-3 {@code HL7nnnn}) that are not
     * in that table: the installation's local extension of the table, {@code identifierSystemBase} +
     * {@code v2-table-local:} + the table number (e.g. {@code urn:fhirgateway:authority:v2-table-local:0136}).
     */
    public String localTableSystem(String table) {
        return identifierSystemBase + "v2-table-local:" + table;
    }

    public MapperConfig withDefaultZone(ZoneId zone) {
        return new MapperConfig(zone, identifierSystemBase);
    }
}
