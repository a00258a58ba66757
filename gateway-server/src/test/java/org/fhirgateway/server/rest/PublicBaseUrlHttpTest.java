package org.fhirgateway.server.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Behind a proxy: links, the token endpoint and the assertion audience use the configured public base URL. */
class PublicBaseUrlHttpTest {

    @TempDir
    Path dir;

    @Test
    void publicBaseUrlIsUsedForEveryAbsoluteUrl() throws Exception {
        Map<String, String> env = Map.of("GATEWAY_PUBLIC_BASE_URL", "https://gw.example.org/");
        try (RunningGateway gw = RunningGateway.start(dir, RunningGateway.clientsYaml(""), env)) {
            CapabilityStatement cs = CrudHttpTest.parse(CapabilityStatement.class, gw.get("/metadata", null));
            assertEquals("https://gw.example.org/fhir", cs.getImplementation().getUrl());
            assertTrue(cs.getRestFirstRep().getSecurity().getExtensionFirstRep().getExtensionFirstRep().getValue()
                    .primitiveValue().equals("https://gw.example.org/auth/token"));
            String smart = gw.send(HttpRequest.newBuilder(URI.create(gw.root() + "/.well-known/smart-configuration")).build()).body();
            assertEquals("https://gw.example.org/auth/token", new ObjectMapper().readTree(smart).path("token_endpoint").asText());
            CrudHttpTest.createPatient(gw, "Proxied");
            Bundle bundle = CrudHttpTest.parse(Bundle.class, gw.get("/Patient?family=Proxied", RunningGateway.ADMIN));
            assertTrue(bundle.getLink("self").getUrl().startsWith("https://gw.example.org/fhir/Patient?"), bundle.getLink("self").getUrl());
            assertTrue(bundle.getEntryFirstRep().getFullUrl().startsWith("https://gw.example.org/fhir/Patient/"));
        }
    }
}
