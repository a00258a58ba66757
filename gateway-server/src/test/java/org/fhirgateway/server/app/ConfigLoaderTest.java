package org.fhirgateway.server.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.fhirgateway.server.auth.ClientDefinition;
import org.fhirgateway.server.ingest.AckMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private Path file(String yaml) throws Exception {
        Path file = dir.resolve("gateway.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void noFileGivesDefaultsAndTheBuiltInDevelopmentClients() {
        GatewayConfig config = new ConfigLoader(Map.of()).load(Map.of(), null);
        assertEquals(8080, config.httpPort());
        assertEquals(2575, config.mllpPort());
        assertEquals(Path.of("data").toAbsolutePath(), config.dataDir());
        assertTrue(config.database().embedded(), "no dbUrl: the embedded PostgreSQL in the data folder");
        assertEquals(16 * 1024 * 1024, config.maxRequestBytes());
        assertEquals(300, config.tokens().lifetime().toSeconds());
        assertTrue(config.developmentClients());
        assertEquals(List.of("admin", "registry", "billing", "research"), config.clients().stream().map(ClientDefinition::name).toList());
        ClientDefinition billing = config.clients().get(2);
        assertEquals("HPAYMT", billing.purposeOfUse());
        assertEquals(9, billing.scopes().size());
        assertTrue(billing.scopes().contains("system/Subscription.write"), "billing may subscribe (finished Encounters)");
        assertEquals(new GatewayConfig.SubscriptionRetries(java.time.Duration.ofDays(1), java.time.Duration.ofSeconds(1),
                java.time.Duration.ofMinutes(5), 4), config.subscriptions());
        assertTrue(billing.scopes().contains("system/Coverage.read"));
        assertEquals("PUBHLTH", config.clients().get(1).purposeOfUse());
        assertEquals("HRESCH", config.clients().get(3).purposeOfUse());
        assertTrue(config.clients().get(0).scopes().containsAll(List.of("system/*.read", "system/*.write")));
    }

    @Test
    void theShippedExampleIsTheBuiltInDefault() throws Exception {
        Path example = Path.of("..", "config", "gateway.example.yaml");
        GatewayConfig fromExample = new ConfigLoader(Map.of()).load(Map.of(), example);
        GatewayConfig builtIn = new ConfigLoader(Map.of()).load(Map.of(), null);
        assertEquals(builtIn.clients(), fromExample.clients());
        assertFalse(fromExample.developmentClients());
    }

    @Test
    void flagBeatsEnvironmentBeatsFileBeatsDefault() throws Exception {
        Path file = file("httpPort: 9000\nmllpPort: 3000\n");
        Map<String, String> env = Map.of("GATEWAY_HTTP_PORT", "9100", "GATEWAY_DB_URL", "jdbc:postgresql://db/gw");
        assertEquals(9200, new ConfigLoader(env).load(Map.of(Setting.HTTP_PORT, "9200"), file).httpPort());
        GatewayConfig fromEnv = new ConfigLoader(env).load(Map.of(), file);
        assertEquals(9100, fromEnv.httpPort());
        assertEquals("jdbc:postgresql://db/gw", fromEnv.database().jdbcUrl());
        assertEquals(3000, fromEnv.mllpPort());
        assertEquals(9000, new ConfigLoader(Map.of()).load(Map.of(), file).httpPort());
        assertTrue(new ConfigLoader(Map.of()).load(Map.of(), file).clients().isEmpty());
    }

    @Test
    void aDatabaseUrlMustBePostgresql() {
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(
                Map.of("GATEWAY_DB_URL", "jdbc:h2:file:./data/gateway")).load(Map.of(), null));
        assertTrue(e.getMessage().contains("dbUrl must be a PostgreSQL JDBC URL"), e.getMessage());
    }

    @Test
    void v2SettingsDefaultToOriginalAcksUtf8AndTheMachineZone() {
        GatewayConfig.V2Settings v2 = new ConfigLoader(Map.of()).load(Map.of(), null).v2();
        assertEquals(AckMode.ORIGINAL, v2.ackMode());
        assertEquals(StandardCharsets.UTF_8, v2.defaultCharset());
        assertEquals(ZoneId.systemDefault(), v2.defaultZone());
        assertEquals(16 * 1024 * 1024, v2.maxMessageBytes());
        assertEquals(30, v2.mllpReadTimeout().toSeconds());
        assertEquals(300, v2.mllpIdleTimeout().toSeconds(), "a silent connection is closed after five minutes");
        assertNull(v2.mllpTlsKeystore());
        assertEquals(512, v2.mllp().maxConnections());
        assertEquals(32, v2.mllp().maxPerSource());
        assertTrue(v2.mllp().allowedSenders().isEmpty());
    }

    @Test
    void listenersBindLoopbackUnlessToldOtherwise() throws Exception {
        assertTrue(new ConfigLoader(Map.of()).load(file("httpPort: 1\n")).bind().isLoopbackAddress());
        Path file = file("bind: 0.0.0.0\nmllpAllowedSenders: \"10.1.0.0/16, 192.168.7.9\"\n"
                + "mllpMaxConnectionsPerSource: 4\n");
        GatewayConfig config = new ConfigLoader(Map.of()).load(file);
        assertTrue(config.bind().isAnyLocalAddress());
        assertEquals("[10.1.0.0/16, 192.168.7.9/32]", config.v2().mllp().allowedSenders().toString());
        assertEquals(4, config.v2().mllp().maxPerSource());
        assertEquals("::1", new ConfigLoader(Map.of("GATEWAY_BIND", "::1")).load(file("httpPort: 1\n")).bind()
                .getHostAddress().replace("0:0:0:0:0:0:0:1", "::1"));
        assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of()).load(file("mllpAllowedSenders: example.org\n")));
        assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of()).load(file("mllpTlsSenders: lab=LAB\n")),
                "certificate senders need mutual TLS");
    }

    @Test
    void v2SettingsFromFileAndEnvironment() throws Exception {
        Files.writeString(dir.resolve("mllp.p12"), "not read here");
        Path file = file("v2AckMode: immediate\nv2DefaultCharset: ISO-8859-1\nv2DefaultZone: Europe/Berlin\n"
                + "mllpTlsKeystore: mllp.p12\nmllpTlsPassword: secret\nmllpIdleTimeoutSeconds: 600\n");
        GatewayConfig.V2Settings v2 = new ConfigLoader(Map.of("GATEWAY_V2_MAX_MESSAGE_BYTES", "1000")).load(Map.of(), file).v2();
        assertEquals(AckMode.IMMEDIATE, v2.ackMode());
        assertEquals(StandardCharsets.ISO_8859_1, v2.defaultCharset());
        assertEquals(ZoneId.of("Europe/Berlin"), v2.defaultZone());
        assertEquals(1000, v2.maxMessageBytes());
        assertEquals(600, v2.mllpIdleTimeout().toSeconds());
        assertEquals(dir.resolve("mllp.p12").toAbsolutePath(), v2.mllpTlsKeystore().toAbsolutePath());
        assertFalse(v2.toString().contains("secret"), "the password never shows in logs");
    }

    @Test
    void badV2SettingsAreClearErrors() throws Exception {
        ConfigLoader loader = new ConfigLoader(Map.of());
        assertTrue(assertThrows(ConfigException.class, () -> loader.load(Map.of(), file("v2AckMode: sometimes\n")))
                .getMessage().contains("v2AckMode"));
        assertTrue(assertThrows(ConfigException.class, () -> loader.load(Map.of(), file("v2UnsupportedAck: AE\n")))
                .getMessage().contains("v2UnsupportedAck"));
        assertTrue(assertThrows(ConfigException.class, () -> loader.load(Map.of(),
                file("v2UnsupportedAckSenders: LAB\n"))).getMessage().contains("v2UnsupportedAckSenders"));
        assertEquals(org.fhirgateway.server.ingest.AckCode.AR, loader.load(Map.of(),
                file("v2UnsupportedAckSenders: LAB=ar, RIS=AA\n")).v2().unsupportedAcks().bySender().get("LAB"));
        assertTrue(assertThrows(ConfigException.class, () -> loader.load(Map.of(), file("v2DefaultCharset: klingon\n")))
                .getMessage().contains("v2DefaultCharset"));
        assertTrue(assertThrows(ConfigException.class, () -> loader.load(Map.of(), file("v2DefaultZone: Mars/Olympus\n")))
                .getMessage().contains("v2DefaultZone"));
        assertTrue(assertThrows(ConfigException.class, () -> loader.load(Map.of(), file("mllpTlsKeystore: missing.p12\n"
                + "mllpTlsPassword: x\n"))).getMessage().contains("missing.p12"));
        Files.writeString(dir.resolve("k.p12"), "x");
        assertTrue(assertThrows(ConfigException.class, () -> loader.load(Map.of(), file("mllpTlsKeystore: k.p12\n")))
                .getMessage().contains("mllpTlsPassword"));
    }

    @Test
    void configFileCanComeFromTheEnvironment() throws Exception {
        Path file = file("httpPort: 9300\n");
        assertEquals(9300, new ConfigLoader(Map.of("GATEWAY_CONFIG", file.toString())).load(Map.of(), null).httpPort());
    }

    @Test
    void signingKeyComesFromTheEnvironmentAndMustBeLongEnough() throws Exception {
        Path file = file("httpPort: 1\n");
        String key = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        assertEquals(key, new ConfigLoader(Map.of("GATEWAY_TOKEN_SIGNING_KEY", key)).load(Map.of(), file).tokens().signingKey());
        assertNull(new ConfigLoader(Map.of()).load(Map.of(), file).tokens().signingKey());
        String shortKey = java.util.Base64.getEncoder().encodeToString(new byte[8]);
        assertThrows(ConfigException.class, () -> new ConfigLoader(Map.of("GATEWAY_TOKEN_SIGNING_KEY", shortKey)).load(Map.of(), file));
    }

    @Test
    void mistakesAreReportedNotIgnored() throws Exception {
        ConfigLoader loader = new ConfigLoader(Map.of());
        assertThrows(ConfigException.class, () -> loader.load(Map.of(), file("htpPort: 1\n")));
        assertThrows(ConfigException.class, () -> loader.load(Map.of(), file("httpPort: 70000\n")));
        assertThrows(ConfigException.class, () -> loader.load(Map.of(Setting.HTTP_PORT, "eighty"), file("")));
        assertThrows(ConfigException.class, () -> loader.load(Map.of(), dir.resolve("missing.yaml")));
        assertThrows(ConfigException.class, () -> loader.load(Map.of(), file("clients:\n  - name: a\n    purposeOfUse: FUN\n")));
        assertThrows(ConfigException.class, () -> loader.load(Map.of(), file(
                "clients:\n  - name: a\n    purposeOfUse: TREAT\n    scopes: [patient/*.read]\n")));
        assertThrows(ConfigException.class, () -> loader.load(Map.of(), file(
                "clients:\n  - {name: a, purposeOfUse: TREAT, token: same-token-0123456789}\n"
                        + "  - {name: b, purposeOfUse: TREAT, token: same-token-0123456789}\n")));
        assertThrows(ConfigException.class, () -> loader.load(Map.of(), file(
                "clients:\n  - {name: a, purposeOfUse: TREAT, jwks: 'https://example.org/jwks.json'}\n")));
        assertThrows(ConfigException.class, () -> loader.load(Map.of(), file(
                "clients:\n  - {name: a, purposeOfUse: TREAT, token: short}\n")));
    }

    @Test
    void jwksIsReadInlineOrFromAFileNextToTheConfig() throws Exception {
        JWKSet keys = new JWKSet(new RSAKeyGenerator(2048).keyID("k1").generate());
        Files.writeString(dir.resolve("client.jwks.json"), keys.toString(false));
        Path file = file("clients:\n"
                + "  - {name: fromfile, purposeOfUse: TREAT, scopes: [system/*.read], jwks: client.jwks.json}\n"
                + "  - name: inline\n    purposeOfUse: TREAT\n    jwks: " + keys.toPublicJWKSet() + "\n");
        List<ClientDefinition> clients = new ConfigLoader(Map.of()).load(Map.of(), file).clients();
        assertEquals("k1", clients.get(0).jwks().getKeys().get(0).getKeyID());
        assertFalse(clients.get(0).jwks().getKeys().get(0).isPrivate(), "only the public half is kept");
        assertEquals("k1", clients.get(1).jwks().getKeys().get(0).getKeyID());
    }
}
