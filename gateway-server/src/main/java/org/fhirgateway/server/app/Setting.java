package org.fhirgateway.server.app;

/**
 * One scalar setting, and the three names it goes by: a command-line flag, an environment variable and a
 * key in the YAML file. Precedence when resolving: flag, then environment, then file, then the default.
 */
enum Setting {
    BIND("--bind", "GATEWAY_BIND", "bind", "127.0.0.1"),
    HTTP_PORT("--http-port", "GATEWAY_HTTP_PORT", "httpPort", "8080"),
    MLLP_PORT("--mllp-port", "GATEWAY_MLLP_PORT", "mllpPort", "2575"),
    DATA_DIR("--data-dir", "GATEWAY_DATA_DIR", "dataDir", "./data"),
    DB_URL("--db-url", "GATEWAY_DB_URL", "dbUrl", null),
    DB_USER("--db-user", "GATEWAY_DB_USER", "dbUser", null),
    DB_PASSWORD("--db-password", "GATEWAY_DB_PASSWORD", "dbPassword", null),
    MAX_REQUEST_BYTES("--max-request-bytes", "GATEWAY_MAX_REQUEST_BYTES", "maxRequestBytes", "16777216"),
    PUBLIC_BASE_URL("--public-base-url", "GATEWAY_PUBLIC_BASE_URL", "publicBaseUrl", null),
    TOKEN_SIGNING_KEY(null, "GATEWAY_TOKEN_SIGNING_KEY", "tokenSigningKey", null),
    TOKEN_LIFETIME_SECONDS(null, "GATEWAY_TOKEN_LIFETIME_SECONDS", "tokenLifetimeSeconds", "300"),
    V2_ACK_MODE(null, "GATEWAY_V2_ACK_MODE", "v2AckMode", "ORIGINAL"),
    V2_DEFAULT_CHARSET(null, "GATEWAY_V2_DEFAULT_CHARSET", "v2DefaultCharset", "UTF-8"),
    V2_DEFAULT_ZONE(null, "GATEWAY_V2_DEFAULT_ZONE", "v2DefaultZone", null),
    V2_MAX_MESSAGE_BYTES(null, "GATEWAY_V2_MAX_MESSAGE_BYTES", "v2MaxMessageBytes", "16777216"),
    V2_APPLY_WAIT_SECONDS(null, "GATEWAY_V2_APPLY_WAIT_SECONDS", "v2ApplyWaitSeconds", "10"),
    MLLP_READ_TIMEOUT_SECONDS(null, "GATEWAY_MLLP_READ_TIMEOUT_SECONDS", "mllpReadTimeoutSeconds", "30"),
    MLLP_IDLE_TIMEOUT_SECONDS(null, "GATEWAY_MLLP_IDLE_TIMEOUT_SECONDS", "mllpIdleTimeoutSeconds", "300"),
    MLLP_MAX_CONNECTIONS(null, "GATEWAY_MLLP_MAX_CONNECTIONS", "mllpMaxConnections", "512"),
    MLLP_MAX_CONNECTIONS_PER_SOURCE(null, "GATEWAY_MLLP_MAX_CONNECTIONS_PER_SOURCE", "mllpMaxConnectionsPerSource", "32"),
    MLLP_ALLOWED_SENDERS(null, "GATEWAY_MLLP_ALLOWED_SENDERS", "mllpAllowedSenders", null),
    MLLP_TLS_KEYSTORE(null, "GATEWAY_MLLP_TLS_KEYSTORE", "mllpTlsKeystore", null),
    MLLP_TLS_PASSWORD(null, "GATEWAY_MLLP_TLS_PASSWORD", "mllpTlsPassword", null),
    MLLP_TLS_TRUSTSTORE(null, "GATEWAY_MLLP_TLS_TRUSTSTORE", "mllpTlsTruststore", null),
    MLLP_TLS_TRUSTSTORE_PASSWORD(null, "GATEWAY_MLLP_TLS_TRUSTSTORE_PASSWORD", "mllpTlsTruststorePassword", null),
    MLLP_TLS_SENDERS(null, "GATEWAY_MLLP_TLS_SENDERS", "mllpTlsSenders", null),
    SUBSCRIPTION_GIVE_UP_AFTER_SECONDS(null, "GATEWAY_SUBSCRIPTION_GIVE_UP_AFTER_SECONDS",
            "subscriptionGiveUpAfterSeconds", "86400"),
    SUBSCRIPTION_RETRY_INITIAL_MILLIS(null, "GATEWAY_SUBSCRIPTION_RETRY_INITIAL_MILLIS",
            "subscriptionRetryInitialMillis", "1000"),
    SUBSCRIPTION_RETRY_MAX_SECONDS(null, "GATEWAY_SUBSCRIPTION_RETRY_MAX_SECONDS", "subscriptionRetryMaxSeconds",
            "300"),
    SUBSCRIPTION_WORKERS(null, "GATEWAY_SUBSCRIPTION_WORKERS", "subscriptionWorkers", "4"),
    EXPORT_RESOURCES_PER_FILE(null, "GATEWAY_EXPORT_RESOURCES_PER_FILE", "exportResourcesPerFile", "100000"),
    EXPORT_FILE_LIFETIME_SECONDS(null, "GATEWAY_EXPORT_FILE_LIFETIME_SECONDS", "exportFileLifetimeSeconds", "86400"),
    EXPORT_SWEEP_SECONDS(null, "GATEWAY_EXPORT_SWEEP_SECONDS", "exportSweepSeconds", "60"),
    EXPORT_WORKERS(null, "GATEWAY_EXPORT_WORKERS", "exportWorkers", "2"),
    METRICS_ALLOWED_FROM(null, "GATEWAY_METRICS_ALLOWED_FROM", "metricsAllowedFrom", "127.0.0.0/8,::1"),
    METRICS_SENDERS(null, "GATEWAY_METRICS_SENDERS", "metricsSenders", null),
    LOG_FORMAT("--log-format", "GATEWAY_LOG_FORMAT", "logFormat", "text"),

    V2_UNSUPPORTED_ACK(null, "GATEWAY_V2_UNSUPPORTED_ACK", "v2UnsupportedAck", "AA"),
    V2_UNSUPPORTED_ACK_SENDERS(null, "GATEWAY_V2_UNSUPPORTED_ACK_SENDERS", "v2UnsupportedAckSenders", null),
    /** Comma-separated senders (MSH-3 or MSH-4) whose every message owns demographics; others' non-ADT fill gaps. */
    V2_DEMOGRAPHICS_SENDERS(null, "GATEWAY_V2_DEMOGRAPHICS_SENDERS", "v2DemographicsSenders", ""),
    /** Validate each mapped bundle against R4 and the gateway profiles before it is stored (docs/profiles.md). */
    V2_VALIDATE_MAPPED(null, "GATEWAY_V2_VALIDATE_MAPPED", "v2ValidateMapped", "false");

    private final String flag;
    private final String envName;
    private final String fileKey;
    private final String defaultValue;

    Setting(String flag, String envName, String fileKey, String defaultValue) {
        this.flag = flag;
        this.envName = envName;
        this.fileKey = fileKey;
        this.defaultValue = defaultValue;
    }

    String flag() {
        return flag;
    }

    String envName() {
        return envName;
    }

    String fileKey() {
        return fileKey;
    }

    String defaultValue() {
        return defaultValue;
    }
}
