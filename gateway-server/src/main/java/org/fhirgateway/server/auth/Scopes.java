package org.fhirgateway.server.auth;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/** SMART system scopes ({@code system/<Type|*>.<read|write|*>}): coverage and the grant of a token request. */
final class Scopes {

    private Scopes() {}

    /** Splits a space-separated scope string; blanks are dropped. */
    static Set<String> parse(String scopeParameter) {
        if (scopeParameter == null) {
            return Set.of();
        }
        return Arrays.stream(scopeParameter.trim().split("\\s+"))
                .filter(s -> !s.isBlank())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    static String join(Set<String> scopes) {
        return String.join(" ", scopes);
    }

    /**
     * The scopes to grant: each requested scope the client is allowed in full, and for a requested wildcard the
     * allowed scopes it covers (asking {@code system/*.read} with {@code system/Patient.read} allowed grants the latter).
     */
    static Set<String> grant(Set<String> requested, Set<String> allowed) {
        Set<String> granted = new LinkedHashSet<>();
        for (String wanted : requested) {
            if (allowed.stream().anyMatch(a -> covers(a, wanted))) {
                granted.add(wanted);
            } else {
                allowed.stream().filter(a -> covers(wanted, a)).sorted().forEach(granted::add);
            }
        }
        return granted;
    }

    /** Whether holding {@code held} implies {@code wanted}; false for anything that is not a system scope. */
    static boolean covers(String held, String wanted) {
        String[] h = split(held);
        String[] w = split(wanted);
        if (h == null || w == null) {
            return false;
        }
        return (h[0].equals("*") || h[0].equals(w[0])) && (h[1].equals("*") || h[1].equals(w[1]));
    }

    private static String[] split(String scope) {
        if (!scope.startsWith("system/")) {
            return null;
        }
        String rest = scope.substring("system/".length());
        int dot = rest.lastIndexOf('.');
        if (dot <= 0 || dot == rest.length() - 1) {
            return null;
        }
        return new String[] {rest.substring(0, dot), rest.substring(dot + 1)};
    }
}
