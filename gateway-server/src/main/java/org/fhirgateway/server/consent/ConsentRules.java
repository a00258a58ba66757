package org.fhirgateway.server.consent;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

/**
 * Reads a FHIR R4 {@code Consent} as the rules it sets. Only an active privacy consent ({@code scope}
 * patient-privacy) about a Patient sets rules; any other sets none. The base provision is one decision; each
 * nested provision is an exception to it, ranked above it. A provision's actors are its recipients (a reference to
 * an {@code Organization}, or an identifier in {@link #CLIENT_SYSTEM} naming a configured client), its purposes
 * limit it to those purposes of use, its security labels to those categories of data; several of each make one
 * rule per combination. A permit for 42 CFR Part 2 records also permits their substance-use label.
 */
public final class ConsentRules {

    /** Identifier system naming a configured client as a consent's actor. */
    public static final String CLIENT_SYSTEM = "http://fhirgateway.org/fhir/client";
    static final String SCOPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/consentscope";

    private ConsentRules() {
    }

    /** The rules the consent sets (none when it is not an active patient-privacy consent about a Patient). */
    public static List<ConsentRule> of(Consent consent, long lastUpdated) {
        String patientId = patientId(consent);
        if (patientId == null || consent.getStatus() != Consent.ConsentState.ACTIVE || !isPrivacy(consent)
                || !consent.hasProvision()) {
            return List.of();
        }
        long recorded = consent.hasDateTime() ? consent.getDateTime().getTime() : lastUpdated;
        List<ConsentRule> rules = new ArrayList<>();
        Consent.ProvisionComponent base = consent.getProvision();
        // ranks: the consent's time in milliseconds, times 4, plus the depth, so exceptions outrank their base
        // and a later consent outranks every rule of an earlier one
        add(rules, patientId, base, null, base.getType() != Consent.ConsentProvisionType.PERMIT, recorded * 4);
        for (Consent.ProvisionComponent nested : base.getProvision()) {
            add(rules, patientId, nested, base.getPeriod(), nested.getType() != Consent.ConsentProvisionType.PERMIT,
                    recorded * 4 + 1);
        }
        return rules;
    }

    public static boolean isPrivacy(Consent consent) {
        for (Coding c : consent.getScope().getCoding()) {
            if (SCOPE_SYSTEM.equals(c.getSystem()) && "patient-privacy".equals(c.getCode())) {
                return true;
            }
        }
        return false;
    }

    /** The id of the Patient the consent is about, or null. */
    public static String patientId(Consent consent) {
        Reference patient = consent.getPatient();
        String ref = patient.getReference();
        if (ref == null || !ref.startsWith("Patient/")) {
            return null;
        }
        String id = ref.substring("Patient/".length());
        int history = id.indexOf("/_history");
        return history < 0 ? id : id.substring(0, history);
    }

    private static void add(List<ConsentRule> rules, String patientId, Consent.ProvisionComponent p,
            Period outer, boolean deny, long rank) {
        Long starts = later(start(p.getPeriod()), start(outer));
        Long ends = earlier(end(p.getPeriod()), end(outer));
        for (String recipient : orAny(recipients(p))) {
            for (String purpose : orAny(purposes(p))) {
                for (SecurityLabel label : orAny(labels(p))) {
                    rules.add(new ConsentRule(patientId, !deny, purpose, recipient, label, starts, ends, rank));
                    if (!deny && SecurityLabel.PART_2.equals(label)) {
                        rules.add(new ConsentRule(patientId, true, purpose, recipient, SecurityLabel.SUBSTANCE_USE,
                                starts, ends, rank));
                    }
                }
            }
        }
    }

    private static List<String> recipients(Consent.ProvisionComponent p) {
        List<String> out = new ArrayList<>();
        for (Consent.provisionActorComponent actor : p.getActor()) {
            Reference who = actor.getReference();
            if (who.hasReference() && who.getReference().startsWith("Organization/")) {
                out.add(who.getReference());
            } else if (who.hasIdentifier() && CLIENT_SYSTEM.equals(who.getIdentifier().getSystem())
                    && who.getIdentifier().hasValue()) {
                out.add(ConsentRule.clientRecipient(who.getIdentifier().getValue()));
            } else {
                // an actor the gateway cannot name: the provision applies to no recipient it knows (never to all)
                out.add("unknown:" + who.getReference());
            }
        }
        return out;
    }

    private static List<String> purposes(Consent.ProvisionComponent p) {
        return p.getPurpose().stream().filter(Coding::hasCode).map(Coding::getCode).toList();
    }

    private static List<SecurityLabel> labels(Consent.ProvisionComponent p) {
        List<SecurityLabel> out = new ArrayList<>();
        for (Coding c : p.getSecurityLabel()) {
            if (c.hasSystem() && c.hasCode()) {
                out.add(new SecurityLabel(c.getSystem(), c.getCode()));
            }
        }
        return out;
    }

    /** The values, or one null (any) when there are none. */
    private static <T> List<T> orAny(List<T> values) {
        List<T> out = new ArrayList<>(values);
        if (out.isEmpty()) {
            out.add(null);
        }
        return out;
    }

    private static Long start(Period p) {
        return p != null && p.hasStart() ? p.getStart().getTime() : null;
    }

    /**
     * The first instant after the period (epoch milliseconds), or null without an end: an end of
     * {@code 2026-12-31} includes that whole day. Public for the console, which says which consents expired.
     */
    public static Long end(Period p) {
        if (p == null || !p.hasEnd()) {
            return null;
        }
        java.util.Calendar after = java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone("UTC"));
        after.setTime(p.getEnd());
        switch (p.getEndElement().getPrecision()) {
            case YEAR -> after.add(java.util.Calendar.YEAR, 1);
            case MONTH -> after.add(java.util.Calendar.MONTH, 1);
            case DAY -> after.add(java.util.Calendar.DAY_OF_MONTH, 1);
            default -> after.add(java.util.Calendar.MILLISECOND, 1);
        }
        return after.getTimeInMillis();
    }

    private static Long later(Long a, Long b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return Long.valueOf(Math.max(a, b));
    }

    private static Long earlier(Long a, Long b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return Long.valueOf(Math.min(a, b));
    }
}
