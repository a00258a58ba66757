package org.fhirgateway.server.store;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.fhirgateway.server.consent.Labeller;
import org.fhirgateway.server.consent.SecurityLabel;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/**
 * Security labels at write time: each resource is labelled ({@link Labeller}) before it is encoded, so its stored
 * JSON, its {@code labels} column and its {@code _security} index rows agree. The patient's confidentiality comes
 * from the Patient in the same bundle, else from the stored Patient; references (an Encounter's diagnoses) resolve
 * to the bundle's resources first, then to stored ones.
 */
final class WriteLabels {

    private static final long RESTRICTED = LabelHashes.of(SecurityLabel.RESTRICTED);
    private static final long VERY_RESTRICTED = LabelHashes.of(SecurityLabel.VERY_RESTRICTED);

    private final StoreParts parts;
    private final Labeller labeller;

    WriteLabels(StoreParts parts, Labeller labeller) {
        this.parts = parts;
        this.labeller = labeller;
    }

    /** Labels the resource in place; returns its compartment patient (worked out here, used by the row too). */
    String label(Tx tx, Resource resource) {
        String patient = parts.indexer().compartmentPatient(resource);
        SecurityLabel level = resource instanceof Patient ? null : patientLevel(tx, patient);
        labeller.label(resource, level, ref -> resolve(tx, ref));
        return patient;
    }

    /** The confidentiality the Patient's own labels give it: what its compartment inherits. */
    static SecurityLabel levelOf(Resource patient) {
        return Labeller.confidentiality(patient);
    }

    /** The stored Patient's level, as its {@code labels} column holds it (N when absent). */
    SecurityLabel storedLevel(Tx tx, String patientId) {
        try (PreparedStatement ps = tx.connection.prepareStatement(
                "SELECT labels FROM resource WHERE res_type = 'Patient' AND res_id = ? AND deleted = FALSE")) {
            ps.setString(1, patientId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return SecurityLabel.NORMAL;
                }
                Array array = rs.getArray(1);
                List<Object> hashes = array == null ? List.of() : Arrays.asList((Object[]) array.getArray());
                return hashes.contains(VERY_RESTRICTED) ? SecurityLabel.VERY_RESTRICTED
                        : hashes.contains(RESTRICTED) ? SecurityLabel.RESTRICTED : SecurityLabel.NORMAL;
            }
        } catch (SQLException e) {
            throw new StoreException(StoreError.DATABASE_ERROR, "patient labels could not be read", e);
        }
    }

    /** The ids of the current resources in the patient's compartment, other than the Patient. */
    List<IdType> compartment(Tx tx, String patientId) throws SQLException {
        List<IdType> ids = new ArrayList<>();
        try (PreparedStatement ps = tx.query().prepareStatement("SELECT res_type, res_id FROM resource WHERE "
                + "patient_id = ? AND deleted = FALSE AND res_type <> 'Patient' ORDER BY res_pk")) {
            ps.setString(1, patientId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(new IdType(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return ids;
    }

    private SecurityLabel patientLevel(Tx tx, String patientId) {
        if (patientId == null) {
            return SecurityLabel.NORMAL;
        }
        SecurityLabel known = tx.patientLevels.get(patientId);
        if (known != null) {
            return known;
        }
        Resource inBundle = tx.bundleResources.get("Patient/" + patientId);
        SecurityLabel level = inBundle != null ? levelOf(inBundle) : storedLevel(tx, patientId);
        tx.patientLevels.put(patientId, level);
        return level;
    }

    private Resource resolve(Tx tx, String reference) {
        Resource inBundle = tx.bundleResources.get(reference);
        if (inBundle != null) {
            return inBundle;
        }
        IdType id = new IdType(reference);
        if (!id.hasResourceType() || !id.hasIdPart() || id.isAbsolute()) {
            return null;
        }
        try {
            Optional<ResourceRow> row = parts.dao().find(tx.connection, id.getResourceType(), id.getIdPart());
            return row.isEmpty() || row.get().deleted() ? null : parts.load(tx, row.get());
        } catch (SQLException e) {
            throw new StoreException(StoreError.DATABASE_ERROR, "a referenced resource could not be read", e);
        }
    }
}
