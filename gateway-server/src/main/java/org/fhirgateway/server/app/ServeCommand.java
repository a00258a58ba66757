package org.fhirgateway.server.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Runs the gateway: FHIR server, HL7 v2 listeners. Filled in by the server issue. */
@Command(name = "serve", description = "Run the gateway (FHIR server and HL7 v2 listeners).")
final class ServeCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("serve: not available yet");
        return 2;
    }
}
