package org.fhirgateway.server.consent;

import java.util.Objects;
import java.util.Set;

/**
 * A FHIR security label (a {@code meta.security} Coding) as the gateway uses it: confidentiality from
 * v3-Confidentiality, sensitivity and privacy law from v3-ActCode, purpose of use from v3-ActReason. The
 * {@link #key()} form {@code system|code} is how labels are named in the configuration and in the index.
 */
public record SecurityLabel(String system, String code) {

    public static final String CONFIDENTIALITY = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";
    public static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    public static final String ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
    /** Integrity and handling marks such as {@code MASKED} and {@code PSEUDED}. */
    public static final String OBSERVATION_VALUE = "http://terminology.hl7.org/CodeSystem/v3-ObservationValue";

    /** Confidentiality: normal, restricted, very restricted. */
    public static final SecurityLabel NORMAL = new SecurityLabel(CONFIDENTIALITY, "N");
    public static final SecurityLabel RESTRICTED = new SecurityLabel(CONFIDENTIALITY, "R");
    public static final SecurityLabel VERY_RESTRICTED = new SecurityLabel(CONFIDENTIALITY, "V");

    /** Sensitivity categories (v3 ActInformationSensitivityPolicy). */
    public static final SecurityLabel HIV = new SecurityLabel(ACT_CODE, "HIV");
    public static final SecurityLabel SUBSTANCE_USE = new SecurityLabel(ACT_CODE, "ETH");
    public static final SecurityLabel MENTAL_HEALTH = new SecurityLabel(ACT_CODE, "PSY");
    public static final SecurityLabel SEXUAL_DOMESTIC_VIOLENCE = new SecurityLabel(ACT_CODE, "SDV");
    public static final SecurityLabel REPRODUCTIVE_HEALTH = new SecurityLabel(ACT_CODE, "SEX");
    /** Substance-use treatment records under 42 CFR Part 2 (v3 ActPrivacyLaw). */
    public static final SecurityLabel PART_2 = new SecurityLabel(ACT_CODE, "42CFRPart2");

    /** Marks on what the gateway changed before release. */
    public static final SecurityLabel MASKED = new SecurityLabel(OBSERVATION_VALUE, "MASKED");
    public static final SecurityLabel PSEUDONYMISED = new SecurityLabel(OBSERVATION_VALUE, "PSEUDED");
    /** The purpose of use of a break-the-glass release, put on what it released. */
    public static final SecurityLabel EMERGENCY_TREATMENT = new SecurityLabel(ACT_REASON, "ETREAT");

    /** Every sensitivity category the labeller assigns. */
    public static final Set<SecurityLabel> SENSITIVITY = Set.of(HIV, SUBSTANCE_USE, MENTAL_HEALTH,
            SEXUAL_DOMESTIC_VIOLENCE, REPRODUCTIVE_HEALTH, PART_2);

    public SecurityLabel {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(code, "code");
    }

    /** Parses {@code system|code}. */
    public static SecurityLabel parse(String key) {
        int bar = key.indexOf('|');
        if (bar <= 0 || bar == key.length() - 1) {
            throw new IllegalArgumentException("a security label is system|code");
        }
        return new SecurityLabel(key.substring(0, bar), key.substring(bar + 1));
    }

    public String key() {
        return system + "|" + code;
    }

    public boolean isConfidentiality() {
        return CONFIDENTIALITY.equals(system);
    }

    @Override
    public String toString() {
        return key();
    }
}
