package org.fhirgateway.server.rest;

import static org.fhirgateway.server.rest.RunningGateway.ADMIN;
import static org.fhirgateway.server.rest.RunningGateway.BILLING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.AfterAll;

/** Read, vread, create, update (If-Match), delete and history over real HTTP, on PostgreSQL. */
class CrudHttpTest {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final SharedGateway GATEWAYS = new SharedGateway();

    @AfterAll
    static void stop() throws Exception {
        GATEWAYS.close();
    }

    static String patientJson(String family) {
        Patient patient = new Patient();
        patient.addName().setFamily(family);
        patient.addIdentifier().setSystem("urn:test:mrn").setValue(family);
        return FHIR.newJsonParser().encodeResourceToString(patient);
    }

    static HttpResponse<String> post(RunningGateway gw, String path, String body, String token) throws Exception {
        return gw.send(gw.request(path, token).header("Content-Type", "application/fhir+json")
                .POST(BodyPublishers.ofString(body)).build());
    }

    static HttpResponse<String> put(RunningGateway gw, String path, String body, String ifMatch) throws Exception {
        HttpRequest.Builder request = gw.request(path, ADMIN).header("Content-Type", "application/fhir+json");
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return gw.send(request.PUT(BodyPublishers.ofString(body)).build());
    }

    /** Creates a patient and returns its id. */
    static String createPatient(RunningGateway gw, String family) throws Exception {
        HttpResponse<String> created = post(gw, "/Patient", patientJson(family), ADMIN);
        assertEquals(201, created.statusCode(), created.body());
        return FHIR.newJsonParser().parseResource(Patient.class, created.body()).getIdElement().getIdPart();
    }

    static <T extends org.hl7.fhir.instance.model.api.IBaseResource> T parse(Class<T> type, HttpResponse<String> response) {
        return FHIR.newJsonParser().parseResource(type, response.body());
    }

    @Test
    void createReturns201WithLocationAndEtagAndReadReturnsIt() throws Exception {
        RunningGateway gw = GATEWAYS.get();
        HttpResponse<String> created = post(gw, "/Patient", patientJson("Create"), ADMIN);
        assertEquals(201, created.statusCode(), created.body());
        String location = created.headers().firstValue("Location").orElseThrow();
        assertTrue(location.matches(".*/fhir/Patient/[^/]+/_history/1"), location);
        assertEquals("W/\"1\"", created.headers().firstValue("ETag").orElseThrow());
        String id = parse(Patient.class, created).getIdElement().getIdPart();

        HttpResponse<String> read = gw.get("/Patient/" + id, ADMIN);
        assertEquals(200, read.statusCode());
        assertEquals("W/\"1\"", read.headers().firstValue("ETag").orElseThrow());
        assertTrue(read.headers().firstValue("Last-Modified").isPresent());
        assertEquals("Create", parse(Patient.class, read).getNameFirstRep().getFamily());
    }

    @Test
    void readOfUnknownIdIs404OperationOutcome() throws Exception {
        HttpResponse<String> response = GATEWAYS.get().get("/Patient/no-such-patient", ADMIN);
        assertEquals(404, response.statusCode());
        assertTrue(parse(OperationOutcome.class, response).getIssueFirstRep().getDiagnostics().contains("GW-STORE-001"));
    }

    @Test
    void updateWithMatchingIfMatchMakesVersion2AndStaleIfMatchIs412() throws Exception {
        RunningGateway gw = GATEWAYS.get();
        String id = createPatient(gw, "Versioned");
        String body = patientJson("Versioned2").replaceFirst("\\{", "{\"id\":\"" + id + "\",");
        HttpResponse<String> updated = put(gw, "/Patient/" + id, body, "W/\"1\"");
        assertEquals(200, updated.statusCode(), updated.body());
        assertEquals("W/\"2\"", updated.headers().firstValue("ETag").orElseThrow());

        HttpResponse<String> stale = put(gw, "/Patient/" + id, body.replace("Versioned2", "Versioned3"), "W/\"1\"");
        assertEquals(412, stale.statusCode(), stale.body());
        assertTrue(stale.body().contains("OperationOutcome"));

        assertEquals(200, gw.get("/Patient/" + id + "/_history/1", ADMIN).statusCode());
        assertEquals("Versioned2", parse(Patient.class, gw.get("/Patient/" + id + "/_history/2", ADMIN)).getNameFirstRep().getFamily());
        assertEquals(404, gw.get("/Patient/" + id + "/_history/9", ADMIN).statusCode());
    }

    @Test
    void updateWithIdMismatchIs400() throws Exception {
        RunningGateway gw = GATEWAYS.get();
        String body = patientJson("Mismatch").replaceFirst("\\{", "{\"id\":\"other\",");
        assertEquals(400, put(gw, "/Patient/mismatch-1", body, null).statusCode());
    }

    @Test
    void updateAsCreateWithClientId() throws Exception {
        RunningGateway gw = GATEWAYS.get();
        String id = "client-chosen";
        HttpResponse<String> response = put(gw, "/Patient/" + id, patientJson("Chosen").replaceFirst("\\{", "{\"id\":\"" + id + "\","), null);
        assertEquals(201, response.statusCode(), response.body());
        assertEquals(200, gw.get("/Patient/" + id, ADMIN).statusCode());
    }

    @Test
    void deleteThenReadIs410AndHistoryShowsAllVersions() throws Exception {
        RunningGateway gw = GATEWAYS.get();
        String id = createPatient(gw, "Deleted");
        HttpResponse<String> deleted = gw.send(gw.request("/Patient/" + id, ADMIN).DELETE().build());
        assertTrue(deleted.statusCode() == 200 || deleted.statusCode() == 204, deleted.body());
        assertEquals(410, gw.get("/Patient/" + id, ADMIN).statusCode());

        HttpResponse<String> history = gw.get("/Patient/" + id + "/_history", ADMIN);
        assertEquals(200, history.statusCode(), history.body());
        Bundle bundle = parse(Bundle.class, history);
        assertEquals(Bundle.BundleType.HISTORY, bundle.getType());
        assertEquals(2, bundle.getEntry().size());
        assertEquals(Bundle.HTTPVerb.DELETE, bundle.getEntry().get(0).getRequest().getMethod());
        assertFalse(bundle.getEntry().get(0).hasResource());
    }

    @Test
    void typeAndSystemHistoryArePagedBundles() throws Exception {
        RunningGateway gw = GATEWAYS.get();
        createPatient(gw, "HistA");
        createPatient(gw, "HistB");
        createPatient(gw, "HistC");
        HttpResponse<String> typeHistory = gw.get("/Patient/_history?_count=2", ADMIN);
        assertEquals(200, typeHistory.statusCode(), typeHistory.body());
        Bundle page = parse(Bundle.class, typeHistory);
        assertEquals(2, page.getEntry().size());
        String next = page.getLink("next").getUrl();
        assertTrue(next.contains("/fhir/Patient/_history?_page_token="), next);
        HttpResponse<String> second = gw.send(HttpRequest.newBuilder(java.net.URI.create(next)).header("Authorization", "Bearer " + ADMIN).build());
        assertEquals(200, second.statusCode(), second.body());
        assertFalse(parse(Bundle.class, second).getEntry().isEmpty());

        assertEquals(200, gw.get("/_history?_count=5", ADMIN).statusCode());
        assertEquals(403, gw.get("/_history", BILLING).statusCode(), "billing cannot read every type");
        assertEquals(400, gw.get("/Patient/_history?_since=not-a-date", ADMIN).statusCode());
        assertEquals(400, gw.get("/Patient/_history?foo=bar", ADMIN).statusCode());
        HttpRequest lenient = gw.request("/Patient/_history?foo=bar", ADMIN).header("Prefer", "handling=lenient").build();
        assertEquals(200, gw.send(lenient).statusCode());
        assertEquals(200, gw.get("/Patient/_history?_since=2020-01-01T00:00:00Z", ADMIN).statusCode());
    }

    @Test
    void preferReturnIsHonoured() throws Exception {
        RunningGateway gw = GATEWAYS.get();
        HttpResponse<String> minimal = gw.send(gw.request("/Patient", ADMIN).header("Content-Type", "application/fhir+json")
                .header("Prefer", "return=minimal").POST(BodyPublishers.ofString(patientJson("Minimal"))).build());
        assertEquals(201, minimal.statusCode());
        assertTrue(minimal.body().isEmpty(), minimal.body());
        assertTrue(minimal.headers().firstValue("Location").isPresent());

        HttpResponse<String> outcome = gw.send(gw.request("/Patient", ADMIN).header("Content-Type", "application/fhir+json")
                .header("Prefer", "return=OperationOutcome").POST(BodyPublishers.ofString(patientJson("Outcome"))).build());
        assertEquals(201, outcome.statusCode());
        assertTrue(outcome.body().contains("\"resourceType\":\"OperationOutcome\""), outcome.body());

        HttpResponse<String> representation = gw.send(gw.request("/Patient", ADMIN).header("Content-Type", "application/fhir+json")
                .header("Prefer", "return=representation").POST(BodyPublishers.ofString(patientJson("Repr"))).build());
        assertEquals("Repr", parse(Patient.class, representation).getNameFirstRep().getFamily());
    }

    @Test
    void scopesDecideReadAndWritePerType() throws Exception {
        RunningGateway gw = GATEWAYS.get();
        String id = createPatient(gw, "Scoped");
        assertEquals(200, gw.get("/Patient/" + id, BILLING).statusCode());
        HttpResponse<String> write = post(gw, "/Patient", patientJson("NotAllowed"), BILLING);
        assertEquals(403, write.statusCode());
        assertTrue(write.body().contains("GW-AUTH-403"));
        assertEquals(403, gw.get("/Observation/x", BILLING).statusCode());
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL).getCode().setText("x");
        String obs = FHIR.newJsonParser().encodeResourceToString(observation);
        assertEquals(403, post(gw, "/Observation", obs, RunningGateway.WRITER).statusCode());
        assertEquals(201, post(gw, "/Patient", patientJson("WriterMay"), RunningGateway.WRITER).statusCode());
    }
}
