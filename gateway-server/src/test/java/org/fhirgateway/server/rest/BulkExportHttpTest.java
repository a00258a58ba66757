package org.fhirgateway.server.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Bulk Data export conversation of the HL7 FHIR Bulk Data Access IG 2.0.0 through the real HTTP API: kick-off,
 * polling, the manifest, downloads, cancel, {@code _since}, {@code _typeFilter}, a criteria Group, consent
 * (a restricted patient and an opted-out one absent, a research client's files de-identified), another client's
 * download refused, expiry, and a gateway stopped in the middle of a job that resumes on restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BulkExportHttpTest {

    static final String REGISTRY = "test-export-registry-0123456789";
    static final String RESEARCH = "test-export-research-0123456789";
    static final String OTHER = "test-export-other-0123456789";
    static final String ICD10 = "http://hl7.org/fhir/sid/icd-10-cm";
    static final int PATIENTS = 8;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FhirContext fhir = FhirContext.forR4Cached();
    private final HttpClient http = HttpClient.newHttpClient();
    private RunningGateway gateway;
    private String dbUrl;

    static String yaml(int perFile, int lifetimeSeconds) {
        return """
                httpPort: 0
                mllpPort: 0
                maxRequestBytes: 5000000
                exportResourcesPerFile: %d
                exportFileLifetimeSeconds: %d
                exportSweepSeconds: 1
                releasePolicies:
                  - name: operations
                    purposes: [HOPERAT]
                    unrestricted: true
                  - name: public-health
                    purposes: [PUBHLTH]
                    withhold: [R, V]
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
                    scopes: [system/*.read, system/Group.write]
                  - name: research
                    token: %s
                    purposeOfUse: HRESCH
                    scopes: [system/*.read]
                  - name: other
                    token: %s
                    purposeOfUse: PUBHLTH
                    scopes: [system/*.read]
                """.formatted(perFile, lifetimeSeconds, RunningGateway.ADMIN, REGISTRY, RESEARCH, OTHER);
    }

    @BeforeAll
    void start() throws Exception {
        dbUrl = RunningGateway.freshDatabaseUrl();
        gateway = RunningGateway.start(Files.createTempDirectory("gw-export"),
                yaml(3, 3600) + "dbUrl: \"" + dbUrl + "\"\n", Map.of());
        post("", RunningGateway.ADMIN, fixture(), 200);
    }

    @AfterAll
    void stop() throws Exception {
        gateway.close();
    }

    static String patientId(int i) {
        return "bx-" + i;
    }

    static String family(int i) {
        return "Qxfamily" + (char) ('A' + i);
    }

    static String mrn(int i) {
        return "MRN-5531" + i;
    }

    /** Patients 0..7, each with a Condition (C-codes for even ones) and an Observation; 6 restricted, 7 opted out. */
    String fixture() {
        Bundle b = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (int i = 0; i < PATIENTS; i++) {
            Patient p = new Patient();
            p.setId(patientId(i));
            p.addIdentifier(new Identifier().setSystem("urn:oid:1.2.3.4").setValue(mrn(i)));
            p.addName().setFamily(family(i)).addGiven("Quentina");
            p.setGender(Enumerations.AdministrativeGender.FEMALE);
            p.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("196" + i + "-05-0" + (i + 1)));
            if (i == 6) {
                p.getMeta().addSecurity(new Coding(ConsentFixture.CONFIDENTIALITY, "R", null));
            }
            put(b, p);
            put(b, condition("cond-" + i, i, i % 2 == 0 ? "C50.91" + i : "E11.9"));
            Observation o = new Observation();
            o.setId("obs-" + i);
            o.setStatus(Observation.ObservationStatus.FINAL);
            o.setCode(new CodeableConcept(new Coding("http://loinc.org", "2345-7", "Glucose")));
            o.setSubject(new Reference("Patient/" + patientId(i)));
            put(b, o);
        }
        put(b, ConsentFixture.consent("c-out-7", "x", org.hl7.fhir.r4.model.Consent.ConsentProvisionType.DENY, null,
                null, null, null).setPatient(new Reference("Patient/" + patientId(7))));
        return fhir.newJsonParser().encodeResourceToString(b);
    }

    static Condition condition(String id, int patient, String code) {
        Condition c = new Condition();
        c.setId(id);
        c.setCode(new CodeableConcept(new Coding(ICD10, code, null)));
        c.setSubject(new Reference("Patient/" + patientId(patient)));
        return c;
    }

    static void put(Bundle b, Resource r) {
        b.addEntry().setResource(r).getRequest().setMethod(Bundle.HTTPVerb.PUT)
                .setUrl(r.fhirType() + "/" + r.getIdElement().getIdPart());
    }

    // ---------------------------------------------------------------- the conversation

    @Test
    void aCompleteExportPerTheImplementationGuide() throws Exception {
        HttpResponse<String> noPrefer = send(base("/$export"), REGISTRY, "GET", null, false);
        assertEquals(400, noPrefer.statusCode());
        assertTrue(noPrefer.body().contains("GW-EXPORT-001"), noPrefer.body());
        HttpResponse<String> badFormat = send(base("/$export?_outputFormat=text/csv"), REGISTRY, "GET", null, true);
        assertEquals(400, badFormat.statusCode());
        assertTrue(badFormat.body().contains("OperationOutcome") && badFormat.body().contains("GW-EXPORT-003"));

        String status = kickOff("/$export?_type=Patient,Condition&_outputFormat=application/fhir%2Bndjson", REGISTRY);
        JsonNode manifest = poll(status, REGISTRY);
        assertTrue(manifest.get("requiresAccessToken").asBoolean());
        assertNotNull(manifest.get("transactionTime").asText());
        assertTrue(manifest.get("request").asText().contains("$export"));
        assertTrue(manifest.get("error").isArray());
        Map<String, List<Resource>> byType = download(manifest, REGISTRY);
        // 8 patients less the restricted one (withheld from public health) and the opted-out one
        assertEquals(ids("Patient", 0, 1, 2, 3, 4, 5), idsOf(byType.get("Patient")));
        assertEquals(ids("Condition", 0, 1, 2, 3, 4, 5), idsOf(byType.get("Condition")));
        int patientFiles = 0;
        for (JsonNode out : manifest.get("output")) {
            if ("Patient".equals(out.get("type").asText())) {
                patientFiles++;
                assertTrue(out.get("count").asInt() <= 3, "split at 3 resources per file");
            }
        }
        assertEquals(2, patientFiles);

        String url = manifest.get("output").get(0).get("url").asText();
        HttpResponse<String> other = send(URI.create(url), OTHER, "GET", null, false);
        assertEquals(403, other.statusCode());
        assertTrue(other.body().contains("OperationOutcome"));
        assertEquals(401, send(URI.create(url), null, "GET", null, false).statusCode());
        assertEquals(403, send(URI.create(status), OTHER, "GET", null, false).statusCode());
        assertEquals(404, send(URI.create(url + "x"), REGISTRY, "GET", null, false).statusCode());

        // the accounting: the export's releases are recorded under the interaction export
        HttpResponse<String> audit = gateway.get("/AuditEvent?agent=registry&_count=100", RunningGateway.ADMIN);
        assertEquals(200, audit.statusCode());
        assertTrue(audit.body().contains("export"), audit.body());
    }

    @Test
    void sinceExportsOnlyWhatChangedAfterTheTransactionTime() throws Exception {
        JsonNode first = poll(kickOff("/$export?_type=Condition", REGISTRY), REGISTRY);
        String since = first.get("transactionTime").asText();
        Bundle b = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        put(b, condition("cond-late", 1, "C18.0"));
        post("", RunningGateway.ADMIN, fhir.newJsonParser().encodeResourceToString(b), 200);
        JsonNode next = poll(kickOff("/$export?_type=Condition&_since=" + since, REGISTRY), REGISTRY);
        assertEquals(Set.of("Condition/cond-late"), idsOf(download(next, REGISTRY).get("Condition")));
    }

    @Test
    void typeFilterSelectsWithTheSearch() throws Exception {
        JsonNode m = poll(kickOff("/$export?_type=Condition&_typeFilter="
                + enc("Condition?code:below=" + ICD10 + "|C50"), REGISTRY), REGISTRY);
        assertEquals(ids("Condition", 0, 2, 4), idsOf(download(m, REGISTRY).get("Condition")));
        HttpResponse<String> bad = send(base("/$export?_typeFilter=" + enc("Condition?nonsense=1")), REGISTRY,
                "GET", null, true);
        assertEquals(400, bad.statusCode());
    }

    /**
     * The horizon (export.Horizon): a transaction that had its id when the job was accepted may still commit
     * resources stamped before the transaction time, so no part reads until it has ended.
     */
    @Test
    void aTransactionInFlightAtKickOffIsWaitedFor() throws Exception {
        String status;
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(dbUrl)) {
            c.setAutoCommit(false);
            c.createStatement().execute("SELECT pg_current_xact_id()"); // as every store write transaction begins
            status = kickOff("/$export?_type=Patient", REGISTRY);
            long until = System.currentTimeMillis() + 1500;
            while (System.currentTimeMillis() < until) {
                HttpResponse<String> r = send(URI.create(status), REGISTRY, "GET", null, false);
                assertEquals(202, r.statusCode(), "no part runs while a write that began before it is open");
                assertTrue(r.headers().firstValue("X-Progress").orElse("").contains("waiting for writes in flight"),
                        r.headers().map().toString());
                Thread.sleep(100);
            }
            c.rollback();
        }
        assertEquals(ids("Patient", 0, 1, 2, 3, 4, 5), idsOf(download(poll(status, REGISTRY), REGISTRY).get("Patient")));
    }

    @Test
    void cancelRemovesTheJob() throws Exception {
        String status = kickOff("/Patient/$export", REGISTRY);
        assertEquals(403, send(URI.create(status), OTHER, "DELETE", null, false).statusCode());
        HttpResponse<String> cancel = send(URI.create(status), REGISTRY, "DELETE", null, false);
        assertEquals(202, cancel.statusCode());
        assertEquals(404, send(URI.create(status), REGISTRY, "GET", null, false).statusCode());
    }

    @Test
    void criteriaGroupFollowsTheData() throws Exception {
        Group g = new Group();
        g.setId("cancer-cohort");
        g.setType(Group.GroupType.PERSON).setActual(false);
        g.addExtension("http://fhirgateway.org/fhir/StructureDefinition/group-member-query",
                new StringType("Condition?code:below=" + ICD10 + "|C,"  + ICD10 + "|D0"));
        send(base("/Group/cancer-cohort"), REGISTRY, "PUT", fhir.newJsonParser().encodeResourceToString(g), false);
        JsonNode m = poll(kickOff("/Group/cancer-cohort/$export?_type=Patient,Observation", REGISTRY), REGISTRY);
        Map<String, List<Resource>> byType = download(m, REGISTRY);
        // even patients have C50 codes; patient 6 is restricted (withheld); cond-late may have added patient 1
        Set<String> patients = idsOf(byType.get("Patient"));
        assertTrue(patients.containsAll(ids("Patient", 0, 2, 4)), patients.toString());
        assertFalse(patients.contains("Patient/" + patientId(6)));
        assertFalse(patients.contains("Patient/" + patientId(3)));
        Set<String> observations = idsOf(byType.get("Observation"));
        assertEquals(patients.size(), observations.size());
    }

    @Test
    void aPostKickOffExportsTheNamedPatientsOfAMemberGroup() throws Exception {
        Group g = new Group();
        g.setId("listed");
        g.setType(Group.GroupType.PERSON).setActual(true);
        for (int i : new int[] {0, 1, 3}) {
            g.addMember().setEntity(new Reference("Patient/" + patientId(i)));
        }
        assertEquals(201, send(base("/Group/listed"), REGISTRY, "PUT", fhir.newJsonParser().encodeResourceToString(g),
                false).statusCode());
        org.hl7.fhir.r4.model.Parameters p = new org.hl7.fhir.r4.model.Parameters();
        p.addParameter("_type", new StringType("Patient,Condition"));
        p.addParameter().setName("patient").setValue(new Reference("Patient/" + patientId(1)));
        p.addParameter().setName("patient").setValue(new Reference("Patient/" + patientId(3)));
        p.addParameter().setName("patient").setValue(new Reference("Patient/" + patientId(2))); // not a member
        HttpResponse<String> r = send(base("/Group/listed/$export"), REGISTRY, "POST",
                fhir.newJsonParser().encodeResourceToString(p), true);
        assertEquals(202, r.statusCode(), r.body());
        Map<String, List<Resource>> byType = download(poll(r.headers().firstValue("Content-Location").orElseThrow(),
                REGISTRY), REGISTRY);
        assertEquals(ids("Patient", 1, 3), idsOf(byType.get("Patient")));
        assertTrue(idsOf(byType.get("Condition")).containsAll(ids("Condition", 1, 3)));
        for (Resource c : byType.get("Condition")) {
            String subject = ((Condition) c).getSubject().getReference();
            assertTrue(Set.of("Patient/" + patientId(1), "Patient/" + patientId(3)).contains(subject), subject);
        }
    }

    @Test
    void aResearchClientGetsDeidentifiedFiles() throws Exception {
        JsonNode m = poll(kickOff("/Patient/$export?_type=Patient,Condition", RESEARCH), RESEARCH);
        StringBuilder bytes = new StringBuilder();
        for (JsonNode out : m.get("output")) {
            bytes.append(send(here(out.get("url").asText()), RESEARCH, "GET", null, false).body());
        }
        for (int i = 0; i < PATIENTS; i++) {
            assertFalse(bytes.toString().contains(family(i)), "no names");
            assertFalse(bytes.toString().contains(mrn(i)), "no MRNs");
            assertFalse(bytes.toString().contains(patientId(i) + "\""), "no real ids");
        }
        Map<String, List<Resource>> byType = download(m, RESEARCH);
        Set<String> patients = idsOf(byType.get("Patient"));
        assertEquals(6, patients.size());
        for (Resource r : byType.get("Condition")) {
            String subject = ((Condition) r).getSubject().getReference();
            assertTrue(patients.contains(subject), "references resolve within the export: " + subject);
        }
    }

    @Test
    void filesExpireAndARestartedGatewayFinishesTheJob() throws Exception {
        Path dir = Files.createTempDirectory("gw-export-restart");
        String dbUrl = RunningGateway.freshDatabaseUrl();
        String yaml = yaml(400, 3) + "dbUrl: \"" + dbUrl + "\"\n";
        RunningGateway first = RunningGateway.start(dir, yaml, Map.of());
        int n = 2500;
        try {
            for (int from = 0; from < n; from += 500) {
                Bundle b = new Bundle().setType(Bundle.BundleType.TRANSACTION);
                for (int i = from; i < from + 500; i++) {
                    Patient p = new Patient();
                    p.setId("rs-" + i);
                    p.addName().setFamily("Restart");
                    put(b, p);
                    Observation o = new Observation();
                    o.setId("rso-" + i);
                    o.setStatus(Observation.ObservationStatus.FINAL);
                    o.setCode(new CodeableConcept(new Coding("http://loinc.org", "2345-7", null)));
                    o.setSubject(new Reference("Patient/rs-" + i));
                    put(b, o);
                }
                HttpResponse<String> r = first.send(first.request("", RunningGateway.ADMIN)
                        .header("Content-Type", "application/fhir+json")
                        .POST(HttpRequest.BodyPublishers.ofString(fhir.newJsonParser().encodeResourceToString(b)))
                        .build());
                assertEquals(200, r.statusCode(), r.body());
            }
        } catch (Exception | Error e) {
            first.close();
            throw e;
        }
        RunningGateway previous = gateway;
        String status;
        try {
            gateway = first;
            status = kickOff("/$export?_type=Patient,Observation", REGISTRY);
            long deadline = System.currentTimeMillis() + 20_000;
            while (System.currentTimeMillis() < deadline) {
                HttpResponse<String> s = send(URI.create(status), REGISTRY, "GET", null, false);
                String progress = s.headers().firstValue("X-Progress").orElse("");
                if (s.statusCode() != 202 || (progress.contains("resources written")
                        && !progress.contains(" 0 resources written"))) {
                    break;
                }
                Thread.sleep(5);
            }
        } finally {
            first.close(); // in the middle of the job: parts stop after their page
            gateway = previous;
        }
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(dbUrl);
                java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT j.status, (SELECT COUNT(*) FROM "
                        + "export_part p WHERE p.job_id = j.job_id AND p.done) FROM export_job j")) {
            assertTrue(rs.next());
            assertFalse("completed".equals(rs.getString(1)), "the gateway stopped in the middle of the job");
            try (java.sql.ResultSet p = c.createStatement().executeQuery("SELECT COUNT(*) FROM export_progress "
                    + "WHERE page_token IS NOT NULL")) {
                p.next();
                assertTrue(p.getInt(1) > 0, "some pages were committed before the stop: the job resumes from them");
            }
        }
        RunningGateway second = RunningGateway.start(dir, yaml, Map.of());
        try {
            gateway = second;
            String resumed = status.replaceFirst("http://localhost:\\d+/fhir", second.fhirBase());
            JsonNode m = poll(resumed, REGISTRY);
            Map<String, List<Resource>> byType = download(m, REGISTRY);
            for (String type : List.of("Patient", "Observation")) {
                List<Resource> all = byType.get(type);
                assertEquals(n, all.size(), type + ": every resource once");
                assertEquals(n, idsOf(all).size(), type + ": no resource twice");
            }
            URI url = here(m.get("output").get(0).get("url").asText());
            long deadline = System.currentTimeMillis() + 20_000;
            int code = 200;
            while (System.currentTimeMillis() < deadline && code != 404) {
                code = send(url, REGISTRY, "GET", null, false).statusCode();
                Thread.sleep(200);
            }
            assertEquals(404, code, "expired files are gone");
            assertEquals(404, send(URI.create(resumed), REGISTRY, "GET", null, false).statusCode());
        } finally {
            second.close();
            gateway = previous;
        }
    }

    // ---------------------------------------------------------------- helpers

    /** A URL of the manifest on the running gateway (the restarted one listens on another port). */
    private URI here(String url) {
        return URI.create(url.replaceFirst("http://localhost:\\d+/fhir", gateway.fhirBase()));
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    private URI base(String path) {
        return URI.create(gateway.fhirBase() + path);
    }

    private static Set<String> ids(String type, int... patients) {
        Set<String> out = new HashSet<>();
        for (int i : patients) {
            out.add(type + "/" + ("Patient".equals(type) ? patientId(i) : (type.equals("Condition") ? "cond-" : "obs-")
                    + i));
        }
        return out;
    }

    private static Set<String> idsOf(List<Resource> resources) {
        Set<String> out = new HashSet<>();
        if (resources != null) {
            for (Resource r : resources) {
                out.add(r.fhirType() + "/" + r.getIdElement().getIdPart());
            }
        }
        return out;
    }

    private String kickOff(String path, String token) throws Exception {
        HttpResponse<String> r = send(base(path), token, "GET", null, true);
        assertEquals(202, r.statusCode(), r.body());
        return r.headers().firstValue("Content-Location").orElseThrow();
    }

    private JsonNode poll(String status, String token) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            HttpResponse<String> r = send(URI.create(status), token, "GET", null, false);
            if (r.statusCode() == 200) {
                return JSON.readTree(r.body());
            }
            assertEquals(202, r.statusCode(), r.body());
            assertTrue(r.headers().firstValue("X-Progress").isPresent());
            assertTrue(r.headers().firstValue("Retry-After").isPresent());
            Thread.sleep(50);
        }
        throw new AssertionError("export not complete within 60 s");
    }

    private Map<String, List<Resource>> download(JsonNode manifest, String token) throws Exception {
        Map<String, List<Resource>> out = new java.util.HashMap<>();
        for (JsonNode o : manifest.get("output")) {
            HttpResponse<String> r = send(here(o.get("url").asText()), token, "GET", null, false);
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/fhir+ndjson"));
            int lines = 0;
            for (String line : r.body().split("\n")) {
                if (!line.isBlank()) {
                    Resource res = (Resource) fhir.newJsonParser().parseResource(line);
                    assertEquals(o.get("type").asText(), res.fhirType());
                    out.computeIfAbsent(res.fhirType(), k -> new ArrayList<>()).add(res);
                    lines++;
                }
            }
            assertEquals(o.get("count").asInt(), lines);
        }
        return out;
    }

    private void post(String path, String token, String body, int expected) throws Exception {
        HttpResponse<String> r = send(base(path), token, "POST", body, false);
        assertEquals(expected, r.statusCode(), r.body());
    }

    private HttpResponse<String> send(URI uri, String token, String method, String body, boolean async)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (async) {
            b.header("Prefer", "respond-async");
        }
        if (body != null) {
            b.header("Content-Type", "application/fhir+json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
