package org.fhirgateway.server.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The message administration API under the consent rules: a raw v2 message discloses what its resources hold, so
 * an operator whose policy withholds a restricted patient, a sensitive category or an opted-out patient does not
 * see that patient's messages, and every message text given out is in the accounting of disclosures.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MessageAdminConsentHttpTest {

    private static final String ADMIN = "matrix-admin-token-000";
    /** An interface analyst's client: the admin operations, under the public-health policy (withholds R, HIV, ...). */
    private static final String ANALYST = "analyst-token-0000000";
    /** The same operations under the research policy (de-identified: no v2 text at all). */
    private static final String RESEARCH_OPS = "research-ops-token-00000";
    private static final String CLIENTS = """
              - {name: analyst, token: analyst-token-0000000, purposeOfUse: PUBHLTH, scopes: [system/*.read, system/*.write]}
              - {name: research-ops, token: research-ops-token-00000, purposeOfUse: HRESCH,
                 scopes: [system/*.read, system/*.write]}
            """;

    @TempDir
    static Path dir;
    private RunningGateway gw;
    private final FhirContext fhir = FhirContext.forR4Cached();
    private long restricted;
    private long hiv;
    private long plain;
    private long failed;

    @BeforeAll
    void start() throws Exception {
        gw = RunningGateway.start(dir, ConsentMatrixHttpTest.POLICIES + CLIENTS, Map.of());
        restricted = send("RST", "MRN-RST^^^GHH^MR", "Restricted^Rita", "PD1||||||||||||Y", null);
        hiv = send("HIV", "MRN-HIV^^^GHH^MR", "Positive^Paul", null, "DG1|1||B20^HIV disease^I10||20240315|A");
        plain = send("PLN", "MRN-PLN^^^GHH^MR", "Plain^Petra", null, "DG1|1||R07.9^Chest pain^I10||20240315|A");
        failed = send("BAD", "", "", "NK1|1|Nobody^Nemo|SPO", null); // no identifier and no name: the mapping fails
        awaitApplied(List.of(restricted, hiv, plain));
    }

    @AfterAll
    void stop() throws Exception {
        gw.close();
    }

    @Test
    void anOperatorSeesEveryMessageAndItsText() throws Exception {
        assertTrue(listed(ADMIN).containsAll(List.of(failed, plain, hiv, restricted)));
        Parameters detail = detail(restricted, ADMIN, 200);
        assertTrue(part(detail, "raw").contains("Restricted^Rita"));
    }

    @Test
    void aPolicyThatWithholdsAPatientWithholdsTheirMessages() throws Exception {
        List<Long> listed = listed(ANALYST);
        assertTrue(listed.containsAll(List.of(failed, plain)), listed.toString());
        assertFalse(listed.contains(restricted) || listed.contains(hiv), "the restricted and the HIV patients'"
                + " messages are withheld: " + listed);
        assertEquals(404, get("/$hl7v2-message?id=" + restricted, ANALYST).statusCode(), "exactly like a missing one");
        assertEquals(404, get("/$hl7v2-message?id=" + hiv, ANALYST).statusCode());
        assertEquals(404, post("/$hl7v2-replay?id=" + restricted, ANALYST).statusCode());
        Parameters visible = detail(plain, ANALYST, 200);
        assertTrue(part(visible, "raw").contains("Plain^Petra"));
    }

    @Test
    void aMessageThatWroteNothingShowsItsSummaryButNotItsText() throws Exception {
        Parameters summary = detail(failed, ANALYST, 200);
        assertEquals("failed", part(summary, "status"));
        assertTrue(part(summary, "withheld").startsWith("GW-CONSENT-004"));
        assertFalse(fhir.newJsonParser().encodeResourceToString(summary).contains("Nobody"), "no text, no name");
        assertTrue(part(detail(failed, ADMIN, 200), "raw").contains("Nobody^Nemo"));
    }

    @Test
    void aDeidentifiedPolicyNeverGetsV2Text() throws Exception {
        Parameters summary = detail(plain, RESEARCH_OPS, 200);
        assertTrue(part(summary, "withheld").startsWith("GW-CONSENT-004"));
        String json = fhir.newJsonParser().encodeResourceToString(summary);
        assertFalse(json.contains("Petra") || json.contains("MRN-PLN"), json);
    }

    @Test
    void anOptOutWithholdsThePatientsOldMessagesFromTheNextRequest() throws Exception {
        long later = send("OPT", "MRN-OPT^^^GHH^MR", "Optout^Olga", null, null);
        awaitApplied(List.of(later));
        assertTrue(listed(ANALYST).contains(later));
        String patient = patientOf(later);
        Consent optOut = ConsentFixture.consent("c-msg-optout", "unused",
                Consent.ConsentProvisionType.DENY, null, null, null, null);
        optOut.setPatient(new Reference("Patient/" + patient));
        String consent = fhir.newJsonParser().encodeResourceToString(optOut);
        HttpResponse<String> put = gw.send(gw.request("/Consent/c-msg-optout", ADMIN)
                .header("Content-Type", "application/fhir+json").PUT(HttpRequest.BodyPublishers.ofString(consent)).build());
        assertEquals(201, put.statusCode(), put.body());
        assertFalse(listed(ANALYST).contains(later));
        assertEquals(404, get("/$hl7v2-message?id=" + later, ANALYST).statusCode());
        assertTrue(listed(ADMIN).contains(later), "the operations policy is unrestricted");
    }

    @Test
    void eachMessageTextGivenOutIsInTheAccounting() throws Exception {
        detail(plain, ANALYST, 200);
        String patient = patientOf(plain);
        Bundle accounting = (Bundle) fhir.newJsonParser().parseResource(
                get("/Patient/" + patient + "/$disclosures", ADMIN).body());
        List<AuditEvent> reads = accounting.getEntry().stream().map(e -> (AuditEvent) e.getResource())
                .filter(a -> a.getEntity().stream().anyMatch(en -> ("hl7v2-message/" + plain)
                        .equals(en.getWhat().getReference())))
                .filter(a -> "analyst".equals(a.getAgentFirstRep().getWho().getIdentifier().getValue()))
                .toList();
        assertFalse(reads.isEmpty(), "the analyst's read of the message is accounted for");
        assertEquals("PUBHLTH", reads.get(0).getPurposeOfEventFirstRep().getCodingFirstRep().getCode());
    }

    // --- helpers

    /** Sends an ADT^A01 over POST /hl7v2; returns its inbox id. */
    private long send(String control, String pid3, String name, String pd1, String dg1) throws Exception {
        StringBuilder m = new StringBuilder("MSH|^~\\&|REGADT|GHH|GW|GW|20240315083000||ADT^A01^ADT_A01|CTRL-" + control
                + "|P|2.5.1\rEVN|A01|20240315082500\rPID|1||" + pid3 + "||" + name + "||19800214|M\r");
        if (pd1 != null) {
            m.append(pd1).append('\r');
        }
        m.append("PV1|1|I|WARD^101^1^GHH||||0100^Attend^Anna^^^Dr||||||||||||VN-").append(control).append("^^^GHH^VN\r");
        if (dg1 != null) {
            m.append(dg1).append('\r');
        }
        HttpResponse<String> ack = gw.send(HttpRequest.newBuilder(URI.create(gw.root() + "/hl7v2"))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/hl7-v2")
                .POST(HttpRequest.BodyPublishers.ofString(m.toString())).build());
        assertEquals(200, ack.statusCode(), ack.body());
        return listed(ADMIN).stream().filter(id -> {
            try {
                return part(detail(id, ADMIN, 200), "controlId").equals("CTRL-" + control);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).findFirst().orElseThrow();
    }

    private void awaitApplied(List<Long> ids) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        for (long id : ids) {
            while (!"applied".equals(part(detail(id, ADMIN, 200), "status"))) {
                assertTrue(Instant.now().isBefore(deadline), "message " + id + " applied in time");
                Thread.sleep(50);
            }
        }
    }

    private String patientOf(long id) throws Exception {
        return detail(id, ADMIN, 200).getParameter().stream().filter(p -> p.getName().equals("touched"))
                .map(p -> ((Reference) p.getValue()).getReference())
                .filter(r -> r.startsWith("Patient/")).map(r -> r.split("/")[1]).findFirst().orElseThrow();
    }

    private List<Long> listed(String token) throws Exception {
        HttpResponse<String> r = get("/$hl7v2-messages?_count=500", token);
        assertEquals(200, r.statusCode(), r.body());
        Bundle page = (Bundle) fhir.newJsonParser().parseResource(r.body());
        return page.getEntry().stream().map(e -> Long.parseLong(part((Parameters) e.getResource(), "id")))
                .collect(Collectors.toList());
    }

    private Parameters detail(long id, String token, int status) throws Exception {
        HttpResponse<String> r = get("/$hl7v2-message?id=" + id, token);
        assertEquals(status, r.statusCode(), r.body());
        return (Parameters) fhir.newJsonParser().parseResource(r.body());
    }

    private static String part(Parameters p, String name) {
        Parameters.ParametersParameterComponent c = p.getParameter(name);
        return c == null ? "" : c.getValue().primitiveValue();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return gw.send(gw.request(path, token).GET().build());
    }

    private HttpResponse<String> post(String path, String token) throws Exception {
        return gw.send(gw.request(path, token).POST(HttpRequest.BodyPublishers.noBody()).build());
    }
}
