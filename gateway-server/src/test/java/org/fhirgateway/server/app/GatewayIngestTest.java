package org.fhirgateway.server.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.fhirgateway.server.testing.TestDatabases;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Parameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The running gateway (as {@code serve} starts it): v2 over MLLP and over POST /hl7v2 in, FHIR resources and the
 * admin operations out over the FHIR API, on PostgreSQL.
 */
class GatewayIngestTest {

    private static final String ADMIN = "Bearer dev-admin-token-LOCAL-ONLY";
    private static final FhirContext FHIR = FhirContext.forR4Cached();

    @TempDir
    Path dir;

    /** The flags of a test gateway: ports chosen by the system, its data under {@code dir}, the test database. */
    static Map<Setting, String> flags(Path dir) {
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        flags.put(Setting.HTTP_PORT, "0");
        flags.put(Setting.MLLP_PORT, "0");
        flags.put(Setting.DATA_DIR, dir.toString());
        flags.put(Setting.DB_URL, url());
        return flags;
    }

    @Test
    void v2InFhirOut() throws Exception {
        GatewayConfig config = new ConfigLoader(Map.of()).load(flags(dir), null);
        try (Gateway gateway = Gateway.start(config)) {
            String admitted = "20240315080000+0000";
            try (Socket socket = new Socket("localhost", gateway.mllpPort())) {
                assertEquals("MSA|AA|W1", msa(send(socket, adt("A01", "W1", "W4^412^B", admitted, ""))));
                assertEquals("MSA|AA|W2", msa(send(socket, adt("A02", "W2", "W5^501^A", admitted, ""))));
            }
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> viaHttp = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + gateway.httpPort() + "/hl7v2"))
                    .header("Authorization", ADMIN).header("Content-Type", "application/hl7-v2")
                    .POST(HttpRequest.BodyPublishers.ofString(adt("A03", "W3", "W5^501^A", admitted, "20240317120000+0000"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("MSA|AA|W3", msa(viaHttp.body()));

            String fhir = gateway.fhirBaseUrl();
            Bundle encounters = (Bundle) FHIR.newJsonParser().parseResource(get(http, fhir + "/Encounter?identifier=VN-1", ADMIN));
            assertEquals(1, encounters.getEntry().size());
            Encounter encounter = (Encounter) encounters.getEntryFirstRep().getResource();
            assertEquals(Encounter.EncounterStatus.FINISHED, encounter.getStatus());
            assertEquals(4, encounter.getLocation().size(), "location history: beds and their units");

            Bundle messages = (Bundle) FHIR.newJsonParser().parseResource(get(http, fhir + "/$hl7v2-messages?status=applied", ADMIN));
            assertEquals(3, messages.getEntry().size());
            String id = ((Parameters) messages.getEntryFirstRep().getResource()).getParameter("id").getValue().primitiveValue();
            Parameters one = (Parameters) FHIR.newJsonParser().parseResource(get(http, fhir + "/$hl7v2-message?id=" + id, ADMIN));
            assertTrue(one.getParameter().stream().anyMatch(p -> p.getName().equals("touched")
                    && p.getValue().toString().contains("Encounter/")) || one.getParameter().stream()
                    .anyMatch(p -> p.getName().equals("touched")));
            HttpResponse<String> noToken = http.send(HttpRequest.newBuilder(URI.create(fhir + "/$hl7v2-messages")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, noToken.statusCode());
        }
    }

    private static String get(HttpClient http, String url, String auth) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    static String url() {
        return TestDatabases.freshSchemaUrl("gw_ingest_");
    }

    static String adt(String event, String id, String location, String admitted, String discharged) {
        String[] pv1 = new String[46];
        java.util.Arrays.fill(pv1, "");
        pv1[0] = "PV1";
        pv1[1] = "1";
        pv1[2] = "I";
        pv1[3] = location + "^GHH";
        pv1[19] = "VN-1^^^GHH^VN";
        pv1[44] = admitted;
        pv1[45] = discharged;
        return "MSH|^~\\&|REGADT|GHH|GW|GWF|20240315080000||ADT^" + event + "^ADT_A01|" + id + "|P|2.5.1\r"
                + "EVN|" + event + "|20240315080000\rPID|1||MRN-7^^^GHH^MR||Everyman^Adam||19800214|M\r"
                + String.join("|", pv1) + "\r";
    }

    private static String send(Socket socket, String message) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write(0x0B);
        out.write(message.getBytes(StandardCharsets.ISO_8859_1));
        out.write(new byte[] {0x1C, 0x0D});
        out.flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream ack = new ByteArrayOutputStream();
        int b = in.read();
        while ((b = in.read()) != -1 && b != 0x1C) {
            ack.write(b);
        }
        in.read();
        return ack.toString(StandardCharsets.ISO_8859_1);
    }

    private static String msa(String ack) {
        for (String segment : ack.split("\r")) {
            if (segment.startsWith("MSA|")) {
                return segment;
            }
        }
        return ack;
    }
}
