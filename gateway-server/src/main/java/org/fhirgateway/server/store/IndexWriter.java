package org.fhirgateway.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes the index rows of current versions: deletes the rows of many resources, inserts the rows of many, one JDBC
 * batch per index table (so a whole bundle's rows cost a round trip per table, not one per resource and table).
 */
final class IndexWriter {

    private static final List<String> TABLES =
            List.of("idx_token", "idx_string", "idx_date", "idx_number", "idx_quantity", "idx_uri", "idx_reference");

    /** Sets the parameters of one row's insert after {@code res_pk}, from parameter 2 on. */
    private interface Binder<R> {
        void bind(PreparedStatement ps, R row) throws SQLException;
    }

    /** Removes every index row of the resources with these primary keys. */
    void delete(Connection c, Collection<Long> pks) throws SQLException {
        if (pks.isEmpty()) {
            return;
        }
        for (String table : TABLES) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE res_pk = ?")) {
                for (long pk : pks) {
                    ps.setLong(1, pk);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    /** Inserts the rows of resources that have none stored (created, or deleted by {@link #delete} first). */
    void insert(Connection c, Map<Long, IndexRows> rowsByPk) throws SQLException {
        insert(c, rowsByPk, IndexRows::tokens, "INSERT INTO idx_token (res_pk, param_hash, hash_value, hash_system, "
                + "hash_sys_value, sys, val, text_norm) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (ps, r) -> {
                    ps.setLong(2, r.paramHash());
                    ps.setLong(3, r.hashValue());
                    ps.setLong(4, r.hashSystem());
                    ps.setLong(5, r.hashSystemValue());
                    setText(ps, 6, r.system(), 512);
                    setText(ps, 7, r.value(), 512);
                    setText(ps, 8, r.textNorm(), 512);
                });
        insert(c, rowsByPk, IndexRows::strings,
                "INSERT INTO idx_string (res_pk, param_hash, val_norm, val_exact) VALUES (?, ?, ?, ?)", (ps, r) -> {
                    ps.setLong(2, r.paramHash());
                    ps.setString(3, truncate(r.normalized(), 512));
                    ps.setString(4, truncate(r.exact(), 512));
                });
        insert(c, rowsByPk, IndexRows::dates,
                "INSERT INTO idx_date (res_pk, param_hash, lo, hi) VALUES (?, ?, ?, ?)", (ps, r) -> {
                    ps.setLong(2, r.paramHash());
                    ps.setLong(3, r.low());
                    ps.setLong(4, r.high());
                });
        insert(c, rowsByPk, IndexRows::numbers,
                "INSERT INTO idx_number (res_pk, param_hash, val) VALUES (?, ?, ?)", (ps, r) -> {
                    ps.setLong(2, r.paramHash());
                    ps.setBigDecimal(3, r.value());
                });
        insert(c, rowsByPk, IndexRows::quantities,
                "INSERT INTO idx_quantity (res_pk, param_hash, val, sys, code) VALUES (?, ?, ?, ?, ?)", (ps, r) -> {
                    ps.setLong(2, r.paramHash());
                    ps.setBigDecimal(3, r.value());
                    setText(ps, 4, r.system(), 256);
                    setText(ps, 5, r.code(), 128);
                });
        insert(c, rowsByPk, IndexRows::uris,
                "INSERT INTO idx_uri (res_pk, param_hash, hash_uri, uri) VALUES (?, ?, ?, ?)", (ps, r) -> {
                    ps.setLong(2, r.paramHash());
                    ps.setLong(3, r.hashUri());
                    ps.setString(4, truncate(r.uri(), 1024));
                });
        insert(c, rowsByPk, IndexRows::references, "INSERT INTO idx_reference (res_pk, param_hash, target_type, "
                + "target_id, target_url) VALUES (?, ?, ?, ?, ?)", (ps, r) -> {
                    ps.setLong(2, r.paramHash());
                    setText(ps, 3, r.targetType(), 64);
                    setText(ps, 4, r.targetId(), 64);
                    setText(ps, 5, r.targetUrl(), 1024);
                });
    }

    private static <R> void insert(Connection c, Map<Long, IndexRows> rowsByPk, Function<IndexRows, List<R>> kind,
            String sql, Binder<R> binder) throws SQLException {
        if (rowsByPk.values().stream().allMatch(rows -> kind.apply(rows).isEmpty())) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Map.Entry<Long, IndexRows> resource : rowsByPk.entrySet()) {
                for (R row : kind.apply(resource.getValue())) {
                    ps.setLong(1, resource.getKey());
                    binder.bind(ps, row);
                    ps.addBatch();
                }
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
