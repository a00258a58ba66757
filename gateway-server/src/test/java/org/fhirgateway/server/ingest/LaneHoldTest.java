package org.fhirgateway.server.ingest;

import org.fhirgateway.server.testing.TestAccess;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.store.Database;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.AfterEach;

/**
 * A failed message holds its patient's lane: the later messages of that patient (and a merge naming it) stay
 * received until the failed one is replayed (then applied first) or skipped. Real MLLP socket, real HTTP admin
 * operations, PostgreSQL.
 */
class LaneHoldTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final Authenticator TOKENS = header -> "Bearer admin".equals(header)
            ? Optional.of(TestAccess.context("admin", "HOPERAT", Set.of("system/*.*"), Set.of()))
            : Optional.empty();
    /** Long, so an answer within it shows the held message was answered at once, not after the wait. */
    private static final Duration APPLY_WAIT = Duration.ofSeconds(20);

    private Database db;
    private IngestStack stack;
    private IngestHttpServer jetty;
    private String base;
    private int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private void start() throws Exception {
        db = IngestDatabases.fresh();
        IngestSettings ingest = IngestSettings.defaults();
        stack = IngestStack.start(db.dataSource(), new RecordingApplier(), new IngestStack.Settings(
                new IngestSettings(AckMode.ORIGINAL, ingest.defaultCharset(), APPLY_WAIT, ingest.maxMessageBytes()),
                new WorkerSettings(2, Duration.ofSeconds(30), Duration.ofMillis(100), 50, "hold")));
        port = stack.listen(MllpSettings.defaults().withPort(0));
        jetty = IngestHttpServer.start(stack, TOKENS);
        base = jetty.base();
    }

    @AfterEach
    void stop() throws Exception {
        if (jetty != null) {
            jetty.close();
        }
        if (stack != null) {
            stack.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void aFailedAdmitHoldsItsPatientUntilReplayedThenAdmitAndDischargeApplyInOrder() throws Exception {
        start();
        RecordingApplier.poison(db.dataSource(), "H1");
        try (MllpClient client = new MllpClient("localhost", port)) {
            assertEquals("MSA|AR|H1", Messages.msa(client.send(Messages.adt("A01", "H1", "P1"))));
            long before = System.nanoTime();
            String held = client.send(Messages.adt("A03", "H2", "P1"));
            assertTrue(Duration.ofNanos(System.nanoTime() - before).compareTo(APPLY_WAIT) < 0, "answered at once");
            assertEquals("MSA|AA|H2", Messages.msa(held), "safely stored: AA");
            assertTrue(held.contains("|W|HELD|"), held);
            assertEquals("MSA|AA|O1", Messages.msa(client.send(Messages.adt("A01", "O1", "P2"))), "other patient");
            assertEquals("MSA|AA|O2", Messages.msa(client.send(Messages.adt("A03", "O2", "P2"))));
        }
        assertEquals(List.of("O1", "O2"), applied("MRN|P2"), "other lanes go on");
        Thread.sleep(500); // a few scans: the held discharge must still wait
        assertEquals(List.of(), applied("MRN|P1"), "the A03 is not applied while its A01 is failed");

        long h1 = idOf("H1");
        long h2 = idOf("H2");
        Parameters row = detail(h2);
        assertEquals("held", value(row, "status"));
        assertEquals(String.valueOf(h1), value(row, "heldBy"));
        assertEquals("failed", value(detail(h1), "status"));
        Bundle heldOnly = (Bundle) FHIR.newJsonParser().parseResource(get("/fhir/$hl7v2-messages?status=held").body());
        assertEquals(1, heldOnly.getEntry().size());
        assertEquals(String.valueOf(h2), value((Parameters) heldOnly.getEntry().get(0).getResource(), "id"));

        assertEquals(409, post("/fhir/$hl7v2-replay?id=" + h2).statusCode(), "a held message is not failed");
        assertEquals(409, post("/fhir/$hl7v2-skip?id=" + h2).statusCode());
        assertEquals(200, post("/fhir/$hl7v2-replay?id=" + h1).statusCode(), "replayed before the fix");
        waitForStatus(h1, "failed");
        Thread.sleep(300);
        assertEquals(List.of(), applied("MRN|P1"), "failed again: the lane stays held");
        assertEquals(String.valueOf(h1), value(detail(h2), "heldBy"));
        RecordingApplier.curePoisons(db.dataSource()); // the fix
        HttpResponse<String> replay = post("/fhir/$hl7v2-replay?id=" + h1);
        assertEquals(200, replay.statusCode(), replay.body());
        IngestDatabases.awaitNoneReceived(db.dataSource());
        assertEquals(List.of("H1", "H2"), applied("MRN|P1"), "A01, then A03");
        assertEquals("applied", value(detail(h2), "status"));
        Parameters replayed = detail(h1);
        assertEquals("applied", value(replayed, "status"));
        assertEquals("admin", value(replayed, "releasedBy"));
        HttpResponse<String> again = post("/fhir/$hl7v2-replay?id=" + h1);
        assertEquals(409, again.statusCode());
        assertTrue(FHIR.newJsonParser().parseResource(again.body()) instanceof OperationOutcome);
        assertEquals(409, post("/fhir/$hl7v2-skip?id=" + h1).statusCode(), "an applied message cannot be skipped");
    }

    @Test
    void skippingReleasesTheLaneAndKeepsTheSkippedMessage() throws Exception {
        start();
        RecordingApplier.poison(db.dataSource(), "S1");
        try (MllpClient client = new MllpClient("localhost", port)) {
            assertEquals("MSA|AR|S1", Messages.msa(client.send(Messages.adt("A08", "S1", "P3"))));
            assertEquals("MSA|AA|S2", Messages.msa(client.send(Messages.adt("A08", "S2", "P3"))));
            assertEquals("MSA|AA|S3", Messages.msa(client.send(Messages.adt("A03", "S3", "P3"))));
        }
        long s1 = idOf("S1");
        assertEquals("held", value(detail(idOf("S3")), "status"));
        assertEquals(List.of(), applied("MRN|P3"));

        HttpResponse<String> skip = post("/fhir/$hl7v2-skip?id=" + s1);
        assertEquals(200, skip.statusCode(), skip.body());
        assertEquals("skipped", value((Parameters) FHIR.newJsonParser().parseResource(skip.body()), "status"));
        IngestDatabases.awaitNoneReceived(db.dataSource());
        assertEquals(List.of("S2", "S3"), applied("MRN|P3"), "the held messages, in receive order");
        Parameters skipped = detail(s1);
        assertEquals("skipped", value(skipped, "status"));
        assertEquals("admin", value(skipped, "releasedBy"));
        assertTrue(skipped.getParameter("releasedAt") != null);
        assertEquals("INVALID_VALUE", value(skipped, "errorCode"), "why it failed is kept");
        assertEquals(InboxStatus.SKIPPED, stack.admin().list(new InboxAdmin.Query(InboxStatus.SKIPPED, null, null, null,
                null, null, 10)).rows().get(0).status());
        assertEquals(409, post("/fhir/$hl7v2-skip?id=" + s1).statusCode(), "skipped is final");
        assertEquals(409, post("/fhir/$hl7v2-replay?id=" + s1).statusCode());
        assertEquals(404, post("/fhir/$hl7v2-skip?id=999999").statusCode());
    }

    @Test
    void aMergeNamingAHeldPatientWaitsToo() throws Exception {
        start();
        RecordingApplier.poison(db.dataSource(), "L1");
        try (MllpClient client = new MllpClient("localhost", port)) {
            assertEquals("MSA|AR|L1", Messages.msa(client.send(Messages.adt("A01", "L1", "LOSER"))));
            assertEquals("MSA|AA|W1", Messages.msa(client.send(Messages.adt("A01", "W1", "WINNER"))));
            String merge = client.send(Messages.merge("M1", "WINNER", "LOSER"));
            assertEquals("MSA|AA|M1", Messages.msa(merge));
            assertTrue(merge.contains("|W|HELD|"), merge);
        }
        long l1 = idOf("L1");
        assertEquals(String.valueOf(l1), value(detail(idOf("M1")), "heldBy"));
        Thread.sleep(500);
        assertEquals(List.of("W1"), applied("MRN|WINNER"), "the merge waits for the losing patient's failure");
        assertEquals(200, post("/fhir/$hl7v2-skip?id=" + l1).statusCode());
        IngestDatabases.awaitNoneReceived(db.dataSource());
        assertEquals(List.of("W1", "M1"), applied("MRN|WINNER"));
        assertNull(detail(idOf("M1")).getParameter("heldBy"));
    }

    private HttpResponse<String> post(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer admin")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer admin").build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private Parameters detail(long id) throws Exception {
        HttpResponse<String> r = get("/fhir/$hl7v2-message?id=" + id);
        assertEquals(200, r.statusCode(), r.body());
        return (Parameters) FHIR.newJsonParser().parseResource(r.body());
    }

    private static String value(Parameters p, String name) {
        Parameters.ParametersParameterComponent param = p.getParameter(name);
        return param == null ? null : param.getValue().primitiveValue();
    }

    private long idOf(String controlId) throws Exception {
        try (Connection c = db.connection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id FROM inbox WHERE dedup_slot = '' AND control_id = '" + controlId + "'")) {
            assertTrue(rs.next(), controlId);
            return rs.getLong(1);
        }
    }

    private List<String> applied(String lane) throws Exception {
        return RecordingApplier.appliedIn(db.dataSource(), lane);
    }

    private void waitForStatus(long id, String status) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (!status.equals(value(detail(id), "status"))) {
            assertTrue(System.currentTimeMillis() < deadline, "inbox " + id + " not " + status + " after 20 s");
            Thread.sleep(50);
        }
    }
}
