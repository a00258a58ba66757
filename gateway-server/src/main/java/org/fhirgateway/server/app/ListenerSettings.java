package org.fhirgateway.server.app;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fhirgateway.server.app.GatewayConfig.MllpAccess;
import org.fhirgateway.server.auth.ClientDefinition;
import org.fhirgateway.server.ingest.AddressRange;

/**
 * Where the listeners are reachable from, and who may hold an MLLP connection: the {@code bind} address (loopback by
 * default), the MLLP limits, allow-list and mutual TLS. Also the rule that the example configuration's static tokens,
 * known to everyone who has read it, never serve beyond loopback.
 */
final class ListenerSettings {

    private ListenerSettings() {
    }

    static InetAddress bind(String value) {
        try {
            return InetAddress.getByName(value.trim());
        } catch (UnknownHostException e) {
            throw new ConfigException("bind must be a local address such as 127.0.0.1, ::1 or 0.0.0.0 (all)");
        }
    }

    static MllpAccess mllpAccess(Map<Setting, String> values, Path truststore) {
        String password = values.get(Setting.MLLP_TLS_TRUSTSTORE_PASSWORD);
        if (truststore != null && password == null) {
            throw new ConfigException("mllpTlsTruststore needs mllpTlsTruststorePassword");
        }
        Map<String, String> senders = senders(values.get(Setting.MLLP_TLS_SENDERS));
        if (!senders.isEmpty() && truststore == null) {
            throw new ConfigException("mllpTlsSenders needs mutual TLS (mllpTlsTruststore)");
        }
        return new MllpAccess(atLeastOne(values, Setting.MLLP_MAX_CONNECTIONS),
                atLeastOne(values, Setting.MLLP_MAX_CONNECTIONS_PER_SOURCE), ranges(values.get(Setting.MLLP_ALLOWED_SENDERS)),
                truststore, password, senders);
    }

    /**
     * Refuses a non-loopback bind while a client uses a token of the shipped example configuration: those tokens
     * are published with the code, so the API would be open to anyone who can reach the address.
     */
    static void refuseExampleTokensBeyondLoopback(InetAddress bind, List<ClientDefinition> clients) {
        if (bind.isLoopbackAddress()) {
            return;
        }
        List<String> example = YamlConfigFile.builtIn().clients().stream().flatMap(c -> c.token().stream()).toList();
        for (ClientDefinition client : clients) {
            if (client.token().filter(example::contains).isPresent()) {
                throw new ConfigException("refusing to listen on " + bind.getHostAddress() + ": client '" + client.name()
                        + "' uses a token of the example configuration; give it a secret token (or bind 127.0.0.1)");
            }
        }
    }

    private static int atLeastOne(Map<Setting, String> values, Setting setting) {
        long n = ConfigLoader.number(values, setting);
        if (n < 1 || n > 100_000) {
            throw new ConfigException(setting.fileKey() + " must be between 1 and 100000");
        }
        return (int) n;
    }

    /** metricsAllowedFrom (ranges), metricsSenders (comma-separated APP|FACILITY or FACILITY), logFormat. */
    static GatewayConfig.OpsSettings ops(java.util.Map<Setting, String> values) {
        List<AddressRange> allowed;
        try {
            allowed = ranges(values.get(Setting.METRICS_ALLOWED_FROM));
        } catch (ConfigException e) {
            throw new ConfigException(e.getMessage().replace("mllpAllowedSenders", "metricsAllowedFrom"));
        }
        List<String> senders = new ArrayList<>();
        String named = values.get(Setting.METRICS_SENDERS);
        for (String part : named == null ? new String[0] : named.split(",")) {
            if (!part.isBlank()) {
                senders.add(part.trim());
            }
        }
        try {
            return new GatewayConfig.OpsSettings(allowed, senders,
                    org.fhirgateway.server.ops.LogFormat.parse(values.get(Setting.LOG_FORMAT)));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /** {@code 10.0.0.0/8, 192.168.1.7}: comma-separated. */
    private static List<AddressRange> ranges(String value) {
        List<AddressRange> ranges = new ArrayList<>();
        if (value == null) {
            return ranges;
        }
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                try {
                    ranges.add(AddressRange.parse(part));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("mllpAllowedSenders: " + e.getMessage());
                }
            }
        }
        return ranges;
    }

    /** {@code lab-gw=LAB, ris=RADIOLOGY}: certificate CN = sending facility, comma-separated. */
    private static Map<String, String> senders(String value) {
        Map<String, String> senders = new LinkedHashMap<>();
        if (value == null) {
            return senders;
        }
        for (String part : value.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0 || eq == part.length() - 1) {
                throw new ConfigException("mllpTlsSenders entries are CN=FACILITY, comma-separated");
            }
            senders.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
        }
        return senders;
    }
}
