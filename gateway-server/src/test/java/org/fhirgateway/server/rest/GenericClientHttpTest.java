package org.fhirgateway.server.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.AfterAll;

/** The same interactions through HAPI's generic client, as an ordinary FHIR client would make them. */
class GenericClientHttpTest {

    static final SharedGateway GATEWAYS = new SharedGateway();

    @AfterAll
    static void stop() throws Exception {
        GATEWAYS.close();
    }

    private static IGenericClient client(RunningGateway gw, String token) {
        FhirContext fhir = FhirContext.forR4Cached();
        fhir.getRestfulClientFactory().setServerValidationMode(ca.uhn.fhir.rest.client.api.ServerValidationModeEnum.NEVER);
        IGenericClient client = fhir.newRestfulGenericClient(gw.fhirBase());
        if (token != null) {
            client.registerInterceptor(new BearerTokenAuthInterceptor(token));
        }
        return client;
    }

    @Test
    void createReadUpdateDeleteHistory() throws Exception {
        RunningGateway gw = GATEWAYS.get();
        IGenericClient client = client(gw, RunningGateway.ADMIN);
        Patient patient = new Patient();
        patient.addName().setFamily("Client");
        MethodOutcome created = client.create().resource(patient).execute();
        assertTrue(created.getCreated());
        IdType id = (IdType) created.getId();
        assertEquals("1", id.getVersionIdPart());

        Patient read = client.read().resource(Patient.class).withId(id.getIdPart()).execute();
        assertEquals("Client", read.getNameFirstRep().getFamily());
        read.getNameFirstRep().setFamily("Client2");
        MethodOutcome updated = client.update().resource(read).execute();
        assertEquals("2", updated.getId().getVersionIdPart());

        Patient stale = client.vread(Patient.class, id.getIdPart(), "1");
        stale.getNameFirstRep().setFamily("Stale");
        assertThrows(PreconditionFailedException.class, () -> client.update().resource(stale).withId(stale.getIdElement()).execute());

        Bundle history = client.history().onInstance(id.toUnqualifiedVersionless()).returnBundle(Bundle.class).execute();
        assertEquals(2, history.getEntry().size());

        client.delete().resourceById(id.toUnqualifiedVersionless()).execute();
        assertThrows(ResourceGoneException.class, () -> client.read().resource(Patient.class).withId(id.getIdPart()).execute());
    }

    @Test
    void clientWithoutTokenIsRefused() throws Exception {
        IGenericClient client = client(GATEWAYS.get(), null);
        assertThrows(AuthenticationException.class, () -> client.read().resource(Patient.class).withId("x").execute());
    }
}
