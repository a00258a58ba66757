package org.fhirgateway.server.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway's conformance package served read-only to any authenticated client, and {@code $validate} against R4
 * and the gateway profiles, over real HTTP; what the mappers store declares its profile and passes it.
 */
class ProfilesHttpTest {

    private static final String PATIENT_PROFILE = "http://fhirgateway.org/fhir/StructureDefinition/gateway-patient";
    private static final SharedGateway GATEWAY = new SharedGateway();
    private static final IParser JSON = FhirContext.forR4Cached().newJsonParser();

    @AfterAll
    static void stop() throws Exception {
        GATEWAY.close();
    }

    @Test
    void anyAuthenticatedClientReadsTheProfilesWithTheirSnapshots() throws Exception {
        RunningGateway gw = GATEWAY.get();
        // billing's scopes name no conformance type: the package holds no patient data
        HttpResponse<String> read = gw.get("/StructureDefinition/gateway-patient", RunningGateway.BILLING);
        assertEquals(200, read.statusCode(), read.body());
        StructureDefinition profile = JSON.parseResource(StructureDefinition.class, read.body());
        assertEquals(PATIENT_PROFILE, profile.getUrl());
        assertTrue(profile.getSnapshot().getElement().size() > 20, "snapshot generated at build");

        HttpResponse<String> byUrl = gw.get("/StructureDefinition?url=" + PATIENT_PROFILE, RunningGateway.BILLING);
        assertEquals(1, JSON.parseResource(Bundle.class, byUrl.body()).getEntry().size(), byUrl.body());
        for (String type : List.of("ValueSet", "CodeSystem", "ConceptMap")) {
            Bundle all = JSON.parseResource(Bundle.class, gw.get("/" + type, RunningGateway.BILLING).body());
            assertFalse(all.getEntry().isEmpty(), type);
        }
        assertEquals(401, gw.get("/StructureDefinition/gateway-patient", null).statusCode());
        HttpResponse<String> missing = gw.get("/ValueSet/no-such-set", RunningGateway.BILLING);
        assertEquals(404, missing.statusCode());
        assertTrue(missing.body().contains("GW-STORE-001"), missing.body());
    }

    @Test
    void theConformanceTypesCannotBeWritten() throws Exception {
        RunningGateway gw = GATEWAY.get();
        HttpResponse<String> response = gw.send(gw.request("/ValueSet", RunningGateway.ADMIN)
                .header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"resourceType\":\"ValueSet\",\"status\":\"draft\"}")).build());
        assertTrue(response.statusCode() == 405 || response.statusCode() == 400, response.statusCode() + " " + response.body());
    }

    @Test
    void validateReportsProfileErrorsWithA200() throws Exception {
        OperationOutcome outcome = validate("/Patient/$validate?profile=" + PATIENT_PROFILE,
                "{\"resourceType\":\"Patient\",\"identifier\":[{\"value\":\"12345\"}]}", 200);
        assertTrue(outcome.getIssue().stream().anyMatch(i -> i.getSeverity() == OperationOutcome.IssueSeverity.ERROR
                && i.getDiagnostics().contains("Patient.identifier.system")), JSON.encodeResourceToString(outcome));

        OperationOutcome core = validate("/Patient/$validate",
                "{\"resourceType\":\"Patient\",\"identifier\":[{\"value\":\"12345\"}]}", 200);
        assertTrue(errors(core).isEmpty(), "valid R4 without the profile: " + errors(core));
    }

    @Test
    void badValidateRequestsGetStableCodes() throws Exception {
        RunningGateway gw = GATEWAY.get();
        String body = "{\"resourceType\":\"Patient\"}";
        HttpResponse<String> unknown = post(gw, "/Patient/$validate?profile=http://example.org/none", body, RunningGateway.ADMIN);
        assertEquals(400, unknown.statusCode(), unknown.body());
        assertTrue(unknown.body().contains("GW-VALIDATE-001"), unknown.body());
        HttpResponse<String> delete = post(gw, "/Patient/$validate?mode=delete", body, RunningGateway.ADMIN);
        assertEquals(400, delete.statusCode(), delete.body());
        assertTrue(delete.body().contains("GW-VALIDATE-002"), delete.body());
        assertEquals(401, post(gw, "/Patient/$validate", body, null).statusCode());
    }

    @Test
    void whatTheMappersStoreDeclaresItsProfileAndPassesIt() throws Exception {
        RunningGateway gw = GATEWAY.get();
        String message;
        try (InputStream in = getClass().getResourceAsStream("/v2/ADT-A08-01.hl7")) {
            message = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        HttpResponse<String> ack = gw.send(HttpRequest.newBuilder(URI.create(gw.root() + "/hl7v2"))
                .header("Authorization", "Bearer " + RunningGateway.ADMIN).header("Content-Type", "application/hl7-v2")
                .POST(HttpRequest.BodyPublishers.ofString(message)).build());
        assertEquals(200, ack.statusCode(), ack.body());
        Bundle patients = JSON.parseResource(Bundle.class, gw.get("/Patient?_count=5", RunningGateway.ADMIN).body());
        Patient patient = (Patient) patients.getEntryFirstRep().getResource();
        assertTrue(patient.getMeta().hasProfile(PATIENT_PROFILE), JSON.encodeResourceToString(patient));
        OperationOutcome outcome = validate("/Patient/$validate", JSON.encodeResourceToString(patient), 200);
        assertEquals(List.of(), errors(outcome));
    }

    private static OperationOutcome validate(String path, String body, int status) throws Exception {
        HttpResponse<String> response = post(GATEWAY.get(), path, body, RunningGateway.ADMIN);
        assertEquals(status, response.statusCode(), response.body());
        return JSON.parseResource(OperationOutcome.class, response.body());
    }

    private static HttpResponse<String> post(RunningGateway gw, String path, String body, String token) throws Exception {
        return gw.send(gw.request(path, token).header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static List<String> errors(OperationOutcome outcome) {
        return outcome.getIssue().stream().filter(i -> i.getSeverity() == OperationOutcome.IssueSeverity.ERROR
                || i.getSeverity() == OperationOutcome.IssueSeverity.FATAL).map(i -> i.getDiagnostics()).toList();
    }
}
