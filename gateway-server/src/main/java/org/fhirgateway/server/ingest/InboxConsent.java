package org.fhirgateway.server.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.store.ConsentPredicate;

/**
 * The consent rules applied to the message administration API: a raw v2 message discloses everything its resources
 * hold, so a caller sees a message only when it may see every resource the message wrote, judged by the same
 * predicate as a search ({@link ConsentPredicate}) on each resource's current patient and labels. A message is
 * judged when it is listed, so a later opt-out or a patient's new restriction withholds its old messages too.
 *
 * <p>A message that wrote nothing (received, failed, skipped, a duplicate) has no known patient: its summary (no
 * patient data) is listed, but its text and mapped bundle go to unrestricted callers only. So does the text of any
 * message for a caller whose policy masks or de-identifies: v2 text cannot be masked field by field safely.
 */
final class InboxConsent {


    private InboxConsent() {
    }

    /** A predicate on inbox row {@code row}: true when the caller may see it; null when nothing is withheld. */
    static ConsentPredicate.Fragment visible(AccessContext ctx, String row, long now) {
        if (ctx.unfiltered()) {
            return null;
        }
        ConsentPredicate.Fragment resource = ConsentPredicate.of(ctx, "mx.patient_id", "mx.labels", now);
        List<Object> binds = new ArrayList<>(resource.binds());
        StringBuilder sql = new StringBuilder("NOT EXISTS (SELECT 1").append(written(row)).append(" WHERE ")
                .append(row).append(".touched IS NOT NULL AND ").append(row).append(".touched <> '' AND NOT (")
                .append(resource.sql());
        Set<String> types = ctx.policy().resourceTypes();
        if (!types.isEmpty()) {
            sql.append(" AND mx.res_type = ANY(?)");
            binds.add(types.toArray(new String[0]));
        }
        sql.append("))");
        return new ConsentPredicate.Fragment(sql.toString(), binds);
    }

    /** The patients whose resources the message wrote (for the accounting of a message read). */
    static String patientsOf(String row) {
        return "SELECT DISTINCT mx.patient_id" + written(row) + " WHERE mx.patient_id IS NOT NULL";
    }

    /**
     * The resources a message wrote, as {@code mx}: from the inbox row's {@code touched} list
     * ({@code Type/id/_history/n} lines).
     */
    private static String written(String row) {
        return " FROM unnest(string_to_array(" + row + ".touched, E'\\n')) AS mt(ref) JOIN resource mx"
                + " ON mx.res_type = split_part(mt.ref, '/', 1) AND mx.res_id = split_part(mt.ref, '/', 2)";
    }

    /** Whether the caller may be given a visible message's raw text and bundle, given whether it wrote anything. */
    static boolean textReleasable(AccessContext ctx, boolean wroteResources) {
        if (ctx.unfiltered()) {
            return true;
        }
        return wroteResources && !ctx.policy().deidentify() && ctx.policy().masks().isEmpty();
    }
}
