package org.fhirgateway.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.fhirgateway.server.consent.AccessContext;
import org.hl7.fhir.r4.model.Resource;

/**
 * Instance, type and system history from the change log, newest first, keyset-paged on the log sequence.
 * Types the caller may not read and versions consent withholds from it are left out inside the SQL
 * ({@link ConsentPredicate} on each version's own labels), so pages are full and the total is what it may see.
 */
final class HistoryReader {

    private final Database database;
    private final StoreParts parts;
    private final TokenSigner signer;

    HistoryReader(Database database, StoreParts parts, TokenSigner signer) {
        this.database = database;
        this.parts = parts;
        this.signer = signer;
    }

    HistoryPage history(AccessContext ctx, HistoryRequest request) {
        if (request.type() != null) {
            AccessChecks.requireRead(ctx, request.type());
        }
        long before = request.pageToken() == null ? Long.MAX_VALUE : parseToken(request.pageToken());
        List<Object> binds = new ArrayList<>();
        String where = where(ctx, request, binds);
        try (Connection c = database.connection()) {
            long total = count(c, where, binds);
            List<Object> pageBinds = new ArrayList<>(binds);
            pageBinds.add(before);
            pageBinds.add(request.count() + 1);
            String sql = "SELECT cl.seq, cl.res_type, cl.res_id, cl.version, cl.operation, cl.changed_at, v.content "
                    + FROM + " WHERE " + where + " AND cl.seq < ? ORDER BY cl.seq DESC LIMIT ?";
            List<HistoryPage.HistoryEntry> entries = new ArrayList<>();
            long lastSeq = -1;
            boolean more = false;
            try (PreparedStatement ps = prepare(c, sql, pageBinds); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (entries.size() == request.count()) {
                        more = true;
                        break;
                    }
                    lastSeq = rs.getLong(1);
                    entries.add(entry(rs));
                }
            }
            String next = more ? signer.sign("h:" + lastSeq) : null;
            return new HistoryPage(entries, next, total);
        } catch (SQLException e) {
            throw new StoreException(StoreError.DATABASE_ERROR, "history failed", e);
        }
    }

    private static final String FROM = "FROM change_log cl JOIN resource_version v ON v.res_pk = cl.res_pk AND "
            + "v.version = cl.version JOIN resource r ON r.res_pk = cl.res_pk";

    private String where(AccessContext ctx, HistoryRequest request, List<Object> binds) {
        StringBuilder where = new StringBuilder("1 = 1");
        if (request.type() == null) {
            List<String> readable = parts.fhir().getResourceTypes().stream().filter(ctx::canRead).sorted().toList();
            if (readable.size() < parts.fhir().getResourceTypes().size()) {
                where.append(" AND cl.res_type IN (").append(String.join(", ", readable.stream().map(t -> "?")
                        .toList())).append(readable.isEmpty() ? "NULL)" : ")");
                binds.addAll(readable);
            }
        }
        if (request.type() != null) {
            where.append(" AND cl.res_type = ?");
            binds.add(request.type());
        }
        if (request.id() != null) {
            where.append(" AND cl.res_id = ?");
            binds.add(request.id());
        }
        if (request.since() != null) {
            where.append(" AND cl.changed_at >= ?");
            binds.add(request.since().toEpochMilli());
        }
        if (request.at() != null) {
            long at = request.at().toEpochMilli();
            where.append(" AND cl.changed_at <= ? AND NOT EXISTS (SELECT 1 FROM change_log c2 WHERE "
                    + "c2.res_pk = cl.res_pk AND c2.changed_at <= ? AND c2.seq > cl.seq)");
            binds.add(at);
            binds.add(at);
        }
        ConsentPredicate.Fragment consent = ConsentPredicate.of(ctx, "r.patient_id", "v.labels",
                parts.clock().millis());
        if (consent != null) {
            where.append(" AND ").append(consent.sql());
            binds.addAll(consent.binds());
        }
        return where.toString();
    }

    private static long count(Connection c, String where, List<Object> binds) throws SQLException {
        try (PreparedStatement ps = prepare(c, "SELECT COUNT(*) " + FROM + " WHERE " + where, binds);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private HistoryPage.HistoryEntry entry(ResultSet rs) throws SQLException {
        String type = rs.getString(2);
        String id = rs.getString(3);
        long version = rs.getLong(4);
        String operation = rs.getString(5);
        Instant time = Instant.ofEpochMilli(rs.getLong(6));
        byte[] content = rs.getBytes(7);
        boolean deleted = content == null;
        Resource resource = deleted ? null : parts.codec().decode(content, type, id, version, time.toEpochMilli());
        String method = switch (operation) {
            case "CREATE" -> "POST";
            case "DELETE" -> "DELETE";
            default -> "PUT";
        };
        return new HistoryPage.HistoryEntry(new StoredResource(type, id, version, time, deleted, resource), method);
    }

    private long parseToken(String token) {
        String payload = signer.verify(token);
        if (!payload.startsWith("h:")) {
            throw new StoreException(StoreError.INVALID_PAGE_TOKEN, "not a history page token");
        }
        return Long.parseLong(payload.substring(2));
    }

    static PreparedStatement prepare(Connection c, String sql, List<Object> binds) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < binds.size(); i++) {
            ps.setObject(i + 1, binds.get(i));
        }
        return ps;
    }
}
