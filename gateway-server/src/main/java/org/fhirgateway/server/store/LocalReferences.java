package org.fhirgateway.server.store;

import ca.uhn.fhir.util.FhirTerser;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * The local references ({@code Type/id}) of the resources one transaction writes, checked against the database
 * just before the commit: a reference to a resource that does not exist (or is deleted) fails the whole transaction
 * with GW-STORE-008 (422), like HAPI JPA's referential integrity check. Checking at the end, not per entry, lets an
 * entry refer to one the same transaction creates later. Absolute URLs ({@code https://other.example/fhir/Patient/1})
 * name resources on other servers and are not checked, nor are contained ({@code #x}) and logical
 * ({@code identifier}-only) references; {@code urn:uuid:} and conditional references were already resolved by the
 * {@link ReferenceRewriter}.
 */
final class LocalReferences {

    private static final Pattern LOCAL = Pattern.compile("([A-Z][A-Za-z]{1,63})/([A-Za-z0-9\\-.]{1,64})(/_history/[^/]+)?");
    private static final int BATCH = 200;

    /** "Type/id" to the type of the first resource that refers to it (for the message). */
    private final Map<String, String> pending = new LinkedHashMap<>();

    void collect(FhirTerser terser, Resource resource) {
        for (Reference reference : terser.getAllPopulatedChildElementsOfType(resource, Reference.class)) {
            String value = reference.getReference();
            if (value == null) {
                continue;
            }
            Matcher m = LOCAL.matcher(value);
            if (m.matches()) {
                pending.putIfAbsent(m.group(1) + "/" + m.group(2), resource.fhirType());
            }
        }
    }

    /** Fails when a collected reference names no current resource; reads what this transaction wrote. */
    void verify(Connection c) throws SQLException {
        if (pending.isEmpty()) {
            return;
        }
        List<String> keys = new ArrayList<>(pending.keySet());
        Set<String> found = new HashSet<>();
        for (int from = 0; from < keys.size(); from += BATCH) {
            found.addAll(existing(c, keys.subList(from, Math.min(keys.size(), from + BATCH))));
        }
        for (String key : keys) {
            if (!found.contains(key)) {
                throw new StoreException(StoreError.UNRESOLVED_REFERENCE, "resource " + key + " not found, referenced"
                        + " by a " + pending.get(key) + " (a local reference must name an existing resource or one"
                        + " created in the same transaction)");
            }
        }
        pending.clear();
    }

    private static Set<String> existing(Connection c, List<String> keys) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT res_type, res_id FROM resource WHERE deleted = FALSE AND (");
        for (int i = 0; i < keys.size(); i++) {
            sql.append(i == 0 ? "" : " OR ").append("(res_type = ? AND res_id = ?)");
        }
        sql.append(")");
        Set<String> found = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int p = 1;
            for (String key : keys) {
                int slash = key.indexOf('/');
                ps.setString(p++, key.substring(0, slash));
                ps.setString(p++, key.substring(slash + 1));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1) + "/" + rs.getString(2));
                }
            }
        }
        return found;
    }
}
