package org.fhirgateway.server.ingest;

import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which stored messages a reprocessing job runs again; every filter is optional (null).
 *
 * @param sender MSH-4 (sending facility) or MSH-3 (sending application)
 * @param type {@code ADT^A01} (that type and event) or {@code ADT} (every event of the type)
 * @param since received at or after
 * @param until received before
 * @param statuses applied and/or failed
 */
record ReprocessSelection(String sender, String type, OffsetDateTime since, OffsetDateTime until,
        Set<InboxStatus> statuses) {

    /** The statuses a job may select: what was applied (to heal it) and what failed (it may apply now). */
    static final Set<InboxStatus> SELECTABLE = EnumSet.of(InboxStatus.APPLIED, InboxStatus.FAILED);

    String statusList() {
        return statuses.stream().sorted().map(InboxStatus::db).collect(Collectors.joining(","));
    }

    static Set<InboxStatus> statuses(String list) {
        Set<InboxStatus> out = EnumSet.noneOf(InboxStatus.class);
        for (String s : list.split(",")) {
            out.add(InboxStatus.fromDb(s.trim()));
        }
        return out;
    }

    /** Appends the selection as SQL on inbox alias {@code r}, up to inbox id {@code upto}; values are bound. */
    void where(StringBuilder sql, List<Object> args, String r, long upto) {
        sql.append(r).append(".id <= ? AND ").append(r).append(".status = ANY(?)");
        args.add(upto);
        args.add(statuses.stream().map(InboxStatus::db).toArray(String[]::new));
        if (sender != null) {
            sql.append(" AND (").append(r).append(".sending_facility = ? OR ").append(r)
                    .append(".sending_application = ?)");
            args.add(sender);
            args.add(sender);
        }
        if (type != null) {
            if (type.contains("^")) {
                sql.append(" AND ").append(r).append(".message_type = ?");
                args.add(type);
            } else {
                sql.append(" AND ").append(r).append(".message_type LIKE ?");
                args.add(type.replace("%", "").replace("_", "") + "^%");
            }
        }
        if (since != null) {
            sql.append(" AND ").append(r).append(".received_at >= ?");
            args.add(since);
        }
        if (until != null) {
            sql.append(" AND ").append(r).append(".received_at < ?");
            args.add(until);
        }
    }
}
