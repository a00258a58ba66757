package org.fhirgateway.server.rest;

import ca.uhn.fhir.rest.annotation.Metadata;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IServerConformanceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import jakarta.servlet.http.HttpServletRequest;
import org.fhirgateway.server.auth.GatewayAuth;
import org.hl7.fhir.r4.model.CapabilityStatement;

/** {@code GET /fhir/metadata}: the CapabilityStatement built from what is registered (public, no token needed). */
public final class MetadataProvider implements IServerConformanceProvider<CapabilityStatement> {

    private final CapabilityStatementFactory factory;

    MetadataProvider(CapabilityStatementFactory factory) {
        this.factory = factory;
    }

    @Override
    @Metadata(cacheMillis = 0)
    public CapabilityStatement getServerConformance(HttpServletRequest request, RequestDetails details) {
        String fhirBase = details.getFhirServerBase();
        String root = fhirBase.endsWith(FhirEndpoint.FHIR_PATH) ? fhirBase.substring(0, fhirBase.length() - FhirEndpoint.FHIR_PATH.length()) : fhirBase;
        return factory.build(fhirBase, root + GatewayAuth.TOKEN_PATH);
    }

    @Override
    public void setRestfulServer(RestfulServer server) {
        // everything needed comes from the factory
    }
}
