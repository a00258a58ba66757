package org.fhirgateway.server.ingest;

import java.nio.charset.Charset;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The receive side of the durable inbox: one committed insert per message, before its ACK is written.
 * A second message with the same sending facility and control id is stored as a duplicate row (never applied)
 * and answered with the first row's ACK.
 */
public final class Inbox {

    private static final String INSERT = "INSERT INTO inbox (sending_application, sending_facility, control_id,"
            + " dedup_slot, message_type, lane, merge_lane, received_at, status, raw, charset, ack_mode, ack_text,"
            + " duplicate_of) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** A message to store. {@code ack} is the ACK to keep on the row when it is known before storing. */
    public record Incoming(V2Header header, byte[] raw, Charset charset, AckMode mode, String ack) {
    }

    /** What storing did: a new row, or a duplicate of {@code id} whose ACK was {@code previousAck}. */
    public record Receipt(long id, boolean duplicate, String previousAck, InboxStatus previousStatus) {
    }

    private final DataSource dataSource;

    public Inbox(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Receipt store(Incoming message, OffsetDateTime now) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try {
                return new Receipt(insert(c, message, now, ""), false, null, null);
            } catch (SQLException e) {
                if (!isUniqueViolation(e)) {
                    throw e;
                }
            }
            return storeDuplicate(c, message, now);
        }
    }

    private Receipt storeDuplicate(Connection c, Incoming message, OffsetDateTime now) throws SQLException {
        V2Header h = message.header();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, status, ack_text FROM inbox"
                + " WHERE sending_facility = ? AND control_id = ? AND dedup_slot = ''")) {
            ps.setString(1, h.sendingFacility());
            ps.setString(2, h.controlId());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("duplicate key but no first row", "23505");
                }
                long first = rs.getLong(1);
                InboxStatus status = InboxStatus.fromDb(rs.getString(2));
                String ack = rs.getString(3);
                Incoming dup = new Incoming(h, message.raw(), message.charset(), message.mode(), ack);
                insertDuplicate(c, dup, now, first);
                return new Receipt(first, true, ack, status);
            }
        }
    }

    private void insertDuplicate(Connection c, Incoming m, OffsetDateTime now, long first) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            bind(ps, m, now, UUID.randomUUID().toString(), InboxStatus.DUPLICATE);
            ps.setLong(14, first);
            ps.executeUpdate();
        }
    }

    private long insert(Connection c, Incoming m, OffsetDateTime now, String slot) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT, new String[] {"id"})) {
            bind(ps, m, now, slot, InboxStatus.RECEIVED);
            ps.setNull(14, java.sql.Types.BIGINT);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private static void bind(PreparedStatement ps, Incoming m, OffsetDateTime now, String slot, InboxStatus status)
            throws SQLException {
        V2Header h = m.header();
        ps.setString(1, h.sendingApplication());
        ps.setString(2, h.sendingFacility());
        ps.setString(3, h.controlId());
        ps.setString(4, slot);
        ps.setString(5, h.messageType());
        ps.setString(6, h.lane());
        ps.setString(7, h.mergeKey().isEmpty() ? null : h.mergeKey());
        ps.setObject(8, now);
        ps.setString(9, status.db());
        ps.setBytes(10, m.raw());
        ps.setString(11, m.charset().name());
        ps.setString(12, m.mode().name());
        ps.setString(13, m.ack());
    }

    /** Keeps the ACK that was sent, so a duplicate gets the same answer. */
    public void recordAck(long id, String ack) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE inbox SET ack_text = ? WHERE id = ?")) {
            c.setAutoCommit(true);
            ps.setString(1, ack);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    /** The ACK kept on a row once its worker finished it, else null. */
    String storedAck(long id) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT ack_text FROM inbox WHERE id = ? AND status <> 'received'")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    static boolean isUniqueViolation(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && "23505".equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
