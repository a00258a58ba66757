package org.fhirgateway.server.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The gateway's command line: {@code java -jar gateway.jar <command> ...}. */
@Command(
        name = "gateway",
        mixinStandardHelpOptions = true,
        versionProvider = GatewayVersion.class,
        description = "HL7 v2 to FHIR R4 interoperability gateway.",
        subcommands = {ConvertCommand.class, ServeCommand.class, BackupCommand.class, RestoreCommand.class,
            CommandLine.HelpCommand.class})
public final class GatewayMain implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit status (tests call this instead of main). */
    public static int run(String... args) {
        return new CommandLine(new GatewayMain()).execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: convert, serve, backup or restore");
    }
}
