package org.fhirgateway.server.console.records;

import java.util.HashMap;
import java.util.Map;
import org.fhirgateway.server.consent.SecurityLabel;

/** Security labels in words: the confidentiality codes and sensitivity categories the gateway assigns. */
final class Labels {

    private static final Map<SecurityLabel, String> TEXT = new HashMap<>();

    static {
        TEXT.put(SecurityLabel.NORMAL, "normal confidentiality");
        TEXT.put(SecurityLabel.RESTRICTED, "restricted");
        TEXT.put(SecurityLabel.VERY_RESTRICTED, "very restricted");
        TEXT.put(SecurityLabel.HIV, "HIV/AIDS information");
        TEXT.put(SecurityLabel.SUBSTANCE_USE, "substance use information");
        TEXT.put(SecurityLabel.MENTAL_HEALTH, "mental health information");
        TEXT.put(SecurityLabel.SEXUAL_DOMESTIC_VIOLENCE, "sexual and domestic violence information");
        TEXT.put(SecurityLabel.REPRODUCTIVE_HEALTH, "sexuality and reproductive health information");
        TEXT.put(SecurityLabel.PART_2, "substance use treatment records (42 CFR Part 2)");
        TEXT.put(SecurityLabel.MASKED, "masked");
        TEXT.put(SecurityLabel.PSEUDONYMISED, "pseudonymised");
        TEXT.put(SecurityLabel.EMERGENCY_TREATMENT, "released for emergency treatment");
    }

    private Labels() {
    }

    /** The label in words, with its code ({@code code} alone when the system is unknown or absent). */
    static String text(String system, String code) {
        String text = system == null ? null : TEXT.get(new SecurityLabel(system, code));
        return text == null ? String.valueOf(code) : text + " (" + code + ")";
    }
}
