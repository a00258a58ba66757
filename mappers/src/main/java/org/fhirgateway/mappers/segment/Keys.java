package org.fhirgateway.mappers.segment;

import org.fhirgateway.mappers.datatype.Uris;
import org.hl7.fhir.r4.model.Identifier;

/**
 * Gateway keys for resources the message gives no identifier for: a name-based UUID of the fields that
 * identify the thing (patient, visit, code, time...), never of the whole segment, so a corrected or resent
 * message lands on the same resource. Carried as an identifier with the gateway's own system.
 */
public final class Keys {

    /** The identifier system of gateway-made keys. */
    public static final String SYSTEM = "urn:fhirgateway:key";

    private Keys() {
    }

    public static Identifier of(String type, String... parts) {
        StringBuilder text = new StringBuilder(type);
        for (String part : parts) {
            text.append('|').append(part == null ? "" : part);
        }
        return new Identifier().setSystem(SYSTEM).setValue(Uris.uuid(text.toString()));
    }

    public static boolean isGatewayKey(Identifier identifier) {
        return SYSTEM.equals(identifier.getSystem());
    }
}
