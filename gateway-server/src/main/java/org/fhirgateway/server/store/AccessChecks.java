package org.fhirgateway.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.fhirgateway.server.consent.AccessContext;

/**
 * Scope and consent checks for the single-resource paths (read, vread, a transaction's GET entries): the same
 * {@link ConsentPredicate} the searches put in their SQL, asked of one row.
 */
final class AccessChecks {

    private AccessChecks() {
    }

    static void requireRead(AccessContext ctx, String type) {
        if (!ctx.canRead(type)) {
            throw new StoreException(StoreError.ACCESS_DENIED, "no read scope for " + type);
        }
    }

    static void requireWrite(AccessContext ctx, String type) {
        if (!ctx.canWrite(type)) {
            throw new StoreException(StoreError.ACCESS_DENIED, "no write scope for " + type);
        }
    }

    /**
     * Whether the caller may be given this version of the resource (the current one when {@code version} is null):
     * the version's own labels and the patient's consent decide.
     */
    static boolean visible(Connection c, AccessContext ctx, long pk, Long version, long now) throws SQLException {
        ConsentPredicate.Fragment f = ConsentPredicate.of(ctx, "r.patient_id", version == null ? "r.labels"
                : "v.labels", now);
        if (f == null) {
            return true;
        }
        String sql = version == null ? "SELECT 1 FROM resource r WHERE r.res_pk = ? AND " + f.sql()
                : "SELECT 1 FROM resource r JOIN resource_version v ON v.res_pk = r.res_pk AND v.version = ? "
                        + "WHERE r.res_pk = ? AND " + f.sql();
        List<Object> binds = new ArrayList<>();
        if (version != null) {
            binds.add(version);
        }
        binds.add(pk);
        binds.addAll(f.binds());
        try (PreparedStatement ps = HistoryReader.prepare(c, sql, binds); ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }
}
