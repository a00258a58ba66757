package org.fhirgateway.server.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fhirgateway.server.ingest.MllpClient;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Parameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message type the mappers do not support never blocks a feed: over real MLLP into the gateway as {@code serve}
 * starts it (PostgreSQL), it is answered AA with an ERR warning (or AR for a sender configured so), stored
 * {@code unsupported}, listed by the admin API, and the same patient's next A08 is applied, not held.
 */
class UnsupportedTypeFeedTest {

    private static final String ADMIN = "Bearer dev-admin-token-LOCAL-ONLY";
    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void anUnknownTypeIsStoredUnsupportedAndTheNextA08OfThatPatientIsApplied() throws Exception {
        Map<Setting, String> flags = GatewayIngestTest.flags(dir);
        flags.put(Setting.V2_UNSUPPORTED_ACK_SENDERS, "LABF=AR");
        GatewayConfig config = new ConfigLoader(Map.of()).load(flags, null);
        try (Gateway gateway = Gateway.start(config)) {
            try (MllpClient mllp = new MllpClient("localhost", gateway.mllpPort())) {
                assertEquals("MSA|AA|U1", segment(mllp.send(adt("GHH", "A01", "U1", "MRN-7", "Everyman")), "MSA"));
                String unknown = mllp.send(unknown("GHH", "U2", "MRN-7"));
                assertEquals("MSA|AA|U2", segment(unknown, "MSA"), unknown);
                String err = segment(unknown, "ERR");
                assertTrue(err.contains("|200^Unsupported message type^HL70357|W|UNSUPPORTED_MESSAGE_TYPE|"), err);
                assertEquals("MSA|AA|U3", segment(mllp.send(adt("GHH", "A08", "U3", "MRN-7", "Newname")), "MSA"),
                        "the next A08 is applied, not held");

                assertEquals("MSA|AA|L1", segment(mllp.send(adt("LABF", "A01", "L1", "MRN-8", "Labpatient")), "MSA"));
                String refused = mllp.send(unknown("LABF", "L2", "MRN-8"));
                assertEquals("MSA|AR|L2", segment(refused, "MSA"), "a sender configured AR gets AR");
                assertTrue(segment(refused, "ERR").contains("|E|UNSUPPORTED_MESSAGE_TYPE|"), refused);
                String after = mllp.send(adt("LABF", "A08", "L3", "MRN-8", "Labrenamed"));
                assertEquals("MSA|AA|L3", segment(after, "MSA"), "nothing held after an AR either");
                assertTrue(!after.contains("HELD"), after);
            }
            String fhir = gateway.fhirBaseUrl();
            assertEquals(List.of("Newname"), families(fhir, "MRN-7"), "the A08 after the unknown type was applied");
            assertEquals(List.of("Labrenamed"), families(fhir, "MRN-8"));

            Bundle unsupported = (Bundle) FHIR.newJsonParser()
                    .parseResource(get(fhir + "/$hl7v2-messages?status=unsupported", 200));
            List<String> controlIds = new ArrayList<>();
            for (Bundle.BundleEntryComponent e : unsupported.getEntry()) {
                Parameters p = (Parameters) e.getResource();
                assertEquals("unsupported", value(p, "status"));
                assertEquals("UNSUPPORTED_MESSAGE_TYPE", value(p, "errorCode"));
                controlIds.add(value(p, "controlId"));
            }
            assertEquals(List.of("L2", "U2"), controlIds, "newest first");
            Bundle held = (Bundle) FHIR.newJsonParser().parseResource(get(fhir + "/$hl7v2-messages?status=held", 200));
            assertEquals(0, held.getEntry().size(), "nothing held");
            Bundle applied = (Bundle) FHIR.newJsonParser().parseResource(get(fhir + "/$hl7v2-messages?status=applied", 200));
            assertEquals(4, applied.getEntry().size());

            // still unsupported by these mappers: a replay puts it back in its lane, and it ends unsupported again
            String id = value((Parameters) unsupported.getEntry().get(1).getResource(), "id");
            HttpResponse<String> replay = post(fhir + "/$hl7v2-replay?id=" + id);
            assertEquals(200, replay.statusCode(), replay.body());
            assertEquals("received", value((Parameters) FHIR.newJsonParser().parseResource(replay.body()), "status"));
            assertEquals("unsupported", awaitClosed(fhir, id));
            assertEquals(409, post(fhir + "/$hl7v2-skip?id=" + id).statusCode(), "skip is for failed messages");
            assertEquals(400, http.send(HttpRequest.newBuilder(URI.create(fhir + "/$hl7v2-messages?status=nope"))
                    .header("Authorization", ADMIN).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }

    private String awaitClosed(String fhir, String id) throws Exception {
        for (int i = 0; i < 200; i++) {
            Parameters p = (Parameters) FHIR.newJsonParser().parseResource(get(fhir + "/$hl7v2-message?id=" + id, 200));
            if (!"received".equals(value(p, "status"))) {
                return value(p, "status");
            }
            Thread.sleep(50);
        }
        return "received";
    }

    private List<String> families(String fhir, String mrn) throws Exception {
        Bundle patients = (Bundle) FHIR.newJsonParser().parseResource(get(fhir + "/Patient?identifier=" + mrn, 200));
        List<String> names = new ArrayList<>();
        for (Bundle.BundleEntryComponent e : patients.getEntry()) {
            names.add(((org.hl7.fhir.r4.model.Patient) e.getResource()).getNameFirstRep().getFamily());
        }
        return names;
    }

    static String adt(String facility, String event, String id, String mrn, String family) {
        return "MSH|^~\\&|REGADT|" + facility + "|GW|GWF|20240315080000||ADT^" + event + "^ADT_A01|" + id
                + "|P|2.5.1\rEVN|" + event + "|20240315080000\rPID|1||" + mrn + "^^^GHH^MR||" + family
                + "^Adam||19800214|M\rPV1|1|I|W4^412^B^GHH\r";
    }

    static String unknown(String facility, String id, String mrn) {
        return "MSH|^~\\&|REGADT|" + facility + "|GW|GWF|20240315080100||ZZZ^Z01|" + id + "|P|2.5.1\rPID|1||" + mrn
                + "^^^GHH^MR||Everyman^Adam||19800214|M\r";
    }

    private String get(String url, int status) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", ADMIN).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(status, r.statusCode(), r.body());
        return r.body();
    }

    private HttpResponse<String> post(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", ADMIN)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String value(Parameters p, String name) {
        Parameters.ParametersParameterComponent param = p.getParameter(name);
        return param == null ? null : param.getValue().primitiveValue();
    }

    private static String segment(String ack, String name) {
        for (String segment : ack.split("\r")) {
            if (segment.startsWith(name + "|")) {
                return segment;
            }
        }
        return "";
    }
}
