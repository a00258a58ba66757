package org.fhirgateway.server.app;

import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Which database {@code backup} and {@code restore} work on: a data directory's embedded one, or an external one. */
final class DatabaseOptions {

    @Option(names = "--data-dir", required = true, paramLabel = "DIR",
            description = "The gateway's data folder: its embedded PostgreSQL.")
    Path dataDir;

    @ArgGroup(exclusive = false)
    External external;

    static final class External {
        @Option(names = "--db-url", required = true, paramLabel = "JDBC",
                description = "An external PostgreSQL: jdbc:postgresql://HOST:PORT/DATABASE[?currentSchema=S].")
        String url;

        @Option(names = "--db-user", paramLabel = "USER", description = "Database user.")
        String user;

        @Option(names = "--db-password", paramLabel = "PASSWORD",
                description = "Database password (prefer the environment variable GATEWAY_DB_PASSWORD).")
        String password;

        String password() {
            return password != null ? password : System.getenv("GATEWAY_DB_PASSWORD");
        }
    }

    DatabaseTarget toRead() {
        return external != null ? DatabaseTarget.external(external.url, external.user, external.password())
                : DatabaseTarget.embeddedToRead(dataDir);
    }

    DatabaseTarget toFill() {
        return external != null ? DatabaseTarget.external(external.url, external.user, external.password())
                : DatabaseTarget.embeddedToFill(dataDir);
    }
}
