package org.fhirgateway.server.store;

import java.sql.Connection;
import java.util.LinkedHashSet;
import java.util.Set;

/** One database transaction in progress, and the cache keys it touched (invalidated again after commit). */
final class Tx {

    final Connection connection;
    final Set<String> touched = new LinkedHashSet<>();

    Tx(Connection connection) {
        this.connection = connection;
    }
}
