package org.fhirgateway.server.ingest;

import java.nio.charset.Charset;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * What administrators see and do with the inbox: list rows with filters and keyset paging (newest first),
 * read one with its raw text, bundle and touched resources, and replay a failed one. Values are bound;
 * column names come from code only.
 */
public final class InboxAdmin {

    /** A page request. Every filter is optional (null); {@code before} is the keyset position (an id). */
    public record Query(InboxStatus status, String sender, String event, OffsetDateTime since, OffsetDateTime until,
            Long before, int count) {
    }

    /** One row as listed. {@code sender} is "application|facility". */
    public record Summary(long id, InboxStatus status, String sender, String controlId, String messageType,
            OffsetDateTime receivedAt, OffsetDateTime processedAt, String errorCode, String errorText, Long duplicateOf) {
    }

    /** One row in full. */
    public record Detail(Summary summary, String raw, Acks acks, String bundleJson, List<String> touched) {
    }

    /** The ACK sent (ack) and, in enhanced mode, the application acknowledgment made after applying. */
    public record Acks(String ack, String applicationAck) {
    }

    /** @param next the keyset position of the next page, or null when this is the last */
    public record Page(List<Summary> rows, Long next) {
    }

    private static final String COLUMNS = "id, status, sending_application, sending_facility, control_id, message_type,"
            + " received_at, processed_at, error_code, error_text, duplicate_of";

    private final DataSource dataSource;

    public InboxAdmin(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Page list(Query q) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM inbox WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        add(sql, args, q.status() == null ? null : q.status().db(), " AND status = ?");
        add(sql, args, q.event(), " AND (message_type = ? OR message_type LIKE ?)");
        if (q.event() != null) {
            args.add("%^" + q.event());
        }
        if (q.sender() != null) {
            sql.append(" AND (sending_facility = ? OR sending_application = ?)");
            args.add(q.sender());
            args.add(q.sender());
        }
        add(sql, args, q.since(), " AND received_at >= ?");
        add(sql, args, q.until(), " AND received_at < ?");
        add(sql, args, q.before(), " AND id < ?");
        sql.append(" ORDER BY id DESC FETCH FIRST ? ROWS ONLY");
        args.add(q.count() + 1);
        List<Summary> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
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

    public Optional<Detail> get(long id) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                + ", raw, charset, ack_text, app_ack_text, bundle_json, touched FROM inbox WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String raw = new String(rs.getBytes("raw"), Charset.forName(rs.getString("charset")));
                String touched = rs.getString("touched");
                Acks acks = new Acks(rs.getString("ack_text"), rs.getString("app_ack_text"));
                return Optional.of(new Detail(summary(rs), raw, acks, rs.getString("bundle_json"),
                        touched == null || touched.isEmpty() ? List.of() : List.of(touched.split("\n"))));
            }
        }
    }

    /** Puts a failed row back in its lane (it is applied after anything received before it). False if not failed. */
    public boolean replay(long id) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE inbox SET status = 'received' WHERE id = ? AND status = 'failed'")) {
            ps.setLong(1, id);
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
        return new Summary(rs.getLong("id"), InboxStatus.fromDb(rs.getString("status")),
                rs.getString("sending_application") + "|" + rs.getString("sending_facility"), rs.getString("control_id"),
                rs.getString("message_type"), rs.getObject("received_at", OffsetDateTime.class),
                rs.getObject("processed_at", OffsetDateTime.class), rs.getString("error_code"),
                rs.getString("error_text"), duplicateOf);
    }
}
