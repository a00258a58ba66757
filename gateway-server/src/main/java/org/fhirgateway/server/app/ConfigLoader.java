package org.fhirgateway.server.app;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.fhirgateway.server.app.GatewayConfig.DatabaseSettings;
import org.fhirgateway.server.app.GatewayConfig.TokenSettings;
import org.fhirgateway.server.app.GatewayConfig.V2Settings;
import org.fhirgateway.server.ingest.AckMode;

/**
 * Resolves the configuration: each setting from the command-line flag, else the environment variable, else the
 * YAML file (from {@code --config} or {@code GATEWAY_CONFIG}), else its default. Without a file the built-in
 * configuration (equal to {@code config/gateway.example.yaml}) supplies the development clients.
 */
public final class ConfigLoader {

    static final String CONFIG_ENV = "GATEWAY_CONFIG";

    private final Map<String, String> environment;

    /** @param environment the process environment (tests pass their own map) */
    public ConfigLoader(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** Resolves with flags given as settings; a null config file means "environment, else built-in". */
    GatewayConfig load(Map<Setting, String> flags, Path configFile) {
        Optional<Path> file = Optional.ofNullable(configFile).or(() -> Optional.ofNullable(environment.get(CONFIG_ENV)).map(Path::of));
        YamlConfigFile yaml = file.map(YamlConfigFile::read).orElseGet(YamlConfigFile::builtIn);
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.values()) {
            resolve(setting, flags, yaml).ifPresent(value -> values.put(setting, value));
        }
        return build(values, yaml, file.isEmpty());
    }

    /** Resolves a configuration file with no flags (for embedding and tests). */
    public GatewayConfig load(Path configFile) {
        return load(Map.of(), configFile);
    }

    private Optional<String> resolve(Setting setting, Map<Setting, String> flags, YamlConfigFile yaml) {
        return Optional.ofNullable(flags.get(setting))
                .or(() -> Optional.ofNullable(environment.get(setting.envName())).filter(v -> !v.isBlank()))
                .or(() -> yaml.scalar(setting))
                .or(() -> Optional.ofNullable(setting.defaultValue()));
    }

    private GatewayConfig build(Map<Setting, String> values, YamlConfigFile yaml, boolean builtIn) {
        Path dataDir = Path.of(values.get(Setting.DATA_DIR)).toAbsolutePath().normalize();
        String jdbc = values.get(Setting.DB_URL);
        if (jdbc != null && !jdbc.startsWith("jdbc:postgresql:")) {
            throw new ConfigException("dbUrl must be a PostgreSQL JDBC URL (jdbc:postgresql://HOST:PORT/DATABASE); "
                    + "without it the gateway runs its embedded PostgreSQL");
        }
        DatabaseSettings db = new DatabaseSettings(jdbc, values.get(Setting.DB_USER), values.get(Setting.DB_PASSWORD));
        String key = values.get(Setting.TOKEN_SIGNING_KEY);
        checkSigningKey(key);
        TokenSettings tokens = new TokenSettings(key,
                Duration.ofSeconds(positive(values, Setting.TOKEN_LIFETIME_SECONDS, 3600)));
        return new GatewayConfig(
                port(values, Setting.HTTP_PORT), port(values, Setting.MLLP_PORT), dataDir, db,
                positive(values, Setting.MAX_REQUEST_BYTES, Integer.MAX_VALUE), baseUrl(values.get(Setting.PUBLIC_BASE_URL)),
                tokens, yaml.clients(), builtIn, v2(values, yaml), ListenerSettings.bind(values.get(Setting.BIND)),
                yaml.releasePolicies(), subscriptions(values), new GatewayConfig.ExportSettings(
                        (int) positive(values, Setting.EXPORT_RESOURCES_PER_FILE, 10_000_000),
                        Duration.ofSeconds(positive(values, Setting.EXPORT_FILE_LIFETIME_SECONDS, 365L * 86400)),
                        Duration.ofSeconds(positive(values, Setting.EXPORT_SWEEP_SECONDS, 86400)),
                        (int) positive(values, Setting.EXPORT_WORKERS, 64)), ListenerSettings.ops(values));
    }

    private static GatewayConfig.SubscriptionRetries subscriptions(Map<Setting, String> values) {
        return new GatewayConfig.SubscriptionRetries(
                Duration.ofSeconds(positive(values, Setting.SUBSCRIPTION_GIVE_UP_AFTER_SECONDS, 365L * 86400)),
                Duration.ofMillis(positive(values, Setting.SUBSCRIPTION_RETRY_INITIAL_MILLIS, 3_600_000)),
                Duration.ofSeconds(positive(values, Setting.SUBSCRIPTION_RETRY_MAX_SECONDS, 86400)),
                (int) positive(values, Setting.SUBSCRIPTION_WORKERS, 64));
    }

    private static V2Settings v2(Map<Setting, String> values, YamlConfigFile yaml) {
        Path keystore = file(values.get(Setting.MLLP_TLS_KEYSTORE), yaml);
        String password = values.get(Setting.MLLP_TLS_PASSWORD);
        if (keystore != null && password == null) {
            throw new ConfigException("mllpTlsKeystore needs mllpTlsPassword");
        }
        if (keystore == null && values.get(Setting.MLLP_TLS_TRUSTSTORE) != null) {
            throw new ConfigException("mllpTlsTruststore (mutual TLS) needs mllpTlsKeystore");
        }
        return new V2Settings(ackMode(values.get(Setting.V2_ACK_MODE)), charset(values.get(Setting.V2_DEFAULT_CHARSET)),
                zone(values.get(Setting.V2_DEFAULT_ZONE)),
                (int) positive(values, Setting.V2_MAX_MESSAGE_BYTES, Integer.MAX_VALUE - 16),
                Duration.ofSeconds(positive(values, Setting.V2_APPLY_WAIT_SECONDS, 3600)),
                Duration.ofSeconds(positive(values, Setting.MLLP_READ_TIMEOUT_SECONDS, 3600)),
                Duration.ofSeconds(notNegative(values, Setting.MLLP_IDLE_TIMEOUT_SECONDS)), keystore, password,
                ListenerSettings.mllpAccess(values, file(values.get(Setting.MLLP_TLS_TRUSTSTORE), yaml)),
                FeedRules.unsupportedAcks(values),
                java.util.Arrays.stream(values.get(Setting.V2_DEMOGRAPHICS_SENDERS).split(",")).map(String::trim)
                        .filter(sender -> !sender.isEmpty()).toList(),
                bool(values, Setting.V2_VALIDATE_MAPPED));
    }

    private static boolean bool(Map<Setting, String> values, Setting setting) {
        String value = values.get(setting).trim().toLowerCase(java.util.Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            throw new ConfigException(setting.fileKey() + " must be true or false, not '" + value + "'");
        }
        return value.equals("true");
    }

    private static AckMode ackMode(String value) {
        return switch (value.trim().toUpperCase(java.util.Locale.ROOT)) {
            case "ORIGINAL" -> AckMode.ORIGINAL;
            case "IMMEDIATE" -> AckMode.IMMEDIATE;
            default -> throw new ConfigException("v2AckMode must be ORIGINAL or IMMEDIATE (enhanced mode follows MSH-15/16)");
        };
    }

    private static Charset charset(String name) {
        try {
            return Charset.forName(name.trim());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new ConfigException("v2DefaultCharset is not a character set this Java knows: " + name);
        }
    }

    /** No setting: the machine's zone, stated once in the log at start-up. */
    private static ZoneId zone(String id) {
        try {
            return id == null ? ZoneId.systemDefault() : ZoneId.of(id.trim());
        } catch (DateTimeException e) {
            throw new ConfigException("v2DefaultZone must be a zone id such as Europe/Berlin or UTC: " + id);
        }
    }

    /** A file named in the configuration, relative to the config file's folder when not absolute. */
    private static Path file(String value, YamlConfigFile yaml) {
        if (value == null) {
            return null;
        }
        Path path = yaml.resolve(value);
        if (!java.nio.file.Files.isReadable(path)) {
            throw new ConfigException("cannot read " + path);
        }
        return path;
    }

    private static long notNegative(Map<Setting, String> values, Setting setting) {
        long value = number(values, setting);
        if (value < 0) {
            throw new ConfigException(setting.fileKey() + " must be zero or more");
        }
        return value;
    }

    private static int port(Map<Setting, String> values, Setting setting) {
        long port = number(values, setting);
        if (port < 0 || port > 65535) {
            throw new ConfigException(setting.fileKey() + " must be a port number between 0 and 65535");
        }
        return (int) port;
    }

    private static long positive(Map<Setting, String> values, Setting setting, long max) {
        long value = number(values, setting);
        if (value <= 0 || value > max) {
            throw new ConfigException(setting.fileKey() + " must be between 1 and " + max);
        }
        return value;
    }

    static long number(Map<Setting, String> values, Setting setting) {
        try {
            return Long.parseLong(values.get(setting).trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(setting.fileKey() + " must be a whole number");
        }
    }

    private static String baseUrl(String url) {
        if (url == null) {
            return null;
        }
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new ConfigException("publicBaseUrl must start with http:// or https://");
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static void checkSigningKey(String key) {
        if (key == null) {
            return;
        }
        try {
            if (Base64.getDecoder().decode(key.trim()).length < 32) {
                throw new ConfigException("tokenSigningKey must hold at least 32 bytes (base64)");
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException("tokenSigningKey must be base64");
        }
    }
}
