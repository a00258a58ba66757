package org.fhirgateway.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.fhirgateway.server.consent.AccessContext;

/**
 * The security labels on one patient's data, counted as the caller may see it: the current, not deleted resources
 * of the patient's compartment ({@code resource.patient_id}, V60), judged by the same {@link ConsentPredicate} as a
 * search, inside the SQL, and read from their {@code _security} index rows (which hold each label's system and
 * code). Counts are per resource type, so the caller drops the types its scopes do not read; no resource leaves.
 */
public final class PatientLabels {

    /** {@code _security} is a parameter of Resource: one parameter hash for every type (see ParamDef). */
    private static final long SECURITY = IndexHash.param("Resource", "_security");

    private final DataSource dataSource;

    public PatientLabels(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** One count: resources of {@code type} carrying the label {@code system|code} (both null: all of them). */
    public record Count(String type, String system, String code, long resources) {
    }

    /**
     * What the caller may see of one patient's data: per type, the resources ({@code type}, null system and code,
     * in {@code totals}) and, in {@code labels}, those carrying each label (a resource with two labels is counted
     * under both).
     */
    public record Labels(List<Count> totals, List<Count> labels) {
    }

    /** The counts for {@code patientId} as {@code ctx} may see them, at {@code now} (epoch ms). */
    public Labels count(AccessContext ctx, String patientId, long now) {
        ConsentPredicate.Fragment consent = ConsentPredicate.of(ctx, "r.patient_id", "r.labels", now);
        String where = " WHERE r.patient_id = ? AND NOT r.deleted" + (consent == null ? "" : " AND " + consent.sql());
        List<Object> totalBinds = new ArrayList<>();
        totalBinds.add(patientId);
        if (consent != null) {
            totalBinds.addAll(consent.binds());
        }
        List<Object> labelBinds = new ArrayList<>();
        labelBinds.add(SECURITY);
        labelBinds.addAll(totalBinds);
        try (Connection c = dataSource.getConnection()) {
            List<Count> totals = counts(c, "SELECT r.res_type, NULL, NULL, count(*) FROM resource r" + where
                    + " GROUP BY r.res_type ORDER BY r.res_type", totalBinds);
            List<Count> labels = counts(c, "SELECT r.res_type, t.sys, t.val, count(*) FROM resource r"
                    + " JOIN idx_token t ON t.res_pk = r.res_pk AND t.param_hash = ?" + where
                    + " GROUP BY r.res_type, t.sys, t.val ORDER BY r.res_type, t.sys, t.val", labelBinds);
            return new Labels(totals, labels);
        } catch (SQLException e) {
            throw new StoreException(StoreError.DATABASE_ERROR, "label count failed", e);
        }
    }

    private static List<Count> counts(Connection c, String sql, List<Object> binds) throws SQLException {
        try (PreparedStatement ps = HistoryReader.prepare(c, sql, binds); ResultSet rs = ps.executeQuery()) {
            List<Count> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new Count(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
            }
            return out;
        }
    }
}
