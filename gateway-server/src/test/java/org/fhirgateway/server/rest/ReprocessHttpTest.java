package org.fhirgateway.server.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@code $hl7v2-reprocess} on a real gateway (PostgreSQL, HTTP): messages are stored and applied over {@code POST
 * /hl7v2}, then the stored data is altered through the FHIR API to stand for what an older mapping wrote (a changed
 * name, a visit left in progress, a deleted visit); a dry run reports exactly those and writes nothing, a real run
 * heals them in each patient's order, a second real run writes nothing, a stopped job resumes to the right totals.
 * Each test selects its own sender (MSH-4), so the tests share one gateway.
 */
class ReprocessHttpTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final SharedGateway SHARED = new SharedGateway();
    private static final String PATIENT_SYSTEM = "urn:fhirgateway:authority:GHH";

    @AfterAll
    static void stop() throws Exception {
        SHARED.close();
    }

    static String adt(String facility, String event, String control, String mrn, String family, String visit) {
        String pv1 = "PV1|1|I|W4^412^B^GHH" + "|".repeat(16) + visit + "^^^GHH^VN";
        if (event.equals("A03")) {
            pv1 += "|".repeat(26) + "20240316090000";
        }
        return "MSH|^~\\&|REGADT|" + facility + "|GW|GWF|20240315080000||ADT^" + event + "^ADT_A01|" + control
                + "|P|2.5.1\rEVN|" + event + "|20240315080000\rPID|1||" + mrn + "^^^GHH^MR||" + family
                + "^Adam||19800214|M\r" + pv1 + "\r";
    }

    @Test
    void aDryRunReportsWhatWouldChangeARealRunHealsItInOrderAndASecondRunWritesNothing() throws Exception {
        RunningGateway gw = SHARED.get();
        String f = "HEAL";
        ingest(gw, adt(f, "A01", "H1", "HM1", "Everyman", "HV1"));
        ingest(gw, adt(f, "A01", "H2", "HM2", "Secondman", "HV2"));
        ingest(gw, adt(f, "A01", "H3", "HM3", "Thirdman", "HV3"));
        ingest(gw, adt(f, "A01", "H4", "HM4", "Fourthman", "HV4"));
        ingest(gw, adt(f, "A03", "H5", "HM1", "Everyman", "HV1"));
        ingest(gw, adt(f, "A03", "H6", "HM4", "Fourthman", "HV4"));
        assertEquals(Encounter.EncounterStatus.FINISHED, encounter(gw, "HV1").getStatus());

        // what an older mapping left: HM1's discharge not applied, HM2's name wrong, HM3's visit missing
        Encounter open = encounter(gw, "HV1");
        open.setStatus(Encounter.EncounterStatus.INPROGRESS);
        put(gw, open);
        Patient renamed = patient(gw, "HM2");
        renamed.getNameFirstRep().setFamily("Wrongname");
        put(gw, renamed);
        String hv3 = encounter(gw, "HV3").getIdElement().getIdPart();
        HttpResponse<String> deleted = gw.send(gw.request("/Encounter/" + hv3, RunningGateway.ADMIN).DELETE().build());
        assertTrue(deleted.statusCode() < 300, deleted.body());
        Map<String, String> before = versions(gw);

        Parameters dry = finished(gw, start(gw, "sender=" + f, 202));
        assertEquals("completed", value(dry, "state"));
        assertEquals(6, count(dry, "selected"));
        assertEquals(6, count(dry, "done"));
        assertEquals(0, count(dry, "failed"));
        assertEquals(1, count(dry, "created"), "the deleted visit would be made again");
        assertEquals(3, count(dry, "changed"), "HM1's visit, HM2's name and the Provenance of HM3's A01 (its target,"
                + " the visit made again, gets a new id)");
        Map<String, Parameters.ParametersParameterComponent> byControl = messages(gw, dry);
        assertEquals("unchanged", part(byControl.get("H1"), "outcome"), "HV1 is written last by its A03");
        assertEquals(List.of("Encounter/" + encounter(gw, "HV1").getIdElement().getIdPart()),
                refs(byControl.get("H5"), "changedResource"));
        assertEquals("changed", part(byControl.get("H5"), "outcome"));
        assertEquals(List.of("Patient/" + patient(gw, "HM2").getIdElement().getIdPart()),
                refs(byControl.get("H2"), "changedResource"));
        assertEquals(1, refs(byControl.get("H3"), "createdResource").size());
        assertTrue(refs(byControl.get("H3"), "createdResource").get(0).startsWith("Encounter/"));
        assertEquals(1, refs(byControl.get("H3"), "changedResource").size());
        assertTrue(refs(byControl.get("H3"), "changedResource").get(0).startsWith("Provenance/"));
        for (String unchanged : List.of("H1", "H4", "H6")) {
            assertEquals("unchanged", part(byControl.get(unchanged), "outcome"), unchanged);
        }
        assertEquals(before, versions(gw), "a dry run writes nothing");
        assertEquals(0, search(gw, "Encounter?identifier=" + PATIENT_SYSTEM + "|HV3").getEntry().size());

        assertEquals("GW-REPROCESS-002", code(start(gw, "sender=" + f + "&dryRun=false", 400)));
        Parameters real = finished(gw, start(gw, "sender=" + f + "&dryRun=false&reason=heal+HEAL", 202));
        assertEquals("completed", value(real, "state"));
        assertEquals(List.of(6, 6, 0, 1), List.of(count(real, "selected"), count(real, "done"),
                count(real, "failed"), count(real, "created"), count(real, "changed")).subList(0, 4));
        assertEquals(3, count(real, "changed"));
        assertEquals(Encounter.EncounterStatus.FINISHED, encounter(gw, "HV1").getStatus(), "A01, then A03");
        assertEquals("Secondman", patient(gw, "HM2").getNameFirstRep().getFamily());
        assertEquals(Encounter.EncounterStatus.INPROGRESS, encounter(gw, "HV3").getStatus());
        Map<String, String> healed = versions(gw);
        assertEquals(before.get("Patient/HM1"), healed.get("Patient/HM1"), "nothing to heal: no new version");
        assertEquals(before.get("Encounter/HV4"), healed.get("Encounter/HV4"), "A01 then A03 stored right: untouched");
        assertTrue(!before.get("Patient/HM2").equals(healed.get("Patient/HM2")));

        Parameters again = finished(gw, start(gw, "sender=" + f + "&dryRun=false&reason=once+more", 202));
        assertEquals(List.of(6, 6, 0, 0, 0), List.of(count(again, "selected"), count(again, "done"),
                count(again, "failed"), count(again, "created"), count(again, "changed")));
        assertEquals(healed, versions(gw), "the second run writes no version");

        List<String> audited = new ArrayList<>();
        Bundle events = search(gw, "AuditEvent?agent=admin&_count=500");
        for (Bundle.BundleEntryComponent e : events.getEntry()) {
            for (AuditEvent.AuditEventEntityComponent entity : ((AuditEvent) e.getResource()).getEntity()) {
                if (entity.hasQuery()) {
                    audited.add(new String(entity.getQuery(), StandardCharsets.UTF_8));
                }
            }
        }
        String job = value(real, "job");
        assertTrue(audited.contains("/fhir/$hl7v2-reprocess?job=" + job + " started; reason: heal HEAL"),
                audited.toString());
        assertTrue(audited.contains("/fhir/$hl7v2-reprocess?job=" + job + " completed; selected=6 done=6 failed=0"
                + " created=1 changed=3 unchanged=" + count(real, "unchanged")), audited.toString());
    }

    @Test
    void aStoppedJobResumesFromItsPositionAndDoesEachMessageOnce() throws Exception {
        RunningGateway gw = SHARED.get();
        String f = "STOPS";
        int n = 40;
        for (int i = 0; i < n; i++) {
            ingest(gw, adt(f, "A01", "S" + i, "SM" + i, "Stopman", "SV" + i));
            Patient p = patient(gw, "SM" + i);
            p.getNameFirstRep().setFamily("Oldmapping");
            put(gw, p);
        }
        HttpResponse<String> started = start(gw, "sender=" + f + "&dryRun=false&reason=stop+test", 202);
        String job = value(parse(started.body(), Parameters.class), "job");
        HttpResponse<String> stopped = gw.send(gw.request("/$hl7v2-reprocess-stop?job=" + job, RunningGateway.ADMIN)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, stopped.statusCode(), stopped.body());
        Parameters halted = finished(gw, started);
        assertEquals("stopped", value(halted, "state"));
        int doneAtStop = count(halted, "done");
        assertTrue(doneAtStop < n, "stopped before the end: " + doneAtStop);
        assertEquals(409, gw.send(gw.request("/$hl7v2-reprocess-stop?job=" + job, RunningGateway.ADMIN)
                .POST(HttpRequest.BodyPublishers.noBody()).build()).statusCode(), "a stopped job is not stopped again");

        HttpResponse<String> resumed = gw.send(gw.request("/$hl7v2-reprocess-resume?job=" + job,
                RunningGateway.ADMIN).POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(202, resumed.statusCode(), resumed.body());
        Parameters done = finished(gw, resumed);
        assertEquals("completed", value(done, "state"));
        assertEquals(List.of(n, n, 0, 0, n), List.of(count(done, "selected"), count(done, "done"),
                count(done, "failed"), count(done, "created"), count(done, "changed")));
        Set<String> controls = new HashSet<>(messages(gw, done).keySet());
        assertEquals(n, controls.size(), "each message once in the report");
        for (int i = 0; i < n; i++) {
            Patient p = patient(gw, "SM" + i);
            assertEquals("Stopman", p.getNameFirstRep().getFamily());
            assertEquals("3", p.getMeta().getVersionId(), "created, altered, healed once");
        }
        assertEquals(409, gw.send(gw.request("/$hl7v2-reprocess-resume?job=" + job, RunningGateway.ADMIN)
                .POST(HttpRequest.BodyPublishers.noBody()).build()).statusCode(), "a completed job is not resumed");
    }

    @Test
    void aStoppedJobResumesOnAnotherNodeAfterARestart() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("gw-reprocess-restart");
        String yaml = RunningGateway.clientsYaml("") + "dbUrl: \"" + RunningGateway.freshDatabaseUrl() + "\"\n";
        int n = 30;
        String job;
        try (RunningGateway first = RunningGateway.start(dir, yaml, Map.of())) {
            for (int i = 0; i < n; i++) {
                ingest(first, adt("RESTART", "A01", "R" + i, "RM" + i, "Restartman", "RV" + i));
                Patient p = patient(first, "RM" + i);
                p.getNameFirstRep().setFamily("Oldmapping");
                put(first, p);
            }
            job = value(parse(start(first, "sender=RESTART&dryRun=false&reason=restart", 202).body(),
                    Parameters.class), "job");
            HttpResponse<String> stopped = first.send(first.request("/$hl7v2-reprocess-stop?job=" + job,
                    RunningGateway.ADMIN).POST(HttpRequest.BodyPublishers.noBody()).build());
            assertEquals(200, stopped.statusCode(), stopped.body());
        }
        try (RunningGateway second = RunningGateway.start(dir, yaml, Map.of())) {
            Parameters interrupted = parse(second.get("/$hl7v2-reprocess-status?job=" + job, RunningGateway.ADMIN)
                    .body(), Parameters.class);
            assertEquals("stopped", value(interrupted, "state"));
            assertTrue(count(interrupted, "done") < n, "stopped before the end");
            HttpResponse<String> resumed = second.send(second.request("/$hl7v2-reprocess-resume?job=" + job,
                    RunningGateway.ADMIN).POST(HttpRequest.BodyPublishers.noBody()).build());
            assertEquals(202, resumed.statusCode(), resumed.body());
            interrupted = finished(second, resumed);
            assertEquals("completed", value(interrupted, "state"));
            assertEquals(List.of(n, n, 0, n), List.of(count(interrupted, "selected"), count(interrupted, "done"),
                    count(interrupted, "failed"), count(interrupted, "changed")));
            for (int i = 0; i < n; i++) {
                assertEquals("Restartman", patient(second, "RM" + i).getNameFirstRep().getFamily());
            }
        }
    }

    @Test
    void badParametersUnknownJobsAndNonAdminsGetOperationOutcomes() throws Exception {
        RunningGateway gw = SHARED.get();
        for (String bad : List.of("type=nonsense", "status=received", "dryRun=maybe", "_since=yesterday",
                "_since=2024-02-01T00:00:00Z&_until=2024-01-01T00:00:00Z", "reason=")) {
            assertEquals("GW-REPROCESS-001", code(start(gw, bad, 400)), bad);
        }
        assertEquals("GW-REPROCESS-002", code(start(gw, "dryRun=false", 400)));
        HttpResponse<String> unknown = gw.get("/$hl7v2-reprocess-status?job=999999", RunningGateway.ADMIN);
        assertEquals(404, unknown.statusCode());
        assertEquals("GW-REPROCESS-003", code(unknown));
        HttpResponse<String> stop = gw.send(gw.request("/$hl7v2-reprocess-stop?job=999999", RunningGateway.ADMIN)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(404, stop.statusCode());
        assertEquals("GW-REPROCESS-001", code(gw.get("/$hl7v2-reprocess-status?job=abc", RunningGateway.ADMIN)));
        HttpResponse<String> billing = gw.send(gw.request("/$hl7v2-reprocess", RunningGateway.BILLING)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(403, billing.statusCode(), billing.body());
        assertEquals(401, gw.send(gw.request("/$hl7v2-reprocess", null).POST(HttpRequest.BodyPublishers.noBody())
                .build()).statusCode());
        assertEquals(403, gw.get("/$hl7v2-reprocess-status?job=1", RunningGateway.WRITER).statusCode());
    }

    // ---- helpers

    private static void ingest(RunningGateway gw, String message) throws Exception {
        HttpResponse<String> ack = gw.send(HttpRequest.newBuilder(URI.create(gw.root() + "/hl7v2"))
                .header("Authorization", "Bearer " + RunningGateway.ADMIN).header("Content-Type", "application/hl7-v2")
                .POST(HttpRequest.BodyPublishers.ofString(message)).build());
        assertEquals(200, ack.statusCode(), ack.body());
        assertTrue(ack.body().contains("MSA|AA|"), ack.body());
    }

    private static HttpResponse<String> start(RunningGateway gw, String query, int status) throws Exception {
        HttpResponse<String> r = gw.send(gw.request("/$hl7v2-reprocess?" + query, RunningGateway.ADMIN)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(status, r.statusCode(), r.body());
        if (status == 202) {
            assertTrue(r.headers().firstValue("Content-Location").orElseThrow().contains("$hl7v2-reprocess-status?job="));
        }
        return r;
    }

    /** Polls the job's status (its Content-Location) until it is completed, stopped or failed. */
    private static Parameters finished(RunningGateway gw, HttpResponse<String> accepted) throws Exception {
        String location = accepted.headers().firstValue("Content-Location").orElseThrow();
        long until = System.currentTimeMillis() + 120_000;
        while (true) {
            HttpResponse<String> r = gw.send(HttpRequest.newBuilder(URI.create(location))
                    .header("Authorization", "Bearer " + RunningGateway.ADMIN).GET().build());
            assertEquals(200, r.statusCode(), r.body());
            Parameters p = parse(r.body(), Parameters.class);
            String state = value(p, "state");
            if (!state.equals("queued") && !state.equals("running")) {
                return p;
            }
            assertTrue(System.currentTimeMillis() < until, "job still " + state);
            Thread.sleep(50);
        }
    }

    /** Every message part of the job's report, every page (15 a page), by the message's control id. */
    private static Map<String, Parameters.ParametersParameterComponent> messages(RunningGateway gw, Parameters status)
            throws Exception {
        Map<String, Parameters.ParametersParameterComponent> out = new HashMap<>();
        Map<String, String> controlIds = controlIds(gw);
        String url = gw.fhirBase() + "/$hl7v2-reprocess-status?job=" + value(status, "job") + "&_count=15";
        int total = -1;
        int seen = 0;
        while (url != null) {
            HttpResponse<String> r = gw.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + RunningGateway.ADMIN).GET().build());
            Parameters page = parse(r.body(), Parameters.class);
            total = count(page, "messagesTotal");
            url = page.getParameter("next") == null ? null : value(page, "next");
            for (Parameters.ParametersParameterComponent p : page.getParameter()) {
                if (p.getName().equals("message")) {
                    seen++;
                    String control = controlIds.get(part(p, "inboxId"));
                    assertTrue(out.put(control, p) == null, "message " + control + " listed twice");
                }
            }
        }
        assertEquals(total, seen);
        return out;
    }

    /** Inbox id to control id, from the admin list. */
    private static Map<String, String> controlIds(RunningGateway gw) throws Exception {
        Map<String, String> out = new HashMap<>();
        String url = gw.fhirBase() + "/$hl7v2-messages?_count=500";
        Bundle page = parse(gw.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + RunningGateway.ADMIN).GET().build()).body(), Bundle.class);
        for (Bundle.BundleEntryComponent e : page.getEntry()) {
            Parameters p = (Parameters) e.getResource();
            out.put(value(p, "id"), value(p, "controlId"));
        }
        return out;
    }

    /** The versions of the HEAL patients and visits, by Patient/MRN and Encounter/visit ("absent" if none). */
    private static Map<String, String> versions(RunningGateway gw) throws Exception {
        Map<String, String> out = new HashMap<>();
        for (int i = 1; i <= 4; i++) {
            Bundle p = search(gw, "Patient?identifier=" + PATIENT_SYSTEM + "|HM" + i);
            out.put("Patient/HM" + i, p.getEntry().isEmpty() ? "absent"
                    : p.getEntryFirstRep().getResource().getIdElement().getIdPart() + "/"
                    + p.getEntryFirstRep().getResource().getMeta().getVersionId());
            Bundle e = search(gw, "Encounter?identifier=" + PATIENT_SYSTEM + "|HV" + i);
            out.put("Encounter/HV" + i, e.getEntry().isEmpty() ? "absent"
                    : e.getEntryFirstRep().getResource().getIdElement().getIdPart() + "/"
                    + e.getEntryFirstRep().getResource().getMeta().getVersionId());
        }
        return out;
    }

    private static Patient patient(RunningGateway gw, String mrn) throws Exception {
        Bundle b = search(gw, "Patient?identifier=" + PATIENT_SYSTEM + "|" + mrn);
        assertEquals(1, b.getEntry().size(), mrn);
        return (Patient) b.getEntryFirstRep().getResource();
    }

    private static Encounter encounter(RunningGateway gw, String visit) throws Exception {
        Bundle b = search(gw, "Encounter?identifier=" + PATIENT_SYSTEM + "|" + visit);
        assertEquals(1, b.getEntry().size(), visit);
        return (Encounter) b.getEntryFirstRep().getResource();
    }

    private static Bundle search(RunningGateway gw, String query) throws Exception {
        int q = query.indexOf('?');
        String[] params = query.substring(q + 1).split("&");
        StringBuilder url = new StringBuilder("/" + query.substring(0, q) + "?");
        for (String p : params) {
            int eq = p.indexOf('=');
            url.append(p, 0, eq + 1).append(URLEncoder.encode(p.substring(eq + 1), StandardCharsets.UTF_8)).append('&');
        }
        HttpResponse<String> r = gw.get(url.toString(), RunningGateway.ADMIN);
        assertEquals(200, r.statusCode(), r.body());
        return parse(r.body(), Bundle.class);
    }

    private static void put(RunningGateway gw, Resource resource) throws Exception {
        String path = "/" + resource.fhirType() + "/" + resource.getIdElement().getIdPart();
        resource.setMeta(null);
        HttpResponse<String> r = gw.send(gw.request(path, RunningGateway.ADMIN).header("Content-Type",
                "application/fhir+json").PUT(HttpRequest.BodyPublishers.ofString(
                FHIR.newJsonParser().encodeResourceToString(resource))).build());
        assertEquals(200, r.statusCode(), r.body());
    }

    private static <T extends Resource> T parse(String body, Class<T> type) {
        return FHIR.newJsonParser().parseResource(type, body);
    }

    private static String code(HttpResponse<String> r) {
        String diagnostics = parse(r.body(), OperationOutcome.class).getIssueFirstRep().getDiagnostics();
        return diagnostics.substring(0, diagnostics.indexOf(':'));
    }

    private static String value(Parameters p, String name) {
        Parameters.ParametersParameterComponent c = p.getParameter(name);
        assertNotNull(c, name);
        return c.getValue().primitiveValue();
    }

    private static int count(Parameters p, String name) {
        return Integer.parseInt(value(p, name));
    }

    private static String part(Parameters.ParametersParameterComponent p, String name) {
        return p.getPart().stream().filter(x -> x.getName().equals(name)).map(x -> x.getValue().primitiveValue())
                .findFirst().orElse(null);
    }

    private static List<String> refs(Parameters.ParametersParameterComponent p, String name) {
        return p.getPart().stream().filter(x -> x.getName().equals(name))
                .map(x -> ((Reference) x.getValue()).getReference()).toList();
    }
}
