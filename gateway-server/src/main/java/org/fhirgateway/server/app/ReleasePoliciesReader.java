package org.fhirgateway.server.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fhirgateway.server.consent.FieldMasks;
import org.fhirgateway.server.consent.ReleasePolicies;
import org.fhirgateway.server.consent.ReleasePolicy;
import org.fhirgateway.server.consent.SecurityLabel;

/**
 * Reads {@code releasePolicies} of the configuration file (see docs/consent.md): a list of policies, the first
 * that governs a client and purpose applying. Absent, the built-in {@link ReleasePolicies#defaults()} apply.
 * Labels are named by their short names ({@code HIV}, {@code ETH}, {@code PSY}, {@code SDV}, {@code SEX},
 * {@code 42CFRPart2}, {@code R}, {@code V}) or as {@code system|code}.
 */
final class ReleasePoliciesReader {

    private static final Set<String> KEYS = Set.of("name", "clients", "purposes", "resourceTypes", "withhold", "mask",
            "deidentify", "breakTheGlass", "unrestricted");
    static final Set<String> PURPOSES = Set.of("TREAT", "HPAYMT", "HOPERAT", "PUBHLTH", "HRESCH");
    private static final Map<String, SecurityLabel> SHORT_NAMES = Map.of(
            "HIV", SecurityLabel.HIV, "ETH", SecurityLabel.SUBSTANCE_USE, "PSY", SecurityLabel.MENTAL_HEALTH,
            "SDV", SecurityLabel.SEXUAL_DOMESTIC_VIOLENCE, "SEX", SecurityLabel.REPRODUCTIVE_HEALTH,
            "42CFRPart2", SecurityLabel.PART_2, "R", SecurityLabel.RESTRICTED, "V", SecurityLabel.VERY_RESTRICTED);

    private final String source;

    ReleasePoliciesReader(String source) {
        this.source = source;
    }

    ReleasePolicies read(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return ReleasePolicies.defaults();
        }
        if (!node.isArray()) {
            throw new ConfigException(source + ": releasePolicies must be a list");
        }
        List<ReleasePolicy> policies = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonNode p : node) {
            ReleasePolicy policy = policy(p);
            if (!names.add(policy.name())) {
                throw new ConfigException(source + ": release policy '" + policy.name() + "' is declared twice");
            }
            policies.add(policy);
        }
        return new ReleasePolicies(policies);
    }

    private ReleasePolicy policy(JsonNode p) {
        String name = p.path("name").asText("");
        if (name.isBlank()) {
            throw new ConfigException(source + ": every release policy needs a name");
        }
        p.fieldNames().forEachRemaining(key -> {
            if (!KEYS.contains(key)) {
                throw new ConfigException(source + ": release policy '" + name + "': unknown key '" + key + "'");
            }
        });
        Set<String> purposes = list(p, "purposes", name);
        for (String purpose : purposes) {
            if (!PURPOSES.contains(purpose)) {
                throw new ConfigException(source + ": release policy '" + name + "': purpose '" + purpose
                        + "' is not one of " + PURPOSES);
            }
        }
        Set<SecurityLabel> withheld = new LinkedHashSet<>();
        for (String label : list(p, "withhold", name)) {
            withheld.add(label(label, name));
        }
        List<String> masks = List.copyOf(list(p, "mask", name));
        try {
            FieldMasks.parse(masks);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source + ": release policy '" + name + "': mask: " + e.getMessage());
        }
        boolean deidentify = flag(p, "deidentify", name);
        boolean unrestricted = flag(p, "unrestricted", name);
        if (unrestricted && (!withheld.isEmpty() || !masks.isEmpty() || deidentify)) {
            throw new ConfigException(source + ": release policy '" + name
                    + "': an unrestricted policy cannot also withhold, mask or de-identify");
        }
        return new ReleasePolicy(name, list(p, "clients", name), purposes, list(p, "resourceTypes", name), withheld,
                masks, deidentify, flag(p, "breakTheGlass", name), unrestricted);
    }

    private SecurityLabel label(String value, String policy) {
        SecurityLabel known = SHORT_NAMES.get(value);
        if (known != null) {
            return known;
        }
        try {
            return SecurityLabel.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source + ": release policy '" + policy + "': label '" + value
                    + "' is neither one of " + new java.util.TreeSet<>(SHORT_NAMES.keySet()) + " nor system|code");
        }
    }

    private boolean flag(JsonNode p, String key, String policy) {
        JsonNode value = p.path(key);
        if (value.isMissingNode() || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new ConfigException(source + ": release policy '" + policy + "': " + key + " must be true or false");
        }
        return value.asBoolean();
    }

    private Set<String> list(JsonNode p, String key, String policy) {
        JsonNode value = p.path(key);
        Set<String> result = new LinkedHashSet<>();
        if (value.isMissingNode() || value.isNull()) {
            return result;
        }
        if (!value.isArray()) {
            throw new ConfigException(source + ": release policy '" + policy + "': " + key + " must be a list");
        }
        value.forEach(item -> result.add(item.asText()));
        return result;
    }
}
