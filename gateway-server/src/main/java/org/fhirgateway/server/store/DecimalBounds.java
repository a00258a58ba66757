package org.fhirgateway.server.store;

import ca.uhn.fhir.util.FhirTerser;
import java.math.BigDecimal;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Resource;

/**
 * Refuses a resource carrying a decimal no clinical value needs and that would cost unbounded CPU: {@code 1e9999999}
 * is nine characters of JSON, but HAPI writes a decimal in plain notation, ten million digits, every time the
 * resource is encoded (stored, answered, exported). Checked before the resource is copied or encoded; GW-STORE-006.
 */
public final class DecimalBounds {

    /** Digits before the point, and after it: far beyond any measurement, small enough to print. */
    public static final int MAX_DIGITS = 100;

    private DecimalBounds() {
    }

    /** Whether the value has at most {@link #MAX_DIGITS} digits before and after the point (cheap to ask). */
    public static boolean inRange(BigDecimal value) {
        return (long) value.precision() - value.scale() <= MAX_DIGITS && value.scale() <= MAX_DIGITS;
    }

    static void check(FhirTerser terser, Resource resource) {
        for (DecimalType decimal : terser.getAllPopulatedChildElementsOfType(resource, DecimalType.class)) {
            BigDecimal value = decimal.getValue();
            if (value != null && !inRange(value)) {
                throw new StoreException(StoreError.INVALID_RESOURCE, "a " + resource.fhirType() + " decimal is out"
                        + " of range (at most " + MAX_DIGITS + " digits before and after the point)");
            }
        }
    }
}
