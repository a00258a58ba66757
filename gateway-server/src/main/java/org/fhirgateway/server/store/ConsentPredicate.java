package org.fhirgateway.server.store;

import java.util.ArrayList;
import java.util.List;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.consent.ConsentRule;
import org.fhirgateway.server.consent.SecurityLabel;

/**
 * The consent decision as one SQL predicate on a resource row, rendered here for every path that lets data out
 * (search, include, chain and {@code _has} targets, {@code $everything}, read, vread, history, export, the message
 * administration API). For a row whose patient has consent rules it is a call of the database function
 * {@code consent_visible} (migration V61, where the rules are spelled out step by step), given the row's patient and
 * labels and the request's withheld labels, purpose, recipient and time; for the others, the test that none of its
 * labels is withheld. An unrestricted policy and break-the-glass get no predicate. The rows' {@code patient_id} and
 * {@code labels} columns are written with each version (V60), so no index table is joined.
 *
 * <p>The decision is not cached outside the database: the function reads {@code consent_rule} in the statement's
 * own snapshot, so a new opt-out holds from the very next statement on every node.
 */
public final class ConsentPredicate {

    /** SQL text with {@code ?} placeholders and their values, in order. */
    public record Fragment(String sql, List<Object> binds) {
    }

    /** Stands for "no organisation": a recipient value no rule can hold. */
    private static final String NO_ORGANISATION = "none:";

    private ConsentPredicate() {
    }

    /**
     * The predicate for {@code ctx} on a row whose patient id and label array are the given column expressions, at
     * {@code now} (epoch ms); null when nothing is filtered.
     */
    public static Fragment of(AccessContext ctx, String patientColumn, String labelsColumn, long now) {
        if (ctx.unfiltered()) {
            return null;
        }
        String withheld = LabelHashes.arrayLiteral(ctx.policy().effectiveWithheld());
        // Most rows belong to no patient or to one without any consent rule: decided here by one index probe and an
        // array test, the function is called for the others only (a call per row costs more than the probe).
        String sql = "CASE WHEN NOT EXISTS (SELECT 1 FROM consent_rule cr WHERE cr.patient_id = " + patientColumn
                + ") THEN NOT (" + labelsColumn + " && " + withheld + ") ELSE consent_visible(" + patientColumn + ", "
                + labelsColumn + ", " + withheld + ", " + LabelHashes.of(SecurityLabel.PART_2) + ", ?, ?, ?, ?) END";
        List<Object> binds = new ArrayList<>(4);
        binds.add(ctx.purposeOfUse());
        binds.add(ConsentRule.clientRecipient(ctx.clientName()));
        binds.add(ctx.organization() == null ? NO_ORGANISATION : ctx.organization());
        binds.add(now);
        return new Fragment(sql, binds);
    }
}
