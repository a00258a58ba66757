package org.fhirgateway.server.consent;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ResourceType;

/**
 * The value transforms of Safe Harbor, each on one element in place: dates to their year, ages over 89 to
 * "90 or more", a postal code to its three-digit prefix, a reference to its pseudonym.
 */
final class SafeHarborValues {

    static final String UCUM = "http://unitsofmeasure.org";
    /** The youngest age that must be aggregated: 45 CFR 164.514(b)(2)(i)(C), "all ages over 89". */
    static final int OLDEST_KEPT_AGE = 89;

    /** {@code Type/id}, optionally {@code /_history/version}: a relative reference to a resource of this server. */
    private static final Pattern RELATIVE = Pattern.compile(
            "([A-Z][A-Za-z]{1,63})/([A-Za-z0-9\\-.]{1,64})(/_history/[A-Za-z0-9\\-.]{1,64})?");
    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    private static final Set<String> US = Set.of("US", "USA", "UNITED STATES", "UNITED STATES OF AMERICA");

    private final Set<String> lowPopulationZip3;

    SafeHarborValues(Set<String> lowPopulationZip3) {
        this.lowPopulationZip3 = Set.copyOf(lowPopulationZip3);
    }

    /**
     * Reduces a date or dateTime to its year as the sender wrote it (no time-zone shift can move it to a
     * neighbouring year), with YEAR precision, which both {@code date} and {@code dateTime} allow.
     */
    static void foldToYear(BaseDateTimeType date) {
        String text = date.getValueAsString();
        if (text == null || text.length() < 4) {
            date.setValueAsString(null);
            return;
        }
        date.setValueAsString(text.substring(0, 4));
    }

    /**
     * Folds an age of 90 years or more to {@code >= 90 a}. Applies to {@code Age} and to any plain Quantity
     * in UCUM time units (an Observation of age, a Range bound): over-folding a duration of 90 years is harmless.
     *
     * @return whether the quantity was folded
     */
    static boolean foldOldAge(Quantity quantity, boolean isAge) {
        if (!quantity.hasValue()) {
            return false;
        }
        Optional<BigDecimal> years = years(quantity, isAge);
        if (years.isEmpty() || years.get().compareTo(BigDecimal.valueOf(OLDEST_KEPT_AGE + 1L)) < 0) {
            return false;
        }
        quantity.setValue(OLDEST_KEPT_AGE + 1L);
        quantity.setComparator(Quantity.QuantityComparator.GREATER_OR_EQUAL);
        quantity.setSystem(UCUM).setCode("a").setUnit("years");
        return true;
    }

    private static Optional<BigDecimal> years(Quantity quantity, boolean isAge) {
        String unit = quantity.hasCode() ? quantity.getCode() : quantity.getUnit();
        BigDecimal value = quantity.getValue();
        if (unit == null || unit.isBlank()) {
            return isAge ? Optional.of(value) : Optional.empty();
        }
        switch (unit.trim().toLowerCase(Locale.ROOT)) {
            case "a", "yr", "yrs", "y", "year", "years":
                return Optional.of(value);
            case "mo", "month", "months":
                return Optional.of(value.divide(BigDecimal.valueOf(12), java.math.MathContext.DECIMAL64));
            case "wk", "week", "weeks":
                return Optional.of(value.divide(BigDecimal.valueOf(52), java.math.MathContext.DECIMAL64));
            case "d", "day", "days":
                return Optional.of(value.divide(BigDecimal.valueOf(365), java.math.MathContext.DECIMAL64));
            default:
                return Optional.empty();
        }
    }

    /**
     * The postal code Safe Harbor allows: the first three digits of a US ZIP code, {@code 000} when those three
     * digits name an area of 20,000 people or fewer; empty (remove it) for anything else, including postal codes
     * of other countries, for which no population table is known.
     */
    Optional<String> postalCode(Address address) {
        String code = address.getPostalCode();
        if (code == null) {
            return Optional.empty();
        }
        String country = address.hasCountry() ? address.getCountry().trim().toUpperCase(Locale.ROOT) : "US";
        String digits = code.trim();
        if (!US.contains(country) || digits.length() < 3 || !digits.substring(0, 3).chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        String prefix = digits.substring(0, 3);
        return Optional.of(lowPopulationZip3.contains(prefix) ? "000" : prefix);
    }

    /**
     * Rewrites a reference: {@code Type/id} (any version dropped) to {@code Type/} + pseudonym; a contained
     * {@code #id} kept; anything else (an absolute URL, a {@code urn:}, a conditional reference) removed.
     * {@code display} and {@code identifier} are always removed, and an in-memory target resource detached.
     */
    static void pseudonymise(Reference reference, Pseudonyms ids) {
        reference.setDisplay(null);
        reference.setIdentifier(null);
        String target = reference.getReference();
        if (target != null && !target.startsWith("#")) {
            reference.setResource(null);
            Matcher relative = RELATIVE.matcher(target);
            if (relative.matches() && isResourceType(relative.group(1))) {
                reference.setReference(relative.group(1) + "/" + pseudonym(ids, relative.group(1), relative.group(2)));
            } else {
                reference.setReference(null);
            }
        }
    }

    /** The pseudonym of a real id, checked to be a valid FHIR id that differs from the real one. */
    static String pseudonym(Pseudonyms ids, String type, String id) {
        String pseudonym = ids.pseudonym(type, id);
        if (pseudonym == null || !FHIR_ID.matcher(pseudonym).matches() || pseudonym.equals(id)) {
            throw new IllegalStateException("the pseudonym of a " + type + " id is not a valid FHIR id distinct from it");
        }
        return pseudonym;
    }

    private static boolean isResourceType(String type) {
        try {
            ResourceType.fromCode(type);
            return true;
        } catch (org.hl7.fhir.exceptions.FHIRException unknown) {
            return false;
        }
    }
}
