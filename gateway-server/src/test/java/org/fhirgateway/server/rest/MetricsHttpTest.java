package org.fhirgateway.server.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fhirgateway.server.ingest.MllpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} on a running gateway: messages sent over MLLP move the received, applied, failed and held
 * counters under their type and sender labels, the backlog gauges see the held lane, a search is timed by type,
 * the JVM, pool and Jetty binders report, and nothing of the patients in the messages appears in the scrape. An
 * address outside {@code metricsAllowedFrom} gets 403.
 */
class MetricsHttpTest {

    private static final String FAMILY = "QUIXOTELLA";
    private static final String GIVEN = "WENCESLAVA";
    private static final String MRN = "MRN7731904";

    @TempDir
    Path dir;

    static String adt(String event, String controlId, String mrn) {
        return "MSH|^~\\&|EHR|HOSP|GW|GWF|20240101120000||ADT^" + event + "^ADT_A01|" + controlId + "|P|2.5.1"
                + "\rEVN|" + event + "|20240101120000\rPID|1||" + mrn + "^^^MRN^MR||" + FAMILY + "^" + GIVEN
                + "||19700101|F\rPV1|1|I|W1^101^A||||||||||||||||VN-" + controlId + "\r";
    }

    @Test
    void countersMoveWithBoundedLabelsAndNoPatientData() throws Exception {
        try (RunningGateway gw = RunningGateway.start(dir)) {
            try (MllpClient mllp = new MllpClient("localhost", gw.mllpPort())) {
                String first = mllp.send(adt("A01", "M1", MRN));
                assertTrue(first.contains("MSA|AA|M1"), first);
                assertTrue(mllp.send(adt("A08", "M2", MRN)).contains("MSA|AA|M2"));
                // a merge without its MRG fails, and holds the lane of its patient
                String failed = mllp.send(adt("A40", "M3", MRN + "X"));
                assertTrue(failed.contains("MSA|A"), failed);
                String held = mllp.send(adt("A08", "M4", MRN + "X"));
                assertTrue(held.contains("MSA|AA|M4") && held.contains("HELD"), held);
            }
            HttpResponse<String> search = gw.get("/Patient?family=" + FAMILY, RunningGateway.ADMIN);
            assertEquals(200, search.statusCode());

            String scrape = scrape(gw);
            assertEquals(1.0, value(scrape, "gateway_messages_received_total", "sender=\"EHR|HOSP\",type=\"ADT_A01\""));
            assertEquals(4.0, sum(scrape, "gateway_messages_received_total"));
            assertEquals(1.0, value(scrape, "gateway_messages_applied_total", "sender=\"EHR|HOSP\",type=\"ADT_A08\""));
            assertEquals(1.0, value(scrape, "gateway_messages_failed_total",
                    "code=\"REQUIRED_FIELD_MISSING\",sender=\"EHR|HOSP\",type=\"ADT_A40\""));
            assertEquals(1.0, value(scrape, "gateway_messages_held_total", "sender=\"EHR|HOSP\",type=\"ADT_A08\""));
            assertEquals(4.0, sum(scrape, "gateway_ack_latency_seconds_count"));
            assertEquals(2.0, sum(scrape, "gateway_apply_latency_seconds_count"));
            assertEquals(1.0, value(scrape, "gateway_inbox_failed", null));
            assertEquals(1.0, value(scrape, "gateway_inbox_held", null));
            assertEquals(1.0, value(scrape, "gateway_inbox_received", null));
            assertEquals(1.0, value(scrape, "gateway_search_latency_seconds_count", "status=\"2xx\",type=\"Patient\""));
            for (String binder : new String[] {"jvm_memory_used_bytes", "jvm_threads_live_threads",
                    "hikaricp_connections_active", "jetty_threads_busy", "process_uptime_seconds"}) {
                assertTrue(scrape.contains("\n" + binder), binder + " missing from the scrape");
            }
            for (String patientData : new String[] {FAMILY, GIVEN, MRN, "19700101", "VN-M1"}) {
                assertFalse(scrape.contains(patientData), patientData + " appears in the scrape");
            }
        }
    }

    @Test
    void anAddressOutsideTheAllowListGets403() throws Exception {
        try (RunningGateway gw = RunningGateway.start(dir, RunningGateway.clientsYaml("")
                + "metricsAllowedFrom: \"10.0.0.0/8\"\n", Map.of())) {
            HttpResponse<String> refused = gw.send(HttpRequest.newBuilder(URI.create(gw.root() + "/metrics")).build());
            assertEquals(403, refused.statusCode());
            assertTrue(refused.body().contains("GW-OPS-403"), refused.body());
            assertFalse(refused.body().contains("jvm_"), refused.body());
        }
    }

    static String scrape(RunningGateway gw) throws Exception {
        HttpResponse<String> response = gw.send(HttpRequest.newBuilder(URI.create(gw.root() + "/metrics")).build());
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        return response.body();
    }

    /** The value of the one sample of {@code name} whose labels are exactly {@code labels} (null: any, one sample). */
    static double value(String scrape, String name, String labels) {
        Pattern line = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{([^}]*)\\})? (\\S+)$");
        Matcher m = line.matcher(scrape);
        Double found = null;
        while (m.find()) {
            if (labels == null || labels.equals(m.group(2))) {
                if (found != null) {
                    throw new AssertionError("more than one sample of " + name + " {" + labels + "}");
                }
                found = Double.parseDouble(m.group(3));
            }
        }
        if (found == null) {
            throw new AssertionError("no sample " + name + "{" + labels + "} in:\n" + grep(scrape, name));
        }
        return found;
    }

    static double sum(String scrape, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$").matcher(scrape);
        double total = 0;
        while (m.find()) {
            total += Double.parseDouble(m.group(2));
        }
        return total;
    }

    private static String grep(String scrape, String name) {
        StringBuilder lines = new StringBuilder();
        for (String l : scrape.split("\n")) {
            if (l.startsWith(name.replaceAll("_(total|count)$", ""))) {
                lines.append(l).append('\n');
            }
        }
        return lines.toString();
    }
}
