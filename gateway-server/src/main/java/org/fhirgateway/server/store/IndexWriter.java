package org.fhirgateway.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/** Replaces the index rows of a resource (current version only). */
final class IndexWriter {

    private static final List<String> TABLES =
            List.of("idx_token", "idx_string", "idx_date", "idx_number", "idx_quantity", "idx_uri", "idx_reference");

    void deleteRows(Connection c, long pk) throws SQLException {
        for (String table : TABLES) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE res_pk = ?")) {
                ps.setLong(1, pk);
                ps.executeUpdate();
            }
        }
    }

    void replaceRows(Connection c, long pk, IndexRows rows) throws SQLException {
        deleteRows(c, pk);
        insertRows(c, pk, rows);
    }

    /** Inserts rows for a resource that has none yet (a create). */
    void insertRows(Connection c, long pk, IndexRows rows) throws SQLException {
        insertTokens(c, pk, rows.tokens());
        insertStrings(c, pk, rows.strings());
        insertDates(c, pk, rows.dates());
        insertNumbers(c, pk, rows.numbers());
        insertQuantities(c, pk, rows.quantities());
        insertUris(c, pk, rows.uris());
        insertReferences(c, pk, rows.references());
    }

    private void insertTokens(Connection c, long pk, List<IndexRows.TokenRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO idx_token (res_pk, param_hash, hash_value, "
                + "hash_system, hash_sys_value, sys, val, text_norm) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (IndexRows.TokenRow r : rows) {
                ps.setLong(1, pk);
                ps.setLong(2, r.paramHash());
                ps.setLong(3, r.hashValue());
                ps.setLong(4, r.hashSystem());
                ps.setLong(5, r.hashSystemValue());
                setText(ps, 6, r.system(), 512);
                setText(ps, 7, r.value(), 512);
                setText(ps, 8, r.textNorm(), 512);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void insertStrings(Connection c, long pk, List<IndexRows.StringRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO idx_string (res_pk, param_hash, val_norm, val_exact) VALUES (?, ?, ?, ?)")) {
            for (IndexRows.StringRow r : rows) {
                ps.setLong(1, pk);
                ps.setLong(2, r.paramHash());
                ps.setString(3, truncate(r.normalized(), 512));
                ps.setString(4, truncate(r.exact(), 512));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void insertDates(Connection c, long pk, List<IndexRows.DateRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO idx_date (res_pk, param_hash, lo, hi) VALUES (?, ?, ?, ?)")) {
            for (IndexRows.DateRow r : rows) {
                ps.setLong(1, pk);
                ps.setLong(2, r.paramHash());
                ps.setLong(3, r.low());
                ps.setLong(4, r.high());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void insertNumbers(Connection c, long pk, List<IndexRows.NumberRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO idx_number (res_pk, param_hash, val) VALUES (?, ?, ?)")) {
            for (IndexRows.NumberRow r : rows) {
                ps.setLong(1, pk);
                ps.setLong(2, r.paramHash());
                ps.setBigDecimal(3, r.value());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void insertQuantities(Connection c, long pk, List<IndexRows.QuantityRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO idx_quantity (res_pk, param_hash, val, sys, code) VALUES (?, ?, ?, ?, ?)")) {
            for (IndexRows.QuantityRow r : rows) {
                ps.setLong(1, pk);
                ps.setLong(2, r.paramHash());
                ps.setBigDecimal(3, r.value());
                setText(ps, 4, r.system(), 256);
                setText(ps, 5, r.code(), 128);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void insertUris(Connection c, long pk, List<IndexRows.UriRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO idx_uri (res_pk, param_hash, hash_uri, uri) VALUES (?, ?, ?, ?)")) {
            for (IndexRows.UriRow r : rows) {
                ps.setLong(1, pk);
                ps.setLong(2, r.paramHash());
                ps.setLong(3, r.hashUri());
                ps.setString(4, truncate(r.uri(), 1024));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void insertReferences(Connection c, long pk, List<IndexRows.ReferenceRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO idx_reference (res_pk, param_hash, target_type, "
                + "target_id, target_url) VALUES (?, ?, ?, ?, ?)")) {
            for (IndexRows.ReferenceRow r : rows) {
                ps.setLong(1, pk);
                ps.setLong(2, r.paramHash());
                setText(ps, 3, r.targetType(), 64);
                setText(ps, 4, r.targetId(), 64);
                setText(ps, 5, r.targetUrl(), 1024);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void setText(PreparedStatement ps, int index, String value, int max) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, truncate(value, max));
        }
    }

    private static String truncate(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }
}
