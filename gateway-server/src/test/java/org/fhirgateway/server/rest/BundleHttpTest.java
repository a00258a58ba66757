package org.fhirgateway.server.rest;

import static org.fhirgateway.server.rest.CrudHttpTest.FHIR;
import static org.fhirgateway.server.rest.CrudHttpTest.parse;
import static org.fhirgateway.server.rest.CrudHttpTest.post;
import static org.fhirgateway.server.rest.RunningGateway.ADMIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.AfterAll;

/** Transaction and batch Bundles posted to the base URL, on PostgreSQL. */
class BundleHttpTest {

    static final SharedGateway GATEWAYS = new SharedGateway();

    @AfterAll
    static void stop() throws Exception {
        GATEWAYS.close();
    }

    private static Patient patient(String id, String family) {
        Patient patient = new Patient();
        patient.setId(id);
        patient.addName().setFamily(family);
        return patient;
    }

    private static String json(Bundle bundle) {
        return FHIR.newJsonParser().encodeResourceToString(bundle);
    }

    @Test
    void transactionCreatesEverythingAndResolvesReferences() throws Exception {
        RunningGateway gw = GATEWAYS.get();
        Bundle tx = new Bundle().setType(BundleType.TRANSACTION);
        tx.addEntry().setFullUrl("urn:uuid:11111111-1111-1111-1111-111111111111").setResource(patient(null, "TxPatient"))
                .getRequest().setMethod(HTTPVerb.POST).setUrl("Patient");
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL).getCode().setText("heart rate");
        observation.setSubject(new Reference("urn:uuid:11111111-1111-1111-1111-111111111111"));
        tx.addEntry().setFullUrl("urn:uuid:22222222-2222-2222-2222-222222222222").setResource(observation)
                .getRequest().setMethod(HTTPVerb.POST).setUrl("Observation");
        HttpResponse<String> response = post(gw, "", json(tx), ADMIN);
        assertEquals(200, response.statusCode(), response.body());
        Bundle result = parse(Bundle.class, response);
        assertEquals(BundleType.TRANSACTIONRESPONSE, result.getType());
        assertEquals(2, result.getEntry().size());
        assertTrue(result.getEntry().get(0).getResponse().getStatus().startsWith("201"));
        String observationLocation = result.getEntry().get(1).getResponse().getLocation();
        String observationId = observationLocation.split("/")[1];
        Observation stored = parse(Observation.class, gw.get("/Observation/" + observationId, ADMIN));
        assertTrue(stored.getSubject().getReference().startsWith("Patient/"), stored.getSubject().getReference());
    }

    @Test
    void conditionalPutWithUrnFullUrlOverHttp() throws Exception {
        // the parser copies a urn:uuid: fullUrl into Resource.id; it must not be taken for the client's id
        RunningGateway gw = GATEWAYS.get();
        String mrn = "urn-put";
        for (int round = 0; round < 2; round++) {
            Bundle tx = new Bundle().setType(BundleType.TRANSACTION);
            Patient patient = patient(null, "UrnPut");
            patient.addIdentifier().setSystem("urn:test:mrn").setValue(mrn);
            tx.addEntry().setFullUrl("urn:uuid:33333333-3333-3333-3333-33333333333" + round).setResource(patient)
                    .getRequest().setMethod(HTTPVerb.PUT).setUrl("Patient?identifier=urn:test:mrn|" + mrn);
            HttpResponse<String> response = post(gw, "", json(tx), ADMIN);
            assertEquals(200, response.statusCode(), response.body());
        }
        Bundle found = parse(Bundle.class, gw.get("/Patient?identifier=urn:test:mrn%7C" + mrn, ADMIN));
        assertEquals(1, found.getEntry().size());
    }

    @Test
    void failingTransactionRollsBackEveryEntry() throws Exception {
        RunningGateway gw = GATEWAYS.get();
        String id = "tx-rollback";
        Bundle tx = new Bundle().setType(BundleType.TRANSACTION);
        tx.addEntry().setFullUrl("Patient/" + id).setResource(patient(id, "RolledBack"))
                .getRequest().setMethod(HTTPVerb.PUT).setUrl("Patient/" + id);
        tx.addEntry().setFullUrl("Patient/does-not-exist-pg").setResource(patient("does-not-exist-pg", "Stale"))
                .getRequest().setMethod(HTTPVerb.PUT).setUrl("Patient/does-not-exist-pg").setIfMatch("W/\"7\"");
        HttpResponse<String> response = post(gw, "", json(tx), ADMIN);
        assertTrue(response.statusCode() >= 400 && response.statusCode() < 500, response.statusCode() + " " + response.body());
        assertTrue(response.body().contains("OperationOutcome"));
        assertEquals(404, gw.get("/Patient/" + id, ADMIN).statusCode(), "the first entry must have been rolled back");
    }

    @Test
    void batchRunsEntriesIndependently() throws Exception {
        RunningGateway gw = GATEWAYS.get();
        String id = "batch-ok";
        Bundle batch = new Bundle().setType(BundleType.BATCH);
        batch.addEntry().setResource(patient(id, "BatchOk")).getRequest().setMethod(HTTPVerb.PUT).setUrl("Patient/" + id);
        batch.addEntry().getRequest().setMethod(HTTPVerb.GET).setUrl("Patient/batch-missing");
        HttpResponse<String> response = post(gw, "", json(batch), ADMIN);
        assertEquals(200, response.statusCode(), response.body());
        Bundle result = parse(Bundle.class, response);
        assertEquals(BundleType.BATCHRESPONSE, result.getType());
        assertTrue(result.getEntry().get(0).getResponse().getStatus().startsWith("20"));
        assertTrue(result.getEntry().get(1).getResponse().getStatus().startsWith("404"), result.getEntry().get(1).getResponse().getStatus());
        assertEquals(200, gw.get("/Patient/" + id, ADMIN).statusCode());
    }

    @Test
    void transactionEntriesAreCheckedAgainstScopes() throws Exception {
        RunningGateway gw = GATEWAYS.get();
        String id = "tx-forbidden";
        Bundle tx = new Bundle().setType(BundleType.TRANSACTION);
        tx.addEntry().setResource(patient(id, "Allowed")).getRequest().setMethod(HTTPVerb.PUT).setUrl("Patient/" + id);
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL).getCode().setText("x");
        tx.addEntry().setResource(observation).getRequest().setMethod(HTTPVerb.POST).setUrl("Observation");
        HttpResponse<String> response = post(gw, "", json(tx), RunningGateway.WRITER);
        assertEquals(403, response.statusCode(), response.body());
        assertTrue(response.body().contains("Observation"));
        assertEquals(404, gw.get("/Patient/" + id, ADMIN).statusCode());
    }

    @Test
    void unresolvableReferenceIs422() throws Exception {
        RunningGateway gw = GATEWAYS.get();
        Bundle tx = new Bundle().setType(BundleType.TRANSACTION);
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL).getCode().setText("orphan");
        observation.setSubject(new Reference("urn:uuid:99999999-9999-9999-9999-999999999999"));
        tx.addEntry().setResource(observation).getRequest().setMethod(HTTPVerb.POST).setUrl("Observation");
        HttpResponse<String> response = post(gw, "", json(tx), ADMIN);
        assertEquals(422, response.statusCode(), response.body());
        assertTrue(response.body().contains("GW-STORE-008"));
    }

    @Test
    void bundleOfAnotherTypeIsRejected() throws Exception {
        RunningGateway gw = GATEWAYS.get();
        Bundle collection = new Bundle().setType(BundleType.COLLECTION);
        collection.addEntry().setResource(patient(null, "Collected"));
        assertEquals(400, post(gw, "", json(collection), ADMIN).statusCode());
    }
}
