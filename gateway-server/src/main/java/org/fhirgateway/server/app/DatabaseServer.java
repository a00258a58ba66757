package org.fhirgateway.server.app;

import org.fhirgateway.server.store.Database;
import org.fhirgateway.server.store.postgres.EmbeddedPostgres;
import org.fhirgateway.server.store.postgres.Platform;
import org.fhirgateway.server.store.postgres.ServerSettings;

/**
 * The gateway's database and, on the embedded default, the PostgreSQL server under it: started first (the server
 * before the migrations), closed last (the pool, then the server's fast shutdown).
 */
final class DatabaseServer implements AutoCloseable {

    private final EmbeddedPostgres embedded;
    private final Database database;

    private DatabaseServer(EmbeddedPostgres embedded, Database database) {
        this.embedded = embedded;
        this.database = database;
    }

    static DatabaseServer start(GatewayConfig config, int poolSize) {
        GatewayConfig.DatabaseSettings db = config.database();
        if (!db.embedded()) {
            return new DatabaseServer(null, Database.open(new Database.Settings(db.jdbcUrl(), db.user(), db.password(), poolSize)));
        }
        EmbeddedPostgres embedded = EmbeddedPostgres.start(config.dataDir(), ServerSettings.gateway(), platform());
        try {
            return new DatabaseServer(embedded,
                    Database.open(new Database.Settings(embedded.jdbcUrl(), embedded.user(), embedded.password(), poolSize)));
        } catch (RuntimeException | Error e) {
            embedded.close();
            throw e;
        }
    }

    static Platform platform() {
        return new Platform(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    Database database() {
        return database;
    }

    /** For the start-up log line: which database, never its credentials. */
    String describe() {
        return embedded != null ? "embedded PostgreSQL on 127.0.0.1:" + embedded.port() : "external PostgreSQL";
    }

    @Override
    public void close() {
        try {
            database.close();
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }
}
