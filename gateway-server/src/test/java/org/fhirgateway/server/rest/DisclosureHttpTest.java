package org.fhirgateway.server.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The accounting of disclosures through the HTTP API: every release is recorded before it is sent (and nothing is
 * sent when it cannot be), {@code $disclosures} and AuditEvents are the operators' alone, break-the-glass is
 * labelled and waits for review, and a new opt-out holds from the very next request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DisclosureHttpTest {

    private static final String ADMIN = "matrix-admin-token-000";
    private static final String REGISTRY = "matrix-registry-token-000";
    private static final String CLINIC = "matrix-clinic-token-000";

    @TempDir
    static Path dir;
    private RunningGateway gw;
    private String dbUrl;
    private final FhirContext fhir = FhirContext.forR4Cached();

    @BeforeAll
    void start() throws Exception {
        dbUrl = RunningGateway.freshDatabaseUrl();
        gw = RunningGateway.start(dir, ConsentMatrixHttpTest.POLICIES + "dbUrl: \"" + dbUrl + "\"\n", Map.of());
        assertEquals(200, post("", ConsentFixture.transaction(fhir), ADMIN).statusCode());
    }

    @AfterAll
    void stop() throws Exception {
        gw.close();
    }

    @Test
    void eachReleaseIsRecordedWithItsRuleAndOnlyOperatorsReadTheAccounting() throws Exception {
        assertEquals(200, get("/Patient/pt-optin/$everything", REGISTRY, null).statusCode());
        Bundle accounting = bundle(get("/Patient/pt-optin/$disclosures", ADMIN, null));
        AuditEvent event = (AuditEvent) accounting.getEntryFirstRep().getResource();
        assertEquals("registry", event.getAgentFirstRep().getWho().getIdentifier().getValue());
        assertEquals("PUBHLTH", event.getPurposeOfEventFirstRep().getCodingFirstRep().getCode());
        assertTrue(event.getAgentFirstRep().getPolicy().stream().anyMatch(p -> p.getValue().endsWith("opt-in:Consent/c-optin")),
                "the HIV condition went out on the patient's opt-in, and the record names it: "
                        + fhir.newJsonParser().encodeResourceToString(event));
        String json = fhir.newJsonParser().encodeResourceToString(event);
        assertTrue(event.getEntity().stream().anyMatch(e -> e.getWhat().getReference() != null
                && e.getWhat().getReference().startsWith("Condition/hiv-optin")), json);
        assertTrue(event.getEntity().stream().anyMatch(e -> "Patient/pt-optin".equals(e.getWhat().getReference())), json);

        assertEquals(403, get("/Patient/pt-optin/$disclosures", REGISTRY, null).statusCode());
        assertEquals(403, get("/AuditEvent?patient=Patient/pt-optin", REGISTRY, null).statusCode());
        assertEquals(403, get("/AuditEvent?patient=Patient/pt-optin", CLINIC, null).statusCode());
        Bundle search = bundle(get("/AuditEvent?patient=Patient/pt-optin&agent=registry", ADMIN, null));
        assertFalse(search.getEntry().isEmpty());
        int created = post("/AuditEvent", fhir.newJsonParser().encodeResourceToString(new AuditEvent()), ADMIN)
                .statusCode();
        assertTrue(created == 400 || created == 405, "the accounting is written by the gateway alone: " + created);
    }

    @Test
    void breakingTheGlassShowsWithheldDataLabelledAndWaitsForReview() throws Exception {
        assertEquals(404, get("/Patient/pt-vip", CLINIC, null).statusCode());
        HttpResponse<String> urgent = get("/Patient/pt-vip", CLINIC, "ETREAT");
        assertEquals(200, urgent.statusCode());
        assertTrue(urgent.body().contains("\"ETREAT\""), "what broke the glass says so");
        HttpResponse<String> refused = get("/Patient/pt-none", REGISTRY, "ETREAT");
        assertEquals(403, refused.statusCode());
        assertTrue(refused.body().contains("GW-CONSENT-001"));

        Bundle pending = bundle(get("/AuditEvent?review-status=pending", ADMIN, null));
        AuditEvent event = pending.getEntry().stream().map(e -> (AuditEvent) e.getResource())
                .filter(a -> a.getEntity().stream().anyMatch(x -> "Patient/pt-vip".equals(x.getWhat().getReference())))
                .findFirst().orElseThrow();
        String id = event.getIdElement().getIdPart();
        String review = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"note\",\"valueString\":\"ED visit confirmed\"}]}";
        assertEquals(200, post("/AuditEvent/" + id + "/$review", review, ADMIN).statusCode());
        assertFalse(get("/AuditEvent?review-status=pending", ADMIN, null).body().contains("\"id\":\"" + id + "\""));
        assertEquals(400, post("/AuditEvent/" + id + "/$review", review, ADMIN).statusCode(), "reviewed once");
    }

    @Test
    void aNewOptOutHoldsFromTheNextRequestAndItsWithdrawalToo() throws Exception {
        assertEquals(200, get("/Patient/pt-expired", REGISTRY, null).statusCode());
        Consent optOut = ConsentFixture.consent("c-new", "expired", Consent.ConsentProvisionType.DENY, null, null,
                null, null);
        HttpResponse<String> put = gw.send(gw.request("/Consent/c-new", ADMIN).header("Content-Type", "application/fhir+json")
                .PUT(HttpRequest.BodyPublishers.ofString(fhir.newJsonParser().encodeResourceToString(optOut))).build());
        assertEquals(201, put.statusCode(), put.body());
        assertEquals(404, get("/Patient/pt-expired", REGISTRY, null).statusCode());
        assertEquals(404, get("/Observation/obs-expired", REGISTRY, null).statusCode());
        assertEquals(200, gw.send(gw.request("/Consent/c-new", ADMIN).DELETE().build()).statusCode());
        assertEquals(200, get("/Patient/pt-expired", REGISTRY, null).statusCode());
    }

    @Test
    void whenTheDisclosureCannotBeRecordedNothingIsSent() throws Exception {
        try (Connection c = DriverManager.getConnection(dbUrl); Statement s = c.createStatement()) {
            s.execute("CREATE FUNCTION refuse_disclosure() RETURNS trigger LANGUAGE plpgsql AS "
                    + "$$ BEGIN RAISE EXCEPTION 'audit store full'; END $$");
            s.execute("CREATE TRIGGER refuse BEFORE INSERT ON disclosure FOR EACH ROW EXECUTE FUNCTION refuse_disclosure()");
        }
        try {
            HttpResponse<String> r = get("/Patient/pt-none", REGISTRY, null);
            assertEquals(503, r.statusCode());
            assertTrue(r.body().contains("GW-CONSENT-003"), r.body());
            assertFalse(r.body().contains(ConsentFixture.family("none")), "no patient data in the refusal");
        } finally {
            try (Connection c = DriverManager.getConnection(dbUrl); Statement s = c.createStatement()) {
                s.execute("DROP TRIGGER refuse ON disclosure");
            }
        }
        assertEquals(200, get("/Patient/pt-none", REGISTRY, null).statusCode());
    }

    private HttpResponse<String> get(String path, String token, String purpose) throws Exception {
        HttpRequest.Builder r = gw.request(path, token).GET();
        if (purpose != null) {
            r.header("X-Purpose-Of-Use", purpose);
        }
        return gw.send(r.build());
    }

    private HttpResponse<String> post(String path, String body, String token) throws Exception {
        return gw.send(gw.request(path, token).header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private Bundle bundle(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        return fhir.newJsonParser().parseResource(Bundle.class, response.body());
    }
}
