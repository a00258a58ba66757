package org.fhirgateway.server.store.backup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a backup and a restore read of the connection's current schema in {@code pg_catalog}: its tables with their
 * columns (Flyway's history apart), the order foreign keys impose, and the sequences behind identity and serial
 * columns.
 */
final class SchemaCatalog {

    static final String FLYWAY_HISTORY = "flyway_schema_history";

    /** A column with its type as {@code format_type} spells it, e.g. {@code character varying(64)}. */
    record Column(String name, String type) {
    }

    record Table(String name, List<Column> columns) {
        String columnList() {
            return String.join(", ", columns.stream().map(c -> quote(c.name())).toList());
        }
    }

    private SchemaCatalog() {
    }

    /** The ordinary tables of the current schema, referenced tables before those referring to them. */
    static List<Table> tables(Connection c) throws SQLException {
        Map<String, List<Column>> columns = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT t.relname, a.attname, format_type(a.atttypid, a.atttypmod)
                FROM pg_class t
                JOIN pg_namespace n ON n.oid = t.relnamespace
                JOIN pg_attribute a ON a.attrelid = t.oid
                WHERE n.nspname = current_schema() AND t.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
                  AND a.attgenerated = '' AND t.relname <> '%s'
                ORDER BY t.relname, a.attnum""".formatted(FLYWAY_HISTORY))) {
            while (rs.next()) {
                columns.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(new Column(rs.getString(2), rs.getString(3)));
            }
        }
        List<Table> ordered = new ArrayList<>();
        for (String name : dependencyOrder(columns.keySet(), foreignKeys(c))) {
            ordered.add(new Table(name, List.copyOf(columns.get(name))));
        }
        return ordered;
    }

    /** Each table of the current schema mapped to the tables it references (self-references left out). */
    private static Map<String, Set<String>> foreignKeys(Connection c) throws SQLException {
        Map<String, Set<String>> references = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT t.relname, r.relname
                FROM pg_constraint k
                JOIN pg_class t ON t.oid = k.conrelid
                JOIN pg_class r ON r.oid = k.confrelid
                JOIN pg_namespace n ON n.oid = t.relnamespace
                WHERE k.contype = 'f' AND n.nspname = current_schema() AND r.relnamespace = t.relnamespace""")) {
            while (rs.next()) {
                if (!rs.getString(1).equals(rs.getString(2))) {
                    references.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(2));
                }
            }
        }
        return references;
    }

    /** Kahn's sort, alphabetical among the tables that are free at each step, so the order is stable. */
    static List<String> dependencyOrder(Set<String> tables, Map<String, Set<String>> references) {
        List<String> order = new ArrayList<>();
        Set<String> done = new HashSet<>();
        TreeSet<String> left = new TreeSet<>(tables);
        while (!left.isEmpty()) {
            String next = left.stream()
                    .filter(t -> references.getOrDefault(t, Set.of()).stream().allMatch(r -> done.contains(r) || !tables.contains(r)))
                    .findFirst()
                    .orElseThrow(() -> new BackupException("the foreign keys among tables " + left + " form a cycle"));
            order.add(next);
            done.add(next);
            left.remove(next);
        }
        return order;
    }

    /** The tables of the current schema (Flyway's history apart) that hold at least one row. */
    static List<String> nonEmptyTables(Connection c) throws SQLException {
        List<String> nonEmpty = new ArrayList<>();
        for (Table table : tables(c)) {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM " + quote(table.name()) + ")")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    nonEmpty.add(table.name());
                }
            }
        }
        return nonEmpty;
    }

    /**
     * Sets the sequence of every identity or serial column of the current schema to the column's largest value, so
     * the next row inserted gets a number none of the restored rows has. Returns how many sequences were set.
     */
    static int resetSequences(Connection c) throws SQLException {
        record Owned(String table, String column, String sequence) {
        }
        List<Owned> owned = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT t.relname, a.attname, seq
                FROM pg_class t
                JOIN pg_namespace n ON n.oid = t.relnamespace
                JOIN pg_attribute a ON a.attrelid = t.oid
                CROSS JOIN LATERAL pg_get_serial_sequence(quote_ident(n.nspname) || '.' || quote_ident(t.relname),
                                                          a.attname) AS seq
                WHERE n.nspname = current_schema() AND t.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
                  AND seq IS NOT NULL""")) {
            while (rs.next()) {
                owned.add(new Owned(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
        }
        int set = 0;
        for (Owned o : owned) {
            try (PreparedStatement p = c.prepareStatement("SELECT setval(?::regclass, m) FROM (SELECT max("
                    + quote(o.column()) + ") AS m FROM " + quote(o.table()) + ") x WHERE m IS NOT NULL")) {
                p.setString(1, o.sequence());
                try (ResultSet rs = p.executeQuery()) {
                    set += rs.next() ? 1 : 0;
                }
            }
        }
        return set;
    }

    /** The newest version Flyway applied successfully, or null if the schema has no history table. */
    static String schemaVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet exists = s.executeQuery("SELECT to_regclass(quote_ident(current_schema()) || '."
                        + FLYWAY_HISTORY + "') IS NOT NULL")) {
            exists.next();
            if (!exists.getBoolean(1)) {
                return null;
            }
        }
        String newest = null;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT version FROM " + FLYWAY_HISTORY + " WHERE success AND version IS NOT NULL")) {
            while (rs.next()) {
                String version = rs.getString(1);
                if (newest == null || org.fhirgateway.server.store.Migrations.compare(version, newest) > 0) {
                    newest = version;
                }
            }
        }
        return newest;
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
