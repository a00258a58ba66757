package org.fhirgateway.server.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The records staff's reports through the real HTTP API, against an ADT history written here (day 2026-11-10, UTC):
 * <pre>
 *   P1  A01 11-09 20:00 unit UA; A02 11-10 09:00 to UB; A03 11-10 15:00 (2 diagnoses with POA, a procedure, coverage)
 *   P2  A01 11-10 08:00 UA, stays over midnight; an A08 gives another sex
 *   P3  A01 11-10 10:00 UA; A11 cancels it
 *   P4  A01 11-09 07:00 UB; A03 11-10 11:00; A13 cancels the discharge
 *   P5  A01 11-10 06:00 UA; A02 12:00 to UB; A12 cancels the transfer
 *   P6  restricted (PD1-12 Y), born in the future: A01 11-10 09:30 UB, stays
 *   P7  A01 11-07, A03 11-08 without disposition, a text-only diagnosis without rank or POA
 *   P8  A01 from another sender with a birth date in the future and an unmapped discharge disposition
 * </pre>
 */
class ReportsHttpTest {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final String RECORDS = "test-records-token-0123456789";
    static final String CODER = "test-coder-token-0123456789";
    static final String UA = "UA";
    static final String UB = "UB";

    static RunningGateway gw;

    @BeforeAll
    static void start() throws Exception {
        String yaml = """
                httpPort: 0
                mllpPort: 0
                v2DefaultZone: UTC
                releasePolicies:
                  - name: records
                    clients: [records]
                    purposes: [HOPERAT]
                    withhold: [R, V]
                  - name: coding
                    clients: [coder]
                    purposes: [HPAYMT]
                    mask: [Patient.name]
                  - name: operations
                    purposes: [HOPERAT]
                    unrestricted: true
                  - name: others
                    withhold: []
                clients:
                  - name: admin
                    token: %s
                    purposeOfUse: HOPERAT
                    scopes: [system/*.read, system/*.write]
                  - name: records
                    token: %s
                    purposeOfUse: HOPERAT
                    scopes: [system/*.read, system/Task.write]
                  - name: coder
                    token: %s
                    purposeOfUse: HPAYMT
                    scopes: [system/*.read]
                  - name: billing
                    token: %s
                    purposeOfUse: HPAYMT
                    scopes: [system/Patient.read, system/Encounter.read, system/Coverage.read]
                """.formatted(RunningGateway.ADMIN, RECORDS, CODER, RunningGateway.BILLING);
        gw = RunningGateway.start(Files.createTempDirectory("gw-reports"), yaml, Map.of());
        int n = 0;
        for (String m : history()) {
            HttpResponse<String> r = postV2(m);
            assertTrue(r.body().contains("MSA|AA"), "message " + (++n) + ": " + r.body());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (gw != null) {
            gw.close();
        }
    }

    static HttpResponse<String> postV2(String message) throws Exception {
        return gw.send(HttpRequest.newBuilder(URI.create(gw.root() + "/hl7v2"))
                .header("Authorization", "Bearer " + RunningGateway.ADMIN).header("Content-Type", "application/hl7-v2")
                .POST(HttpRequest.BodyPublishers.ofString(message)).build());
    }

    private static int control;

    static String msg(String sender, String event, String mrn, String visit, String pv1Location, String priorLocation,
            String eventTime, String admit, String discharge, String extra) {
        return msg(sender, event, mrn, "19700101", "", visit, pv1Location, priorLocation, eventTime, admit, discharge, "01", extra);
    }

    static String msg(String sender, String event, String mrn, String birth, String pd1, String visit, String pv1Location,
            String priorLocation, String eventTime, String admit, String discharge, String disposition, String extra) {
        String[] pv1 = new String[46];
        Arrays.fill(pv1, "");
        pv1[0] = "PV1";
        pv1[1] = "1";
        pv1[2] = "I";
        pv1[3] = pv1Location;
        pv1[4] = "E";
        pv1[6] = priorLocation;
        pv1[14] = "7";
        pv1[19] = visit + "^^^GHH^VN";
        pv1[36] = event.equals("A03") ? disposition : "";
        pv1[44] = admit;
        pv1[45] = discharge;
        return "MSH|^~\\&|ADT|" + sender + "|GW|GWF|" + eventTime + "||ADT^" + event + "^ADT_A01|C" + (++control)
                + "|P|2.5.1\r" + "EVN|" + event + "|" + eventTime + "\r"
                + "PID|1||" + mrn + "^^^GHH^MR||Census^Pat" + mrn + "||" + birth + "|F\r"
                + (pd1.isEmpty() ? "" : pd1 + "\r") + String.join("|", pv1) + "\r" + extra;
    }

    static List<String> history() {
        String dg1 = "DG1|1||I10^Essential hypertension^I10C||20261109|F|||||||||1|||||||||||Y\r"
                + "DG1|2||E119^Type 2 diabetes^I10C||20261109|F|||||||||2|||||||||||N\r"
                + "PR1|1||0DTJ4ZZ^Resection of appendix^I10P||20261110100000+0000|||||||1234^Cutter^Sam\r"
                + "IN1|1|PLAN1|PAYER1^^^GHH|Acme Health\r";
        String a = "UA^101^1^GHH";
        String a2 = "UA^102^1^GHH";
        String b = "UB^201^1^GHH";
        return List.of(
                msg("HOSPA", "A01", "1001", "V1", a, "", "20261109200000+0000", "20261109200000+0000", "", ""),
                msg("HOSPA", "A02", "1001", "V1", b, a, "20261110090000+0000", "20261109200000+0000", "", ""),
                msg("HOSPA", "A03", "1001", "V1", b, "", "20261110150000+0000", "20261109200000+0000",
                        "20261110150000+0000", dg1),
                msg("HOSPA", "A01", "1002", "V2", a2, "", "20261110080000+0000", "20261110080000+0000", "", ""),
                msg("HOSPA", "A08", "1002", "V2", a2, "", "20261110083000+0000", "20261110080000+0000", "", "")
                        .replace("|19700101|F\r", "|19700101|M\r"),
                msg("HOSPA", "A01", "1003", "V3", a, "", "20261110100000+0000", "20261110100000+0000", "", ""),
                msg("HOSPA", "A11", "1003", "V3", a, "", "20261110103000+0000", "20261110100000+0000", "", ""),
                msg("HOSPA", "A01", "1004", "V4", b, "", "20261109070000+0000", "20261109070000+0000", "", ""),
                msg("HOSPA", "A03", "1004", "V4", b, "", "20261110110000+0000", "20261109070000+0000",
                        "20261110110000+0000", ""),
                msg("HOSPA", "A13", "1004", "V4", b, "", "20261110113000+0000", "20261109070000+0000", "", ""),
                msg("HOSPA", "A01", "1005", "V5", a, "", "20261110060000+0000", "20261110060000+0000", "", ""),
                msg("HOSPA", "A02", "1005", "V5", b, a, "20261110120000+0000", "20261110060000+0000", "", ""),
                msg("HOSPA", "A12", "1005", "V5", a, b, "20261110121500+0000", "20261110060000+0000", "", ""),
                msg("HOSPA", "A01", "1006", "20991231", "PD1|||Good Health Clinic^^GHC-1|||||||||Y", "V6", b, "",
                        "20261110093000+0000", "20261110093000+0000", "", "", ""),
                msg("HOSPA", "A01", "1007", "V7", a, "", "20261107080000+0000", "20261107080000+0000", "", ""),
                msg("HOSPA", "A03", "1007", "19700101", "", "V7", a, "", "20261108080000+0000", "20261107080000+0000",
                        "20261108080000+0000", "", "DG1|1||^Chest pain||20261107|F\r"),
                msg("CLINICB", "A03", "1008", "20991231", "", "V8", a, "", "20261101080000+0000",
                        "20261101080000+0000", "20261101090000+0000", "ZZ", ""));
    }

    static <T> T parse(HttpResponse<String> r, Class<T> type) {
        assertEquals(200, r.statusCode(), r.body());
        return type.cast(FHIR.newJsonParser().parseResource(r.body()));
    }

    /** measure code to (unit name to count), plus "*" for the group's population. */
    static Map<String, Map<String, Integer>> counts(MeasureReport report) {
        Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
        for (MeasureReport.MeasureReportGroupComponent g : report.getGroup()) {
            Map<String, Integer> byUnit = new LinkedHashMap<>();
            byUnit.put("*", g.getPopulationFirstRep().getCount());
            for (MeasureReport.StratifierGroupComponent s : g.getStratifierFirstRep().getStratum()) {
                if (s.getPopulationFirstRep().getCount() > 0) {
                    byUnit.put(s.getValue().getCodingFirstRep().getDisplay(), s.getPopulationFirstRep().getCount());
                }
            }
            out.put(g.getCode().getCodingFirstRep().getCode(), byUnit);
        }
        return out;
    }

    @Test
    void censusCountsEveryMeasurePerUnit() throws Exception {
        MeasureReport report = parse(gw.get("/$census?date=2026-11-10", RunningGateway.ADMIN), MeasureReport.class);
        assertEquals(MeasureReport.MeasureReportType.SUMMARY, report.getType());
        Map<String, Map<String, Integer>> c = counts(report);
        assertEquals(Map.of("*", 3, UA, 2, UB, 1), c.get("admissions"), c.toString());
        assertEquals(Map.of("*", 1, UB, 1), c.get("discharges"), c.toString());
        assertEquals(Map.of("*", 1, UB, 1), c.get("transfers-in"), c.toString());
        assertEquals(Map.of("*", 1, UA, 1), c.get("transfers-out"), c.toString());
        assertEquals(Map.of("*", 4, UA, 2, UB, 2), c.get("midnight-census"), c.toString());
        assertEquals(Map.of("*", 4, UA, 2, UB, 2), c.get("bed-days"), c.toString());
    }

    @Test
    void censusOfTheDayBeforeAndOfOneUnit() throws Exception {
        Map<String, Map<String, Integer>> before = counts(parse(gw.get("/$census?date=2026-11-09",
                RunningGateway.ADMIN), MeasureReport.class));
        assertEquals(Map.of("*", 2, UA, 1, UB, 1), before.get("admissions"), before.toString());
        assertEquals(Map.of("*", 2, UA, 1, UB, 1), before.get("midnight-census"), before.toString());
        String unitB = unitId(UB);
        Map<String, Map<String, Integer>> b = counts(parse(gw.get("/Location/" + unitB + "/$census?date=2026-11-10",
                RunningGateway.ADMIN), MeasureReport.class));
        assertEquals(Map.of("*", 2, UB, 2), b.get("midnight-census"), b.toString());
        assertEquals(Map.of("*", 0), b.get("transfers-out"), b.toString());
    }

    /** The id of a unit, as the census names it. */
    static String unitId(String name) throws Exception {
        MeasureReport report = parse(gw.get("/$census?date=2026-11-10", RunningGateway.ADMIN), MeasureReport.class);
        return report.getGroupFirstRep().getStratifierFirstRep().getStratum().stream()
                .map(s -> s.getValue().getCodingFirstRep()).filter(c -> name.equals(c.getDisplay()))
                .map(c -> c.getCode().substring("Location/".length())).findFirst().orElseThrow();
    }

    @Test
    void censusAsCsv() throws Exception {
        HttpResponse<String> csv = gw.send(gw.request("/$census?date=2026-11-10", RunningGateway.ADMIN)
                .header("Accept", "text/csv").GET().build());
        assertEquals(200, csv.statusCode(), csv.body());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        List<String> lines = csv.body().lines().toList();
        assertEquals("date,unit,unit_name,measure,count", lines.get(0));
        assertTrue(lines.contains("2026-11-10,*,all units,midnight-census,4"), csv.body());
        assertTrue(lines.contains("2026-11-10,Location/" + unitId(UA) + ",UA,transfers-out,1"), csv.body());
        assertEquals(1 + 2 * 6 + 6, lines.size(), csv.body());
    }

    @Test
    void aRestrictedPatientIsNotCountedForAClientThatMayNotSeeIt() throws Exception {
        Map<String, Map<String, Integer>> c = counts(parse(gw.get("/$census?date=2026-11-10", RECORDS),
                MeasureReport.class));
        assertEquals(Map.of("*", 2, UA, 2), c.get("admissions"), c.toString());
        assertEquals(Map.of("*", 3, UA, 2, UB, 1), c.get("midnight-census"), c.toString());
    }

    @Test
    void censusNeedsOperationsAndADate() throws Exception {
        HttpResponse<String> billing = gw.get("/$census?date=2026-11-10", RunningGateway.BILLING);
        assertEquals(403, billing.statusCode());
        assertTrue(billing.body().contains("GW-REPORT-001"), billing.body());
        HttpResponse<String> noDate = gw.get("/$census", RunningGateway.ADMIN);
        assertEquals(400, noDate.statusCode());
        assertTrue(noDate.body().contains("GW-REPORT-002"), noDate.body());
        assertEquals(401, gw.get("/$census?date=2026-11-10", null).statusCode());
    }

    static String encounterId(String visit) throws Exception {
        Bundle b = parse(gw.get("/Encounter?identifier=" + visit, RunningGateway.ADMIN), Bundle.class);
        assertEquals(1, b.getEntry().size(), visit);
        return b.getEntryFirstRep().getResource().getIdElement().getIdPart();
    }

    @Test
    void abstractOfAFinishedEncounterIsCompleteAndRecordedAsADisclosure() throws Exception {
        Parameters p = parse(gw.get("/Encounter/" + encounterId("V1") + "/$abstract", RECORDS), Parameters.class);
        assertEquals("true", p.getParameter("complete").getValue().primitiveValue(), FHIR.newJsonParser().encodeResourceToString(p));
        Parameters.ParametersParameterComponent principal = p.getParameter("principal-diagnosis");
        assertEquals("I10", ((Coding) part(principal, "code").getValue()).getCode());
        assertEquals("Y", part(principal, "present-on-admission").getValue().primitiveValue());
        List<Parameters.ParametersParameterComponent> secondary = p.getParameter().stream()
                .filter(x -> x.getName().equals("secondary-diagnosis")).toList();
        assertEquals(1, secondary.size());
        assertEquals("E119", ((Coding) part(secondary.get(0), "code").getValue()).getCode());
        assertEquals("N", part(secondary.get(0), "present-on-admission").getValue().primitiveValue());
        Parameters.ParametersParameterComponent procedure = p.getParameter("procedure");
        assertEquals("0DTJ4ZZ", ((Coding) part(procedure, "code").getValue()).getCode());
        assertTrue(part(procedure, "date").getValue().primitiveValue().startsWith("2026-11-10"));
        assertTrue(part(procedure, "performer") != null);
        assertEquals("1", ((org.hl7.fhir.r4.model.Quantity) p.getParameter("length-of-stay").getValue()).getValue().toPlainString());
        assertEquals("56", ((org.hl7.fhir.r4.model.Quantity) p.getParameter("age-at-admission").getValue()).getValue().toPlainString());
        assertEquals("female", p.getParameter("sex").getValue().primitiveValue());
        assertTrue(p.getParameter("discharge-disposition") != null);
        assertTrue(p.getParameter("admit-source") != null);
        assertTrue(p.getParameter("coverage") != null);
        assertFalse(p.getParameter().stream().anyMatch(x -> x.getName().equals("incomplete-reason")));

        Bundle audit = parse(gw.get("/AuditEvent?agent=records", RunningGateway.ADMIN), Bundle.class);
        String all = FHIR.newJsonParser().encodeResourceToString(audit);
        String path = "Encounter/" + encounterId("V1") + "/$abstract";
        String query = java.util.Base64.getEncoder().encodeToString(path.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(all.contains(query), "the abstract's release is recorded: " + all);
        assertTrue(all.contains("Condition/") && all.contains("Procedure/"), "with the resources it embedded");
    }

    @Test
    void abstractSourcesGoOutUnderTheCallersReleasePolicy() throws Exception {
        Parameters p = parse(gw.get("/Encounter/" + encounterId("V1") + "/$abstract", CODER), Parameters.class);
        org.hl7.fhir.r4.model.Patient patient = p.getParameter().stream().filter(x -> x.getName().equals("source"))
                .map(Parameters.ParametersParameterComponent::getResource)
                .filter(r -> r instanceof org.hl7.fhir.r4.model.Patient).map(r -> (org.hl7.fhir.r4.model.Patient) r)
                .findFirst().orElseThrow();
        assertFalse(patient.hasName() && patient.getNameFirstRep().hasFamily(), "Patient.name is masked");
        assertTrue(patient.getMeta().getSecurity().stream().anyMatch(c -> "MASKED".equals(c.getCode())));
    }

    @Test
    void conflictingDemographicsMakeATask() throws Exception {
        Bundle b = tasks("code=http://fhirgateway.org/fhir/CodeSystem/data-quality-issue|conflicting-demographics",
                RunningGateway.ADMIN);
        assertEquals(1, b.getEntry().size());
        assertTrue(((Task) b.getEntryFirstRep().getResource()).getDescription().contains("PID-8"));
    }

    static Parameters.ParametersParameterComponent part(Parameters.ParametersParameterComponent p, String name) {
        return p.getPart().stream().filter(x -> x.getName().equals(name)).findFirst().orElse(null);
    }

    @Test
    void abstractSaysWhyItIsIncomplete() throws Exception {
        Parameters p = parse(gw.get("/Encounter/" + encounterId("V7") + "/$abstract", RECORDS), Parameters.class);
        assertEquals("false", p.getParameter("complete").getValue().primitiveValue());
        Set<String> reasons = p.getParameter().stream().filter(x -> x.getName().equals("incomplete-reason"))
                .map(x -> ((Coding) x.getValue()).getCode()).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(Set.of("no-principal-diagnosis", "unmapped-code", "no-discharge-disposition",
                "missing-poa")), reasons);
    }

    @Test
    void abstractIsRefusedOrNotFoundForClientsWithoutTheRights() throws Exception {
        HttpResponse<String> billing = gw.get("/Encounter/" + encounterId("V1") + "/$abstract", RunningGateway.BILLING);
        assertEquals(403, billing.statusCode(), billing.body());
        assertTrue(billing.body().contains("GW-AUTH-403"), billing.body());
        assertEquals(404, gw.get("/Encounter/" + encounterId("V6") + "/$abstract", RECORDS).statusCode());
        HttpResponse<String> open = gw.get("/Encounter/" + encounterId("V2") + "/$abstract", RunningGateway.ADMIN);
        assertEquals(422, open.statusCode(), open.body());
        assertTrue(open.body().contains("GW-REPORT-003"), open.body());
    }

    static Bundle tasks(String query, String token) throws Exception {
        return parse(gw.get("/Task?" + query.replace("|", "%7C"), token), Bundle.class);
    }

    @Test
    void workListHasATaskPerProblemOnceAndClosingRecordsWho() throws Exception {
        String sender = "requester:identifier=http://fhirgateway.org/fhir/sending-facility|CLINICB";
        String kinds = "http://fhirgateway.org/fhir/CodeSystem/data-quality-issue|";
        assertEquals(1, tasks(sender + "&code=" + kinds + "future-date", RunningGateway.ADMIN).getEntry().size());
        assertEquals(1, tasks(sender + "&code=" + kinds + "unmapped-code", RunningGateway.ADMIN).getEntry().size());
        int before = tasks(sender + "&_count=100", RunningGateway.ADMIN).getEntry().size();

        // the same message again, resent (a new control id): the same problems, no second Task
        HttpResponse<String> again = postV2(history().get(history().size() - 1));
        assertTrue(again.body().contains("MSA|AA"), again.body());
        assertEquals(before, tasks(sender + "&_count=100", RunningGateway.ADMIN).getEntry().size());

        Task task = (Task) tasks(sender + "&code=" + kinds + "future-date&status=requested", RunningGateway.ADMIN)
                .getEntryFirstRep().getResource();
        HttpResponse<String> closed = gw.send(gw.request("/Task/" + task.getIdElement().getIdPart() + "/$close", RECORDS)
                .header("Content-Type", "application/fhir+json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"note\",\"valueString\":\"birth date fixed at the clinic\"}]}"))
                .build());
        Task done = parse(closed, Task.class);
        assertEquals(Task.TaskStatus.COMPLETED, done.getStatus());
        assertEquals("records", done.getOwner().getIdentifier().getValue());
        assertTrue(done.getNoteFirstRep().getText().contains("cleared by records: birth date fixed"));
        assertEquals(1, tasks(sender + "&code=" + kinds + "future-date&status=completed", RunningGateway.ADMIN)
                .getEntry().size());
        assertEquals(0, tasks(sender + "&code=" + kinds + "future-date&status=requested", RunningGateway.ADMIN)
                .getEntry().size());
        assertEquals(403, gw.send(gw.request("/Task/" + task.getIdElement().getIdPart() + "/$close",
                RunningGateway.BILLING).POST(HttpRequest.BodyPublishers.noBody()).build()).statusCode());
    }

    @Test
    void aRestrictedPatientsTaskIsListedOnlyForClientsThatMaySeeThePatient() throws Exception {
        String query = "requester:identifier=http://fhirgateway.org/fhir/sending-facility|HOSPA"
                + "&code=http://fhirgateway.org/fhir/CodeSystem/data-quality-issue|future-date";
        Bundle admin = tasks(query, RunningGateway.ADMIN);
        assertEquals(1, admin.getEntry().size());
        String id = admin.getEntryFirstRep().getResource().getIdElement().getIdPart();
        assertEquals(0, tasks(query, RECORDS).getEntry().size());
        assertEquals(404, gw.get("/Task/" + id, RECORDS).statusCode());
        assertEquals(404, gw.send(gw.request("/Task/" + id + "/$close", RECORDS)
                .POST(HttpRequest.BodyPublishers.noBody()).build()).statusCode());
    }
}
