package org.fhirgateway.server.console.records;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.fhirgateway.server.consent.ConsentRules;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

/**
 * One of a patient's Consents as the privacy page lists it: in force, expired, not yet in force, or not active,
 * and its rules in words (the base decision and its exceptions, each with its recipients, purposes, categories of
 * data and period). Only an active patient-privacy Consent sets rules the gateway applies
 * ({@link ConsentRules}); the others are listed for the record, marked so.
 *
 * @param state one of {@code in-force}, {@code expired}, {@code not-yet}, {@code inactive}, {@code not-privacy}
 * @param rules the base provision first, then each exception
 */
public record ConsentSummary(String id, String status, String state, String recorded, String period, List<String> rules) {

    static ConsentSummary of(Consent consent, Instant now) {
        Consent.ProvisionComponent base = consent.getProvision();
        List<String> rules = new ArrayList<>();
        if (consent.hasProvision()) {
            rules.add(describe(base, "Base rule"));
            for (Consent.ProvisionComponent nested : base.getProvision()) {
                rules.add(describe(nested, "Exception"));
            }
        }
        return new ConsentSummary(consent.getIdElement().getIdPart(),
                consent.getStatus() == null ? "unknown" : consent.getStatus().toCode(), state(consent, now),
                consent.hasDateTime() ? consent.getDateTimeElement().getValueAsString() : "",
                period(base.getPeriod()), rules);
    }

    /** Whether it sets rules now (in force); the page lists these first. */
    public boolean inForce() {
        return "in-force".equals(state);
    }

    /** The state in words, for the page. */
    public String stateText() {
        return switch (state) {
            case "in-force" -> "in force";
            case "expired" -> "expired";
            case "not-yet" -> "not yet in force";
            case "not-privacy" -> "not a privacy consent (sets no release rule)";
            default -> "not active (" + status + ")";
        };
    }

    private static String state(Consent consent, Instant now) {
        if (consent.getStatus() != Consent.ConsentState.ACTIVE) {
            return "inactive";
        }
        if (!ConsentRules.isPrivacy(consent)) {
            return "not-privacy";
        }
        Period p = consent.getProvision().getPeriod();
        if (p.hasStart() && p.getStart().toInstant().isAfter(now)) {
            return "not-yet";
        }
        if (p.hasEnd() && Instant.ofEpochMilli(ConsentRules.end(p)).isBefore(now)) {
            return "expired";
        }
        return "in-force";
    }

    private static String describe(Consent.ProvisionComponent p, String what) {
        StringBuilder s = new StringBuilder(what).append(": ")
                .append(p.getType() == Consent.ConsentProvisionType.PERMIT ? "permit" : "deny");
        s.append(" release to ").append(recipients(p));
        List<String> purposes = p.getPurpose().stream().filter(Coding::hasCode).map(c -> Purposes.text(c.getCode()))
                .toList();
        s.append(purposes.isEmpty() ? ", for any purpose" : ", for " + String.join(" or ", purposes));
        List<String> labels = p.getSecurityLabel().stream().filter(Coding::hasCode)
                .map(c -> Labels.text(c.getSystem(), c.getCode())).toList();
        s.append(labels.isEmpty() ? ", of all data" : ", of " + String.join(", ", labels));
        String period = period(p.getPeriod());
        if (!period.isEmpty()) {
            s.append(", ").append(period);
        }
        return s.toString();
    }

    private static String recipients(Consent.ProvisionComponent p) {
        if (p.getActor().isEmpty()) {
            return "any recipient";
        }
        List<String> out = new ArrayList<>();
        for (Consent.provisionActorComponent actor : p.getActor()) {
            Reference who = actor.getReference();
            if (who.hasIdentifier() && ConsentRules.CLIENT_SYSTEM.equals(who.getIdentifier().getSystem())) {
                out.add("client " + who.getIdentifier().getValue());
            } else if (who.hasReference()) {
                out.add(who.getReference());
            } else {
                out.add(who.hasDisplay() ? who.getDisplay() : "an unnamed recipient");
            }
        }
        return String.join(" or ", out);
    }

    private static String period(Period p) {
        if (p == null || (!p.hasStart() && !p.hasEnd())) {
            return "";
        }
        return (p.hasStart() ? "from " + p.getStartElement().getValueAsString() : "")
                + (p.hasStart() && p.hasEnd() ? " " : "")
                + (p.hasEnd() ? "until " + p.getEndElement().getValueAsString() : "");
    }
}
