package org.fhirgateway.server.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.fhirgateway.server.store.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MLLP over TLS with a keystore from the configuration (made here with keytool). */
class MllpTlsTest {

    @TempDir
    Path dir;

    @Test
    void aTlsClientGetsItsAckAndAPlainClientNothing() throws Exception {
        Path keystore = dir.resolve("mllp.p12");
        String java = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process keytool = new ProcessBuilder(List.of(java, "-genkeypair", "-alias", "mllp", "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "changeit", "-keypass", "changeit")).redirectErrorStream(true).start();
        keytool.getInputStream().readAllBytes();
        assertEquals(0, keytool.waitFor(60, TimeUnit.SECONDS) ? keytool.exitValue() : -1);
        try (Database db = IngestDatabases.fresh();
                IngestStack stack = IngestStack.start(db.dataSource(), new RecordingApplier(), new IngestStack.Settings(
                        IngestSettings.defaults().withMode(AckMode.IMMEDIATE),
                        new WorkerSettings(2, Duration.ofSeconds(30), Duration.ofMillis(100), 50, "tls")))) {
            int port = stack.listen(MllpSettings.defaults().withPort(0).withReadTimeout(Duration.ofSeconds(2))
                    .withTls(new MllpSettings.Tls(keystore, "changeit".toCharArray())));
            SSLContext trustAll = SSLContext.getInstance("TLS");
            trustAll.init(null, new TrustManager[] {new TrustAll()}, null);
            try (MllpClient client = new MllpClient(trustAll.getSocketFactory().createSocket("localhost", port))) {
                ((SSLSocket) client.socket()).startHandshake();
                assertEquals("MSA|AA|TLS1", Messages.msa(client.send(Messages.adt("A01", "TLS1", "P1"))));
            }
            try (java.net.Socket silent = new java.net.Socket("localhost", port)) {
                silent.setSoTimeout(10_000);
                long t0 = System.nanoTime();
                while (silent.getInputStream().read() != -1) {
                    // a TLS alert may come first; then the end of the stream
                }
                org.junit.jupiter.api.Assertions.assertTrue(System.nanoTime() - t0 < 8_000_000_000L, "after the 2 s read timeout");
            }
            try (MllpClient plain = new MllpClient("localhost", port)) {
                assertThrows(IOException.class, () -> {
                    String answer = plain.send(Messages.adt("A01", "PLAIN1", "P1"));
                    if (answer == null) {
                        throw new IOException("closed without an answer");
                    }
                });
            }
        }
    }

    @Test
    void mutualTlsMapsTheClientCertificateToItsSender() throws Exception {
        Path server = keypair("server.p12", "CN=localhost");
        Path client = keypair("client.p12", "CN=lab-gw");
        Path stranger = keypair("stranger.p12", "CN=lab-gw");
        Path cert = dir.resolve("client.cer");
        keytool("-exportcert", "-alias", "mllp", "-keystore", client.toString(), "-storepass", "changeit",
                "-file", cert.toString());
        Path trust = dir.resolve("trust.p12");
        keytool("-importcert", "-noprompt", "-alias", "lab-gw", "-file", cert.toString(), "-storetype", "PKCS12",
                "-keystore", trust.toString(), "-storepass", "changeit");
        try (Database db = IngestDatabases.fresh();
                IngestStack stack = IngestStack.start(db.dataSource(), new RecordingApplier(), new IngestStack.Settings(
                        IngestSettings.defaults().withMode(AckMode.IMMEDIATE),
                        new WorkerSettings(2, Duration.ofSeconds(30), Duration.ofMillis(100), 50, "mtls")))) {
            int port = stack.listen(MllpSettings.defaults().withPort(0).withReadTimeout(Duration.ofSeconds(2))
                    .withTls(new MllpSettings.Tls(server, "changeit".toCharArray(), trust, "changeit".toCharArray(),
                            java.util.Map.of("lab-gw", "HOSP"))));
            try (MllpClient lab = new MllpClient(clientContext(client).getSocketFactory().createSocket("localhost", port))) {
                ((SSLSocket) lab.socket()).startHandshake();
                assertEquals("MSA|AA|MTLS1", Messages.msa(lab.send(Messages.adt("A01", "MTLS1", "P1"))),
                        "MSH-4 HOSP is the facility the certificate is bound to");
                String other = Messages.adt("A01", "MTLS2", "P1").replace("|EHR|HOSP|", "|EHR|OTHER|");
                String refused = lab.send(other);
                assertEquals("MSA|AR|MTLS2", Messages.msa(refused));
                assertTrue(refused.contains("SENDER_NOT_ALLOWED"), refused);
            }
            for (SSLContext untrusted : List.of(clientContext(null), clientContext(stranger))) {
                assertThrows(IOException.class, () -> {
                    try (MllpClient nobody = new MllpClient(untrusted.getSocketFactory().createSocket("localhost", port))) {
                        ((SSLSocket) nobody.socket()).startHandshake();
                        if (nobody.send(Messages.adt("A01", "MTLS3", "P1")) == null) {
                            throw new IOException("closed without an answer");
                        }
                    }
                }, "a client without a trusted certificate gets no answer");
            }
            try (java.sql.Connection c = db.connection(); java.sql.Statement s = c.createStatement();
                    java.sql.ResultSet rs = s.executeQuery("SELECT control_id FROM inbox")) {
                List<String> stored = new java.util.ArrayList<>();
                while (rs.next()) {
                    stored.add(rs.getString(1));
                }
                assertEquals(List.of("MTLS1"), stored, "only the message from the bound facility was stored");
            }
        }
    }

    private Path keypair(String file, String dname) throws Exception {
        Path keystore = dir.resolve(file);
        keytool("-genkeypair", "-alias", "mllp", "-keyalg", "RSA", "-keysize", "2048", "-dname", dname, "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit");
        return keystore;
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin",
                "keytool").toString()));
        command.addAll(List.of(args));
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertEquals(0, keytool.waitFor(60, TimeUnit.SECONDS) ? keytool.exitValue() : -1, output);
    }

    /** A client trusting any server, presenting the key in {@code keystore} (none when null). */
    private static SSLContext clientContext(Path keystore) throws Exception {
        javax.net.ssl.KeyManager[] keys = null;
        if (keystore != null) {
            java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
            try (java.io.InputStream in = java.nio.file.Files.newInputStream(keystore)) {
                store.load(in, "changeit".toCharArray());
            }
            javax.net.ssl.KeyManagerFactory factory = javax.net.ssl.KeyManagerFactory.getInstance(
                    javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, "changeit".toCharArray());
            keys = factory.getKeyManagers();
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys, new TrustManager[] {new TrustAll()}, null);
        return context;
    }

    /** Test client only: the server's certificate is self-signed. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
