package org.fhirgateway.server.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** What a failed crash assertion prints: the rows of the inbox and of the recording applier. */
final class CrashEvidence {

    private CrashEvidence() {
    }

    /** The inbox and test_applied rows of one control id. */
    static String rowsOf(Connection c, String controlId) throws SQLException {
        return rows(c, "SELECT id, status, dedup_slot, duplicate_of, lane, received_at, processed_at FROM inbox"
                + " WHERE control_id = ?", controlId)
                + rows(c, "SELECT seq, inbox_id, lane, event FROM test_applied WHERE control_id = ?", controlId);
    }

    /** The first 50 rows of a query, one line each as column=value. */
    static String rows(Connection c, String sql, Object... params) throws SQLException {
        StringBuilder rows = new StringBuilder();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                for (int n = 0; n < 50 && rs.next(); n++) {
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        rows.append(rs.getMetaData().getColumnName(i)).append('=').append(rs.getString(i)).append(' ');
                    }
                    rows.append('\n');
                }
            }
        }
        return rows.toString();
    }
}
