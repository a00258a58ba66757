package org.fhirgateway.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The accounting of disclosures ({@code disclosure}, V60) and the pseudonyms given to de-identified clients
 * ({@code pseudonym}). A release records its disclosure, and the pseudonyms it handed out, in one transaction
 * before the response is sent: when that fails the caller sends nothing ({@link StoreError#AUDIT_FAILED}).
 */
public final class DisclosureLog {

    private static final String COLUMNS = "disclosure_id, disclosed_at, client_name, purpose, policy, interaction, "
            + "query, patients, resources, rules, break_glass, reviewed_at, reviewed_by, review_note";

    private final DataSource dataSource;

    public DisclosureLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** One release of patient data, as recorded. */
    public record Disclosure(long id, long at, String client, String purpose, String policy, String interaction,
            String query, List<String> patients, List<String> resources, List<String> rules, boolean breakGlass,
            Long reviewedAt, String reviewedBy, String reviewNote) {
    }

    /** A pseudonymous id handed to a de-identified client, and the real id behind it. */
    public record Pseudonym(String client, String type, String pseudoId, String realId) {
    }

    /** Records one disclosure (its {@code id} is ignored) and the pseudonyms it gave; returns the new id. */
    public long record(Disclosure d, Collection<Pseudonym> pseudonyms) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                long id = insert(c, d);
                registerPseudonyms(c, pseudonyms);
                c.commit();
                return id;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException(StoreError.AUDIT_FAILED,
                    "the disclosure could not be recorded, so nothing was sent; retry later", e);
        }
    }

    private static long insert(Connection c, Disclosure d) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO disclosure (disclosed_at, client_name, purpose, "
                + "policy, interaction, query, patients, resources, rules, break_glass) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new String[] {"disclosure_id"})) {
            ps.setLong(1, d.at());
            ps.setString(2, d.client());
            ps.setString(3, d.purpose());
            ps.setString(4, d.policy());
            ps.setString(5, d.interaction());
            ps.setString(6, d.query());
            ps.setArray(7, c.createArrayOf("varchar", d.patients().toArray()));
            ps.setArray(8, c.createArrayOf("text", d.resources().toArray()));
            ps.setArray(9, c.createArrayOf("text", d.rules().toArray()));
            ps.setBoolean(10, d.breakGlass());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private static void registerPseudonyms(Connection c, Collection<Pseudonym> pseudonyms) throws SQLException {
        if (pseudonyms.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO pseudonym (client_name, res_type, pseudo_id, "
                + "res_id) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (Pseudonym p : pseudonyms) {
                ps.setString(1, p.client());
                ps.setString(2, p.type());
                ps.setString(3, p.pseudoId());
                ps.setString(4, p.realId());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The real id behind a pseudonym this client was given, if it was. */
    public Optional<String> realId(String client, String type, String pseudoId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT res_id FROM pseudonym WHERE client_name = ? AND res_type = ? AND pseudo_id = ?")) {
            ps.setString(1, client);
            ps.setString(2, type);
            ps.setString(3, pseudoId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException(StoreError.DATABASE_ERROR, "pseudonym lookup failed", e);
        }
    }

    /** What to list: null fields are not filtered on. Newest first, {@code count} at most, below {@code beforeId}. */
    public record Query(String patientId, Long from, Long to, String client, boolean pendingReviewOnly,
            Long beforeId, int count) {
    }

    public List<Disclosure> find(Query q) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM disclosure WHERE 1 = 1");
        List<Object> binds = new ArrayList<>();
        if (q.patientId() != null) {
            sql.append(" AND patients @> ARRAY[?]::varchar[]");
            binds.add(q.patientId());
        }
        if (q.from() != null) {
            sql.append(" AND disclosed_at >= ?");
            binds.add(q.from());
        }
        if (q.to() != null) {
            sql.append(" AND disclosed_at < ?");
            binds.add(q.to());
        }
        if (q.client() != null) {
            sql.append(" AND client_name = ?");
            binds.add(q.client());
        }
        if (q.pendingReviewOnly()) {
            sql.append(" AND break_glass AND reviewed_at IS NULL");
        }
        if (q.beforeId() != null) {
            sql.append(" AND disclosure_id < ?");
            binds.add(q.beforeId());
        }
        sql.append(" ORDER BY disclosure_id DESC LIMIT ?");
        binds.add(q.count());
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = HistoryReader.prepare(c, sql.toString(), binds);
                ResultSet rs = ps.executeQuery()) {
            List<Disclosure> out = new ArrayList<>();
            while (rs.next()) {
                out.add(row(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException(StoreError.DATABASE_ERROR, "disclosure query failed", e);
        }
    }

    public Optional<Disclosure> byId(long id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM disclosure WHERE disclosure_id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException(StoreError.DATABASE_ERROR, "disclosure read failed", e);
        }
    }

    /** Marks a break-the-glass disclosure reviewed; false when there is none with that id awaiting review. */
    public boolean markReviewed(long id, String reviewer, String note, long at) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("UPDATE disclosure SET "
                + "reviewed_at = ?, reviewed_by = ?, review_note = ? WHERE disclosure_id = ? AND break_glass "
                + "AND reviewed_at IS NULL")) {
            ps.setLong(1, at);
            ps.setString(2, reviewer);
            ps.setString(3, note);
            ps.setLong(4, id);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StoreException(StoreError.DATABASE_ERROR, "disclosure review failed", e);
        }
    }

    /**
     * The Consents that opt these patients in to these labels: the rule a release of withheld data rests on, as
     * {@code Consent/<id>}, for the record.
     */
    public List<String> optIns(Collection<String> patientIds, Collection<Long> labelHashes) {
        if (patientIds.isEmpty() || labelHashes.isEmpty()) {
            return List.of();
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT DISTINCT "
                + "r.res_id FROM consent_rule cr JOIN resource r ON r.res_pk = cr.consent_pk WHERE cr.patient_id = "
                + "ANY(?) AND cr.permit AND cr.label = ANY(?) ORDER BY r.res_id")) {
            ps.setArray(1, c.createArrayOf("varchar", patientIds.toArray()));
            ps.setArray(2, c.createArrayOf("bigint", labelHashes.toArray()));
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add("Consent/" + rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException(StoreError.AUDIT_FAILED, "the consent behind a disclosure could not be read", e);
        }
    }

    private static Disclosure row(ResultSet rs) throws SQLException {
        long reviewed = rs.getLong(12);
        Long reviewedAt = rs.wasNull() ? null : reviewed;
        return new Disclosure(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), SqlArrays.strings(rs.getArray(8)),
                SqlArrays.strings(rs.getArray(9)), SqlArrays.strings(rs.getArray(10)), rs.getBoolean(11), reviewedAt,
                rs.getString(13), rs.getString(14));
    }
}
