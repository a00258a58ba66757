package org.fhirgateway.server.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Subscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * R4 Subscriptions through a real gateway to a real HTTP receiver: created over REST, matched after the write
 * commits (FHIR writes and v2 over {@code POST /hl7v2}), consent-filtered for the owner, retried with back-off,
 * marked error when the receiver keeps failing, in order per patient, and resumed after a restart.
 */
class SubscriptionHttpTest {

    static final String ADMIN = "sub-admin-token-0123456789";
    static final String REGISTRY = "sub-registry-token-0123456789";
    static final String RESEARCH = "sub-research-token-0123456789";
    static final String ICD10 = "http://hl7.org/fhir/sid/icd-10-cm";
    private static final FhirContext FHIR = FhirContext.forR4Cached();

    @TempDir
    static Path dir;
    static HookReceiver hooks;
    static RunningGateway gw;
    static String dbUrl;

    static String yaml(String dbUrl) {
        return """
                httpPort: 0
                mllpPort: 0
                subscriptionGiveUpAfterSeconds: 2
                subscriptionRetryInitialMillis: 100
                subscriptionRetryMaxSeconds: 1
                dbUrl: "%s"
                releasePolicies:
                  - name: operations
                    purposes: [HOPERAT]
                    unrestricted: true
                  - name: public-health
                    purposes: [PUBHLTH]
                    withhold: [HIV, ETH, PSY, SDV, SEX, R, V]
                  - name: research
                    purposes: [HRESCH]
                    withhold: [R, V]
                    deidentify: true
                clients:
                  - name: admin
                    token: %s
                    purposeOfUse: HOPERAT
                    scopes: [system/*.read, system/*.write]
                  - name: registry
                    token: %s
                    purposeOfUse: PUBHLTH
                    scopes: [system/Condition.read, system/Patient.read, system/Subscription.read, system/Subscription.write]
                  - name: research
                    token: %s
                    purposeOfUse: HRESCH
                    scopes: [system/Condition.read, system/Subscription.read, system/Subscription.write]
                """.formatted(dbUrl, ADMIN, REGISTRY, RESEARCH);
    }

    @BeforeAll
    static void start() throws Exception {
        hooks = new HookReceiver();
        dbUrl = RunningGateway.freshDatabaseUrl();
        java.nio.file.Files.createDirectories(dir.resolve("main"));
        java.nio.file.Files.createDirectories(dir.resolve("restart"));
        gw = RunningGateway.start(dir.resolve("main"), yaml(dbUrl), Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
        hooks.close();
    }

    // ---------------------------------------------------------------------------------------------------------

    @Test
    void invalidSubscriptionsAreRefusedWithAnOperationOutcome() throws Exception {
        assertRefused(subscription("Condition?nonsense-param=1", hooks.url("x"), "application/fhir+json"), 400,
                "GW-SEARCH-001");
        assertRefused(subscription("Widget?code=1", hooks.url("x"), "application/fhir+json"), 400, "GW-SUB-001");
        assertRefused(subscription("Condition?code=" + ICD10 + "|C61", "ftp://example.org/x", null), 400,
                "GW-SUB-001");
        Subscription email = subscription("Condition?code=" + ICD10 + "|C61", hooks.url("x"), null);
        email.getChannel().setType(Subscription.SubscriptionChannelType.EMAIL);
        assertRefused(email, 400, "GW-SUB-001");
        assertRefused(subscription("Encounter?status=finished", hooks.url("x"), null), 403, "GW-");
    }

    @Test
    void registryHearsOfCancerDiagnosesFromFhirAndV2WithEachPayload() throws Exception {
        String full = create(REGISTRY, subscription("Condition?code=" + ICD10 + "|C71.9", hooks.url("full"),
                "application/fhir+json"));
        String idOnly = create(REGISTRY, idOnly(subscription("Condition?code=" + ICD10 + "|C71.9",
                hooks.url("idonly"), "application/fhir+json")));
        create(REGISTRY, subscription("Condition?code=" + ICD10 + "|C71.9", hooks.url("empty"), null));
        assertEquals("active", read(REGISTRY, full).getStatus().toCode());
        assertNotEquals(full, idOnly);

        putPatient("sub-p1", false);
        put(condition("sub-c1", "sub-p1", "C71.9"));
        put(condition("sub-c-other", "sub-p1", "I10"));   // not a cancer code: no notification
        HookReceiver.await("the FHIR write's notification", 15_000, () -> hooks.accepted("full").size() == 1);

        Bundle first = hooks.accepted("full").get(0);
        assertEquals(Bundle.BundleType.HISTORY, first.getType());
        Parameters status = (Parameters) first.getEntry().get(0).getResource();
        assertEquals("Subscription/" + full, ((Reference) status.getParameter("subscription").getValue()).getReference());
        Condition delivered = (Condition) first.getEntry().get(1).getResource();
        assertEquals("sub-c1", delivered.getIdElement().getIdPart());
        HookReceiver.await("id-only and empty", 15_000, () -> hooks.accepted("idonly").size() == 1
                && hooks.accepted("empty").size() == 1);
        Bundle ids = hooks.accepted("idonly").get(0);
        assertEquals("Condition/sub-c1", ids.getEntry().get(1).getFullUrl());
        assertNull(ids.getEntry().get(1).getResource());
        assertEquals(1, hooks.accepted("empty").get(0).getEntry().size());

        // the same diagnosis arriving as HL7 v2 over HTTP: mapped, stored, and notified
        String adt = "MSH|^~\\&|EHR|HOSP|GW|GWF|20240101120000||ADT^A01^ADT_A01|SUB-CTL-1|P|2.5.1\r"
                + "EVN|A01|20240101120000\rPID|1||SUB-MRN-9^^^MRN^MR||DOE^JANE||19700101|F\r"
                + "PV1|1|I|W1^101^A|||||||||||||||||SUB-V-9\r"
                + "DG1|1||C71.9^Malignant neoplasm of brain^I10|||A\r";
        HttpResponse<String> ack = gw.send(HttpRequest.newBuilder(java.net.URI.create(gw.root() + "/hl7v2"))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/hl7-v2")
                .POST(HttpRequest.BodyPublishers.ofString(adt)).build());
        assertTrue(ack.body().contains("MSA|AA"), ack.body());
        HookReceiver.await("the v2 message's notification", 15_000, () -> hooks.accepted("full").size() == 2);
        Condition fromV2 = (Condition) hooks.accepted("full").get(1).getEntry().get(1).getResource();
        assertEquals("C71.9", fromV2.getCode().getCodingFirstRep().getCode());
        assertTrue(count("SELECT count(*) FROM disclosure WHERE interaction = 'subscription' AND client_name = "
                + "'registry'") >= 4, "each delivered notification is recorded as a disclosure");
    }

    @Test
    void aWithheldResourceIsNeverNotifiedAndAResearchOwnerGetsPseudonyms() throws Exception {
        create(REGISTRY, subscription("Condition?code=" + ICD10 + "|C18.0", hooks.url("consent"), "application/fhir+json"));
        create(RESEARCH, subscription("Condition?code=" + ICD10 + "|C18.0", hooks.url("research"), "application/fhir+json"));
        putPatient("sub-restricted", true);
        putPatient("sub-open", false);
        put(condition("sub-c-restricted", "sub-restricted", "C18.0"));
        put(condition("sub-c-open", "sub-open", "C18.0"));
        HookReceiver.await("the open patient's notification", 15_000, () -> hooks.accepted("consent").size() == 1
                && hooks.accepted("research").size() == 1);
        Condition delivered = (Condition) hooks.accepted("consent").get(0).getEntry().get(1).getResource();
        assertEquals("sub-c-open", delivered.getIdElement().getIdPart());
        HookReceiver.await("nothing pending", 15_000, () -> count("SELECT count(*) FROM subscription_outbox") == 0);
        assertEquals(0, count("SELECT count(*) FROM subscription_notification WHERE res_id = 'sub-c-restricted'"));
        assertEquals(1, hooks.all("consent").size());

        Condition pseudonymous = (Condition) hooks.accepted("research").get(0).getEntry().get(1).getResource();
        assertNotEquals("sub-c-open", pseudonymous.getIdElement().getIdPart());
        assertTrue(!pseudonymous.getSubject().getReference().contains("sub-open"), "the subject is a pseudonym");
        assertEquals(1, hooks.all("research").size(), "the restricted patient is withheld from research too");
    }

    @Test
    void aFailingReceiverIsRetriedWithBackOffAndGetsTheNotificationOnce() throws Exception {
        create(REGISTRY, subscription("Condition?code=" + ICD10 + "|C34.90", hooks.url("flaky"), "application/fhir+json"));
        hooks.failNext("flaky", 3);
        putPatient("sub-p-flaky", false);
        put(condition("sub-c-flaky", "sub-p-flaky", "C34.90"));
        HookReceiver.await("the fourth attempt", 15_000, () -> hooks.accepted("flaky").size() == 1);
        List<HookReceiver.Received> attempts = hooks.all("flaky");
        assertEquals(4, attempts.size());
        long gap1 = attempts.get(1).at() - attempts.get(0).at();
        long gap3 = attempts.get(3).at() - attempts.get(2).at();
        assertTrue(gap1 >= 90, "first retry after about 100 ms: " + gap1);
        assertTrue(gap3 >= 350, "the delay doubles: " + gap3);
        assertEquals(1, hooks.accepted("flaky").size());
    }

    @Test
    void aReceiverThatKeepsFailingEndsTheSubscriptionInError() throws Exception {
        String id = create(REGISTRY, subscription("Condition?code=" + ICD10 + "|C43.9", hooks.url("down"), null));
        hooks.failAlways("down", true);
        putPatient("sub-p-down", false);
        put(condition("sub-c-down", "sub-p-down", "C43.9"));
        HookReceiver.await("status error", 20_000, () -> {
            try {
                return "error".equals(read(REGISTRY, id).getStatus().toCode());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        String error = read(REGISTRY, id).getError();
        assertTrue(error.contains("HTTP 503"), error);
        assertTrue(hooks.all("down").size() >= 3, "retried before giving up");
    }

    @Test
    void notificationsOfOnePatientArriveInCommitOrder() throws Exception {
        create(REGISTRY, subscription("Condition?code=" + ICD10 + "|C61", hooks.url("order"), "application/fhir+json"));
        hooks.failNext("order", 5);
        int patients = 4;
        int writes = 12;
        for (int p = 0; p < patients; p++) {
            putPatient("sub-order-" + p, false);
        }
        ExecutorService pool = Executors.newFixedThreadPool(patients);
        List<Future<?>> done = new ArrayList<>();
        for (int p = 0; p < patients; p++) {
            int patient = p;
            done.add(pool.submit(() -> {
                for (int w = 0; w < writes; w++) {
                    put(condition("sub-order-" + patient + "-" + w, "sub-order-" + patient, "C61"));
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        HookReceiver.await("every notification", 30_000, () -> hooks.accepted("order").size() == patients * writes);
        Map<String, List<Integer>> byPatient = new java.util.TreeMap<>();
        for (Bundle b : hooks.accepted("order")) {
            Condition c = (Condition) b.getEntry().get(1).getResource();
            String[] parts = c.getIdElement().getIdPart().split("-");
            byPatient.computeIfAbsent(parts[2], k -> new ArrayList<>()).add(Integer.parseInt(parts[3]));
        }
        List<Integer> expected = java.util.stream.IntStream.range(0, writes).boxed().toList();
        byPatient.forEach((patient, seen) -> assertEquals(expected, seen, "patient " + patient));
        assertEquals(patients, byPatient.size());
    }

    @Test
    void pendingNotificationsAreDeliveredAfterARestart() throws Exception {
        String url = RunningGateway.freshDatabaseUrl();
        RunningGateway node = RunningGateway.start(dir.resolve("restart"), yaml(url), Map.of());
        try {
            String token = "Bearer " + REGISTRY;
            HttpResponse<String> created = node.send(node.request("/Subscription", REGISTRY)
                    .header("Content-Type", "application/fhir+json")
                    .POST(HttpRequest.BodyPublishers.ofString(json(subscription("Condition?code=" + ICD10 + "|C50.911",
                            hooks.url("restart"), "application/fhir+json")))).build());
            assertEquals(201, created.statusCode(), created.body() + token.length());
            hooks.failAlways("restart", true);
            for (String id : List.of("r1", "r2", "r3")) {
                assertEquals(201, node.send(node.request("/Condition/sub-restart-" + id, ADMIN)
                        .header("Content-Type", "application/fhir+json")
                        .PUT(HttpRequest.BodyPublishers.ofString(json(condition("sub-restart-" + id, null, "C50.911"))))
                        .build()).statusCode());
            }
            HookReceiver.await("a failed attempt", 15_000, () -> !hooks.all("restart").isEmpty());
        } finally {
            node.close();
        }
        hooks.failAlways("restart", false);
        RunningGateway again = RunningGateway.start(dir.resolve("restart"), yaml(url), Map.of());
        try {
            HookReceiver.await("the pending notifications", 15_000, () -> hooks.accepted("restart").size() == 3);
            List<String> ids = hooks.accepted("restart").stream()
                    .map(b -> b.getEntry().get(1).getResource().getIdElement().getIdPart()).sorted().toList();
            assertEquals(List.of("sub-restart-r1", "sub-restart-r2", "sub-restart-r3"), ids);
        } finally {
            again.close();
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    static Subscription subscription(String criteria, String endpoint, String payload) {
        Subscription s = new Subscription();
        s.setStatus(Subscription.SubscriptionStatus.REQUESTED).setReason("test").setCriteria(criteria);
        s.getChannel().setType(Subscription.SubscriptionChannelType.RESTHOOK).setEndpoint(endpoint)
                .addHeader("X-Test: yes");
        if (payload != null) {
            s.getChannel().setPayload(payload);
        }
        return s;
    }

    static Subscription idOnly(Subscription s) {
        s.getChannel().getPayloadElement().addExtension(
                "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-payload-content",
                new CodeType("id-only"));
        return s;
    }

    static Condition condition(String id, String patient, String code) {
        Condition c = new Condition();
        c.setId(id);
        c.getCode().addCoding().setSystem(ICD10).setCode(code);
        if (patient != null) {
            c.setSubject(new Reference("Patient/" + patient));
        }
        return c;
    }

    static String json(org.hl7.fhir.r4.model.Resource r) {
        return FHIR.newJsonParser().encodeResourceToString(r);
    }

    static String create(String token, Subscription s) throws Exception {
        HttpResponse<String> r = gw.send(gw.request("/Subscription", token).header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(json(s))).build());
        assertEquals(201, r.statusCode(), r.body());
        return FHIR.newJsonParser().parseResource(Subscription.class, r.body()).getIdElement().getIdPart();
    }

    static void assertRefused(Subscription s, int status, String code) throws Exception {
        HttpResponse<String> r = gw.send(gw.request("/Subscription", REGISTRY).header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(json(s))).build());
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.body().contains("OperationOutcome") && r.body().contains(code), r.body());
    }

    static void putPatient(String id, boolean restricted) throws Exception {
        Patient p = new Patient();
        p.setId(id);
        p.addName().setFamily("Subscriber");
        if (restricted) {
            p.getMeta().addSecurity().setSystem(ConsentFixture.CONFIDENTIALITY).setCode("R");
        }
        put(p);
    }

    static void put(org.hl7.fhir.r4.model.Resource r) throws Exception {
        HttpResponse<String> answer = gw.send(gw.request("/" + r.fhirType() + "/" + r.getIdElement().getIdPart(), ADMIN)
                .header("Content-Type", "application/fhir+json").PUT(HttpRequest.BodyPublishers.ofString(json(r))).build());
        assertTrue(answer.statusCode() == 200 || answer.statusCode() == 201, answer.body());
    }

    static Subscription read(String token, String id) throws Exception {
        HttpResponse<String> r = gw.get("/Subscription/" + id, token);
        assertEquals(200, r.statusCode(), r.body());
        return FHIR.newJsonParser().parseResource(Subscription.class, r.body());
    }

    static long count(String sql) {
        try (Connection c = DriverManager.getConnection(dbUrl); PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
