package org.fhirgateway.server.app;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.fhirgateway.server.store.postgres.EmbeddedPostgresException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code serve}: runs the gateway until SIGTERM/SIGINT. Every option can also come from a GATEWAY_* environment
 * variable or the YAML file; a flag wins over the environment, which wins over the file.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = {
        "Run the gateway: the FHIR R4 API at http://localhost:<http-port>/fhir (loopback only unless --bind).",
        "Options may also be set as environment variables (GATEWAY_HTTP_PORT, GATEWAY_DB_URL, ...) or in the",
        "YAML file given by --config; precedence is flag > environment > file > default.",
        "Without --config the built-in development clients (static tokens, local use only) are active."})
final class ServeCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Local address of the HTTP and MLLP listeners "
            + "(default 127.0.0.1; 0.0.0.0 for every interface, refused while an example token is configured).")
    private String bind;

    @Option(names = "--http-port", paramLabel = "N", description = "HTTP port (default 8080; 0 picks a free one).")
    private String httpPort;

    @Option(names = "--mllp-port", paramLabel = "N", description = "MLLP listener port (default 2575).")
    private String mllpPort;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data folder for the embedded PostgreSQL and keys (default ./data).")
    private String dataDir;

    @Option(names = "--db-url", paramLabel = "JDBC", description = "PostgreSQL JDBC URL (default: the embedded PostgreSQL in the data folder).")
    private String dbUrl;

    @Option(names = "--db-user", paramLabel = "USER", description = "Database user.")
    private String dbUser;

    @Option(names = "--db-password", paramLabel = "PASSWORD", description = "Database password (prefer GATEWAY_DB_PASSWORD).")
    private String dbPassword;

    @Option(names = "--max-request-bytes", paramLabel = "N", description = "Largest request body accepted (default 16777216).")
    private String maxRequestBytes;

    @Option(names = "--public-base-url", paramLabel = "URL", description = "Base URL clients use, e.g. https://gw.example.org.")
    private String publicBaseUrl;

    @Option(names = "--log-format", paramLabel = "FORMAT", description = "text (default) or json: one JSON object "
            + "per log line (or GATEWAY_LOG_FORMAT).")
    private String logFormat;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file (or GATEWAY_CONFIG).")
    private Path config;

    @Override
    public Integer call() throws Exception {
        GatewayConfig resolved;
        try {
            resolved = new ConfigLoader(System.getenv()).load(flags(), config);
        } catch (ConfigException e) {
            System.err.println("serve: " + e.getMessage());
            return 2;
        }
        org.fhirgateway.server.ops.LogFormat.apply(resolved.ops().logFormat());
        Gateway gateway;
        try {
            gateway = Gateway.start(resolved);
        } catch (EmbeddedPostgresException e) {
            // one line an operator can act on (data directory in use, no binaries for this platform, ...)
            System.err.println("serve: cannot start: " + e.getMessage());
            return 1;
        } catch (ConfigException e) {
            System.err.println("serve: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            LOG.error("cannot start: {}", e.getClass().getName(), e);
            System.err.println("serve: cannot start: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(gateway), "gateway-shutdown"));
        gateway.awaitStop();
        return 0;
    }

    private Map<Setting, String> flags() {
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        put(flags, Setting.BIND, bind);
        put(flags, Setting.HTTP_PORT, httpPort);
        put(flags, Setting.MLLP_PORT, mllpPort);
        put(flags, Setting.DATA_DIR, dataDir);
        put(flags, Setting.DB_URL, dbUrl);
        put(flags, Setting.DB_USER, dbUser);
        put(flags, Setting.DB_PASSWORD, dbPassword);
        put(flags, Setting.MAX_REQUEST_BYTES, maxRequestBytes);
        put(flags, Setting.PUBLIC_BASE_URL, publicBaseUrl);
        put(flags, Setting.LOG_FORMAT, logFormat);
        return flags;
    }

    private static void put(Map<Setting, String> flags, Setting setting, String value) {
        if (value != null) {
            flags.put(setting, value);
        }
    }

    private static void stop(Gateway gateway) {
        try {
            LOG.info("shutting down: finishing requests in flight");
            gateway.close();
        } catch (Exception e) {
            LOG.error("shutdown failed: {}", e.getClass().getName());
        }
    }
}
