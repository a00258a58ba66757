package org.fhirgateway.server.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
import org.fhirgateway.server.testing.TestDatabases;
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
