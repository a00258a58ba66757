package org.fhirgateway.server.console.records;

import java.util.Map;

/** Purposes of use (v3 ActReason codes, as the clients and consents carry them) in the words of a letter. */
final class Purposes {

    private static final Map<String, String> TEXT = Map.of(
            "TREAT", "treatment",
            "ETREAT", "emergency treatment (break the glass)",
            "HPAYMT", "payment",
            "HOPERAT", "healthcare operations",
            "PUBHLTH", "public health",
            "HRESCH", "research");

    private Purposes() {
    }

    static String text(String code) {
        String text = TEXT.get(code);
        return text == null ? String.valueOf(code) : text + " (" + code + ")";
    }
}
