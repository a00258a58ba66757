package org.fhirgateway.server.app;

import picocli.CommandLine;

/** Reports the version recorded in the jar manifest (or "development" when run from classes). */
final class GatewayVersion implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = GatewayVersion.class.getPackage().getImplementationVersion();
        return new String[] {"fhir-gateway " + (version == null ? "development" : version)};
    }
}
