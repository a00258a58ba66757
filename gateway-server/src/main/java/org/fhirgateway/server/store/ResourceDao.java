package org.fhirgateway.server.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL on the resource, resource_version, change_log and conditional_identity tables. */
final class ResourceDao {

    private static final String ROW_COLUMNS = "res_pk, res_type, res_id, version, deleted, last_updated, content_hash";

    Optional<ResourceRow> find(Connection c, String type, String id) throws SQLException {
        return findRow(c, type, id, "");
    }

    /** Finds and locks the row until the transaction ends. */
    Optional<ResourceRow> findForUpdate(Connection c, String type, String id) throws SQLException {
        return findRow(c, type, id, " FOR UPDATE");
    }

    /** The compartment patient the row of a current resource is stored under (null for none or no row). */
    String patientOf(Connection c, String type, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT patient_id FROM resource WHERE res_type = ? AND res_id = ? AND deleted = FALSE")) {
            ps.setString(1, type);
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private Optional<ResourceRow> findRow(Connection c, String type, String id, String suffix) throws SQLException {
        String sql = "SELECT " + ROW_COLUMNS + " FROM resource WHERE res_type = ? AND res_id = ?" + suffix;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, type);
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    /**
     * Up to {@code limit} current (not deleted) rows after {@code afterPk} in key order: the Patients, or every
     * other type (store.Relabelling walks them so).
     */
    List<ResourceRow> currentAfter(Connection c, long afterPk, boolean patients, int limit) throws SQLException {
        List<ResourceRow> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + ROW_COLUMNS + " FROM resource WHERE res_pk > ?"
                + " AND deleted = FALSE AND (res_type = 'Patient') = ? ORDER BY res_pk LIMIT ?")) {
            ps.setLong(1, afterPk);
            ps.setBoolean(2, patients);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs));
                }
            }
        }
        return rows;
    }

    private static ResourceRow row(ResultSet rs) throws SQLException {
        return new ResourceRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getBoolean(5),
                rs.getLong(6), rs.getString(7));
    }

    /** What the consent predicates read on a row: its patient compartment and its label hashes (V60). */
    record Privacy(String patientId, Long[] labels) {
    }

    long insertResource(Connection c, ResourceRow row, Privacy privacy) throws SQLException {
        String sql = "INSERT INTO resource (res_type, res_id, version, deleted, last_updated, content_hash, "
                + "patient_id, labels) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement ps = c.prepareStatement(sql, new String[] {"res_pk"})) {
            ps.setString(1, row.type());
            ps.setString(2, row.id());
            ps.setLong(3, row.version());
            ps.setBoolean(4, row.deleted());
            ps.setLong(5, row.lastUpdated());
            ps.setString(6, row.contentHash());
            ps.setString(7, privacy.patientId());
            ps.setArray(8, c.createArrayOf("bigint", privacy.labels()));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** A new version of the row; {@code privacy} null keeps the stored patient and labels (a deletion). */
    void updateResource(Connection c, ResourceRow row, Privacy privacy) throws SQLException {
        String sql = "UPDATE resource SET version = ?, deleted = ?, last_updated = ?, content_hash = ?"
                + (privacy == null ? "" : ", patient_id = ?, labels = ?") + " WHERE res_pk = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, row.version());
            ps.setBoolean(2, row.deleted());
            ps.setLong(3, row.lastUpdated());
            ps.setString(4, row.contentHash());
            int next = 5;
            if (privacy != null) {
                ps.setString(next++, privacy.patientId());
                ps.setArray(next++, c.createArrayOf("bigint", privacy.labels()));
            }
            ps.setLong(next, row.pk());
            ps.executeUpdate();
        }
    }

    /** Sets a row's patient and labels where they differ (the re-labelling of an unchanged resource). */
    void updatePrivacy(Connection c, long pk, Privacy privacy) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE resource SET patient_id = ?, labels = ? WHERE res_pk = ?"
                + " AND (patient_id IS DISTINCT FROM ? OR labels <> ?)")) {
            Array labels = c.createArrayOf("bigint", privacy.labels());
            ps.setString(1, privacy.patientId());
            ps.setArray(2, labels);
            ps.setLong(3, pk);
            ps.setString(4, privacy.patientId());
            ps.setArray(5, labels);
            ps.executeUpdate();
        }
    }

    /** Sets one version's labels where they differ. */
    void updateVersionLabels(Connection c, long pk, long version, Long[] labels) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE resource_version SET labels = ? WHERE res_pk = ?"
                + " AND version = ? AND labels <> ?")) {
            Array array = c.createArrayOf("bigint", labels);
            ps.setArray(1, array);
            ps.setLong(2, pk);
            ps.setLong(3, version);
            ps.setArray(4, array);
            ps.executeUpdate();
        }
    }

    /** A version row to insert: the content is the stored form, null for a deletion. */
    record VersionRow(ResourceRow row, byte[] content, Long[] labels) {
    }

    /** A change-log entry to append: CREATE, UPDATE or DELETE of the row's version. */
    record ChangeRow(ResourceRow row, String operation) {
    }

    /** Inserts the version rows in one batch. */
    void insertVersions(Connection c, List<VersionRow> versions) throws SQLException {
        if (versions.isEmpty()) {
            return;
        }
        String sql = "INSERT INTO resource_version (res_pk, version, last_updated, deleted, content, labels) "
                + "VALUES (?, ?, ?, ?, ?, ?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (VersionRow v : versions) {
                ps.setLong(1, v.row().pk());
                ps.setLong(2, v.row().version());
                ps.setLong(3, v.row().lastUpdated());
                ps.setBoolean(4, v.row().deleted());
                ps.setBytes(5, v.content());
                ps.setArray(6, c.createArrayOf("bigint", v.labels()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Appends the change-log entries in one batch, in their order. */
    void appendChanges(Connection c, List<ChangeRow> changes) throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        String sql = "INSERT INTO change_log (res_pk, res_type, res_id, version, operation, changed_at) "
                + "VALUES (?, ?, ?, ?, ?, ?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (ChangeRow change : changes) {
                ResourceRow row = change.row();
                ps.setLong(1, row.pk());
                ps.setString(2, row.type());
                ps.setString(3, row.id());
                ps.setLong(4, row.version());
                ps.setString(5, change.operation());
                ps.setLong(6, row.lastUpdated());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The content of one version: empty when the version does not exist, null bytes when it is a delete. */
    Optional<byte[]> versionContent(Connection c, long pk, long version) throws SQLException {
        String sql = "SELECT content FROM resource_version WHERE res_pk = ? AND version = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, pk);
            ps.setLong(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                byte[] bytes = rs.getBytes(1);
                return Optional.of(bytes == null ? new byte[0] : bytes);
            }
        }
    }

    long versionTime(Connection c, long pk, long version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT last_updated FROM resource_version WHERE res_pk = ? AND version = ?")) {
            ps.setLong(1, pk);
            ps.setLong(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        }
    }

    /**
     * Claims the conditional identity (type, criteria) and locks it until the transaction ends: a second writer with
     * the same criteria waits here, then sees the first writer's committed resource when it searches.
     */
    void claimIdentity(Connection c, String type, String criteriaKey) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                // DO UPDATE (unlike DO NOTHING) locks an existing row; the assignment changes nothing
                "INSERT INTO conditional_identity (res_type, criteria_key) VALUES (?, ?) "
                + "ON CONFLICT (res_type, criteria_key) DO UPDATE SET res_type = EXCLUDED.res_type")) {
            ps.setString(1, type);
            ps.setString(2, criteriaKey);
            ps.executeUpdate();
        }
    }
}
