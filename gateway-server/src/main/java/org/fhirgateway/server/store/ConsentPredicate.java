package org.fhirgateway.server.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.consent.ConsentRule;
import org.fhirgateway.server.consent.SecurityLabel;

/**
 * The consent decision as one SQL predicate on a resource row, rendered once here for every path that lets data
 * out (search, include, chain and {@code _has} targets, {@code $everything}, read, vread, history, export): a row
 * passes when
 * <ol>
 *   <li>none of its labels is withheld by the client's policy, or the patient opted in to each withheld one (for
 *       42 CFR Part 2 records the opt-in must name the recipient), and no later applicable deny undid the
 *       opt-in; and</li>
 *   <li>no applicable deny of the patient covers it (all of their data, or a category it is labelled with) unless a
 *       later applicable permit of the same scope undid it.</li>
 * </ol>
 * A rule applies when its purpose (null: any), recipient (null: any) and period match the request. An
 * unrestricted policy and break-the-glass get no predicate. The rows' {@code patient_id} and {@code labels} columns
 * are written with each version (V60), so no index table is joined.
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
        List<Object> binds = new ArrayList<>();
        Set<SecurityLabel> withheld = ctx.policy().effectiveWithheld();
        String withheldArray = LabelHashes.arrayLiteral(withheld);
        long part2 = LabelHashes.of(SecurityLabel.PART_2);
        StringBuilder sql = new StringBuilder("((NOT (").append(labelsColumn).append(" && ").append(withheldArray)
                .append(") OR NOT EXISTS (SELECT 1 FROM unnest(").append(labelsColumn).append(") AS cw(h) WHERE cw.h = ANY(")
                .append(withheldArray).append(") AND NOT EXISTS (SELECT 1 FROM consent_rule cp WHERE cp.patient_id = ")
                .append(patientColumn).append(" AND cp.label = cw.h AND cp.permit AND (cw.h <> ").append(part2)
                .append(" OR cp.recipient IS NOT NULL) AND ");
        applies(sql, binds, "cp", ctx, now);
        sql.append(" AND NOT EXISTS (SELECT 1 FROM consent_rule cd WHERE cd.patient_id = ").append(patientColumn)
                .append(" AND cd.label = cw.h AND NOT cd.permit AND cd.rank > cp.rank AND ");
        applies(sql, binds, "cd", ctx, now);
        sql.append(")))) AND (").append(patientColumn)
                .append(" IS NULL OR NOT EXISTS (SELECT 1 FROM consent_rule xd WHERE xd.patient_id = ")
                .append(patientColumn).append(" AND NOT xd.permit AND (xd.label IS NULL OR xd.label = ANY(")
                .append(labelsColumn).append(")) AND ");
        applies(sql, binds, "xd", ctx, now);
        sql.append(" AND NOT EXISTS (SELECT 1 FROM consent_rule xp WHERE xp.patient_id = ").append(patientColumn)
                .append(" AND xp.permit AND xp.label IS NOT DISTINCT FROM xd.label AND xp.rank > xd.rank AND ");
        applies(sql, binds, "xp", ctx, now);
        sql.append("))))");
        return new Fragment(sql.toString(), binds);
    }

    private static void applies(StringBuilder sql, List<Object> binds, String a, AccessContext ctx, long now) {
        sql.append("(").append(a).append(".purpose IS NULL OR ").append(a).append(".purpose = ?) AND (").append(a)
                .append(".recipient IS NULL OR ").append(a).append(".recipient IN (?, ?)) AND (").append(a)
                .append(".starts IS NULL OR ").append(a).append(".starts <= ?) AND (").append(a)
                .append(".ends IS NULL OR ").append(a).append(".ends > ?)");
        binds.add(ctx.purposeOfUse());
        binds.add(ConsentRule.clientRecipient(ctx.clientName()));
        binds.add(ctx.organization() == null ? NO_ORGANISATION : ctx.organization());
        binds.add(now);
        binds.add(now);
    }
}
