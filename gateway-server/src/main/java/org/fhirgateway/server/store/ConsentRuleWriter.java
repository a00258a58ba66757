package org.fhirgateway.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import org.fhirgateway.server.consent.ConsentRule;

/**
 * Keeps {@code consent_rule} equal to the rules of the current version of each Consent: written in the same
 * transaction as the Consent, so the next request on any node sharing the database is judged by them.
 */
final class ConsentRuleWriter {

    private ConsentRuleWriter() {
    }

    static void replace(Connection c, long consentPk, List<ConsentRule> rules) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM consent_rule WHERE consent_pk = ?")) {
            ps.setLong(1, consentPk);
            ps.executeUpdate();
        }
        if (rules.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO consent_rule (consent_pk, patient_id, permit, "
                + "purpose, recipient, label, starts, ends, rank) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (ConsentRule r : rules) {
                ps.setLong(1, consentPk);
                ps.setString(2, r.patientId());
                ps.setBoolean(3, r.permit());
                ps.setString(4, r.purpose());
                ps.setString(5, r.recipient());
                setLong(ps, 6, r.label() == null ? null : LabelHashes.of(r.label()));
                setLong(ps, 7, r.starts());
                setLong(ps, 8, r.ends());
                ps.setLong(9, r.rank());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }
}
