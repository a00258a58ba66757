package org.fhirgateway.server.app;

import picocli.CommandLine;

/** Reports the version recorded in the jar manifest (or "development" when run from classes). */
final class GatewayVersion implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {"fhir-gateway " + number()};
    }

    /** The version number alone, as recorded in a backup's manifest. */
    static String number() {
        String version = GatewayVersion.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
