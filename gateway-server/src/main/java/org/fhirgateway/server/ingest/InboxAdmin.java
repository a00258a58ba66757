package org.fhirgateway.server.ingest;

import java.nio.charset.Charset;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.store.ConsentPredicate;
import org.fhirgateway.server.store.SqlArrays;

/**
 * What administrators see and do with the inbox: list rows with filters and keyset paging (newest first),
 * read one with its raw text, bundle and touched resources, and release a lane held by a failed message: replay it
 * or skip it. A received row behind a failed one of its lane shows {@code heldBy} (the failed row's id). Values are
 * bound; column names come from code only.
 */
public final class InboxAdmin {

    /**
     * A page request. Every filter is optional (null); {@code before} is the keyset position (an id);
     * {@code heldOnly}: only received rows held behind a failed one.
     */
    public record Query(InboxStatus status, String sender, String event, OffsetDateTime since, OffsetDateTime until,
            Long before, int count, boolean heldOnly) {

        public Query(InboxStatus status, String sender, String event, OffsetDateTime since, OffsetDateTime until,
                Long before, int count) {
            this(status, sender, event, since, until, before, count, false);
        }
    }

    /**
     * One row as listed. {@code sender} is "application|facility"; {@code heldBy} the failed row holding this
     * received row, or null; {@code releasedBy}/{@code releasedAt} who last replayed or skipped it, and when.
     */
    public record Summary(long id, InboxStatus status, String sender, String controlId, String messageType,
            OffsetDateTime receivedAt, OffsetDateTime processedAt, String errorCode, String errorText, Long duplicateOf,
            Long heldBy, String releasedBy, OffsetDateTime releasedAt) {

        /** {@code held} for a held row, else the stored status. */
        public String displayStatus() {
            return heldBy != null ? "held" : status.db();
        }
    }

    /**
     * One row in full. {@code raw} and {@code bundleJson} are null when the caller may not be given the text
     * ({@code textWithheld}, see {@link InboxConsent}); {@code patients} are those whose resources the message wrote.
     */
    public record Detail(Summary summary, String raw, Acks acks, String bundleJson, List<String> touched,
            boolean textWithheld, List<String> patients) {
    }

    /** The ACK sent (ack) and, in enhanced mode, the application acknowledgment made after applying. */
    public record Acks(String ack, String applicationAck) {
    }

    /** @param next the keyset position of the next page, or null when this is the last */
    public record Page(List<Summary> rows, Long next) {
    }

    private static final String COLUMNS = "r.id, r.status, r.sending_application, r.sending_facility, r.control_id,"
            + " r.message_type, r.received_at, r.processed_at, r.error_code, r.error_text, r.duplicate_of,"
            + " r.released_by, r.released_at, CASE WHEN r.status = 'received' THEN " + InboxQueue.heldBy("r")
            + " END AS held_by";

    private final DataSource dataSource;

    public InboxAdmin(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A page as the gateway itself sees it (nothing withheld). */
    public Page list(Query q) throws SQLException {
        return list(q, AccessContext.system());
    }

    /** A page of the rows {@code caller} may see (a message whose resources it may not all see is left out). */
    public Page list(Query q, AccessContext caller) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM inbox r WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        consent(sql, args, caller);
        add(sql, args, q.status() == null ? null : q.status().db(), " AND r.status = ?");
        if (q.heldOnly()) {
            sql.append(" AND r.status = 'received' AND ").append(InboxQueue.heldBy("r")).append(" IS NOT NULL");
        }
        add(sql, args, q.event(), " AND (r.message_type = ? OR r.message_type LIKE ?)");
        if (q.event() != null) {
            args.add("%^" + q.event());
        }
        if (q.sender() != null) {
            sql.append(" AND (r.sending_facility = ? OR r.sending_application = ?)");
            args.add(q.sender());
            args.add(q.sender());
        }
        add(sql, args, q.since(), " AND r.received_at >= ?");
        add(sql, args, q.until(), " AND r.received_at < ?");
        add(sql, args, q.before(), " AND r.id < ?");
        sql.append(" ORDER BY r.id DESC FETCH FIRST ? ROWS ONLY");
        args.add(q.count() + 1);
        List<Summary> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(summary(rs));
                }
            }
        }
        Long next = null;
        if (rows.size() > q.count()) {
            rows.remove(rows.size() - 1);
            next = rows.get(rows.size() - 1).id();
        }
        return new Page(rows, next);
    }

    /** One row as the gateway itself sees it. */
    public Optional<Detail> get(long id) throws SQLException {
        return get(id, AccessContext.system());
    }

    /** One row, if {@code caller} may see it; empty as well when the row does not exist. */
    public Optional<Detail> get(long id, AccessContext caller) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + ", r.raw, r.charset, r.ack_text, r.app_ack_text,"
                + " r.bundle_json, r.touched, ARRAY(" + InboxConsent.patientsOf("r") + ") AS patients"
                + " FROM inbox r WHERE r.id = ?");
        List<Object> args = new ArrayList<>(List.of(id));
        consent(sql, args, caller);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String touched = rs.getString("touched");
                List<String> wrote = touched == null || touched.isEmpty() ? List.of() : List.of(touched.split("\n"));
                boolean release = InboxConsent.textReleasable(caller, !wrote.isEmpty());
                String raw = release ? new String(rs.getBytes("raw"), Charset.forName(rs.getString("charset"))) : null;
                Acks acks = new Acks(rs.getString("ack_text"), rs.getString("app_ack_text"));
                List<String> patients = SqlArrays.strings(rs.getArray("patients"));
                return Optional.of(new Detail(summary(rs), raw, acks, release ? rs.getString("bundle_json") : null,
                        wrote, !release, patients));
            }
        }
    }

    private static void consent(StringBuilder sql, List<Object> args, AccessContext caller) {
        ConsentPredicate.Fragment visible = InboxConsent.visible(caller, "r", System.currentTimeMillis());
        if (visible != null) {
            sql.append(" AND ").append(visible.sql());
            args.addAll(visible.binds());
        }
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            ps.setObject(i + 1, args.get(i));
        }
    }

    /** Puts a failed row back in its lane (it is applied after anything received before it). False if not failed. */
    public boolean replay(long id) throws SQLException {
        return replay(id, null);
    }

    /**
     * Puts a failed row back in its lane: it is applied before the rows it held, which then follow in receive order.
     * An unsupported row (it held nothing) goes back the same way, to be mapped by mappers that now support it.
     * False if it is neither failed nor unsupported. {@code by}: the administrator's client name (kept as released_by), or null.
     */
    public boolean replay(long id, String by) throws SQLException {
        return release(id, InboxStatus.RECEIVED, by, "'failed', 'unsupported'");
    }

    /**
     * Skips a failed row: it becomes {@code skipped} (final, kept) and its lane is released, the held rows are applied
     * in receive order. False if it is not failed. {@code by}: the administrator's client name, or null.
     */
    public boolean skip(long id, String by) throws SQLException {
        return release(id, InboxStatus.SKIPPED, by, "'failed'");
    }

    /** @param from the statuses the row may be released from, as SQL literals (from code only) */
    private boolean release(long id, InboxStatus to, String by, String from) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("UPDATE inbox"
                + " SET status = ?, released_by = ?, released_at = ? WHERE id = ? AND status IN (" + from + ")")) {
            c.setAutoCommit(true);
            ps.setString(1, to.db());
            ps.setString(2, by == null ? null : by.length() > 200 ? by.substring(0, 200) : by);
            ps.setObject(3, OffsetDateTime.now(ZoneOffset.UTC));
            ps.setLong(4, id);
            return ps.executeUpdate() == 1;
        }
    }

    private static void add(StringBuilder sql, List<Object> args, Object value, String clause) {
        if (value != null) {
            sql.append(clause);
            args.add(value);
        }
    }

    private static Summary summary(ResultSet rs) throws SQLException {
        long dup = rs.getLong("duplicate_of");
        Long duplicateOf = rs.wasNull() ? null : dup;
        long held = rs.getLong("held_by");
        Long heldBy = rs.wasNull() ? null : held;
        return new Summary(rs.getLong("id"), InboxStatus.fromDb(rs.getString("status")),
                rs.getString("sending_application") + "|" + rs.getString("sending_facility"), rs.getString("control_id"),
                rs.getString("message_type"), rs.getObject("received_at", OffsetDateTime.class),
                rs.getObject("processed_at", OffsetDateTime.class), rs.getString("error_code"),
                rs.getString("error_text"), duplicateOf, heldBy, rs.getString("released_by"),
                rs.getObject("released_at", OffsetDateTime.class));
    }
}
