package org.fhirgateway.server.search;

import ca.uhn.fhir.context.FhirContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fhirgateway.server.store.ResourceCodec;
import org.hl7.fhir.r4.model.Resource;

/** Joins the JSON last: loads the current versions of the chosen rows, in the given order. */
final class ResultLoader {

    private final ResourceCodec codec;

    ResultLoader(FhirContext fhir) {
        this.codec = new ResourceCodec(fhir);
    }

    /** A loaded row. */
    record Loaded(long pk, Resource resource) {
    }

    List<Resource> load(Connection c, List<Long> pks) throws SQLException {
        return loadKeyed(c, pks).stream().map(Loaded::resource).toList();
    }

    List<Loaded> loadKeyed(Connection c, List<Long> pks) throws SQLException {
        if (pks.isEmpty()) {
            return List.of();
        }
        Map<Long, Resource> byPk = new HashMap<>();
        Sql sql = new Sql().append("SELECT r.res_pk, v.content, r.res_type, r.res_id, r.version, "
                + "r.last_updated FROM resource r JOIN resource_version v ON "
                + "v.res_pk = r.res_pk AND v.version = r.version WHERE r.res_pk IN ").bindList(pks);
        try (PreparedStatement ps = prepare(c, sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                byPk.put(rs.getLong(1), codec.decode(rs.getBytes(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                        rs.getLong(6)));
            }
        }
        List<Loaded> ordered = new ArrayList<>();
        for (Long pk : pks) {
            Resource r = byPk.get(pk);
            if (r != null) {
                ordered.add(new Loaded(pk, r));
            }
        }
        return ordered;
    }

    static PreparedStatement prepare(Connection c, Sql sql) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql.text());
        List<Object> binds = sql.binds();
        for (int i = 0; i < binds.size(); i++) {
            ps.setObject(i + 1, binds.get(i));
        }
        return ps;
    }

    /** (pk, type, id) of rows, as the include and everything queries return them. */
    record Key(long pk, String type, String id) {
    }

    static List<Key> keys(Connection c, Sql sql) throws SQLException {
        List<Key> keys = new ArrayList<>();
        try (PreparedStatement ps = prepare(c, sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                keys.add(new Key(rs.getLong(1), rs.getString(2), rs.getString(3)));
            }
        }
        return keys;
    }

    static List<Long> pks(Collection<Key> keys) {
        return keys.stream().map(Key::pk).toList();
    }
}
