package org.fhirgateway.server.store;

import java.sql.Array;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** SQL array columns as Java values. */
public final class SqlArrays {

    private SqlArrays() {
    }

    /** A text (or varchar) array column's values in order; empty for SQL null. */
    public static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        Object[] values = (Object[]) array.getArray();
        List<String> out = new ArrayList<>(values.length);
        for (Object v : values) {
            out.add(String.valueOf(v));
        }
        return out;
    }
}
