package org.fhirgateway.server.app;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.fhirgateway.mappers.MapperConfig;
import org.fhirgateway.mappers.MessageMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code convert [--pretty] FILE|DIR|- ...}: HL7 v2 messages in, one FHIR transaction Bundle per message out
 * as NDJSON on stdout, in input order. Failures go to stderr with file, index and reason; the rest still convert.
 */
@Command(
        name = "convert",
        description = {
            "Convert HL7 v2 messages to FHIR R4 transaction Bundles, written as NDJSON to stdout in input order.",
            "A folder is read recursively (files that hold v2 messages); - reads stdin.",
            "Exit status: 0 when every message converted, 1 when any failed, 2 on a usage or I/O error."
        })
final class ConvertCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR|-", description = "Inputs: files, folders, or - for stdin.")
    private List<String> inputs = new ArrayList<>();

    @Option(names = "--pretty", description = "Indent each bundle (one JSON document per message, no longer NDJSON).")
    private boolean pretty;

    @Option(names = "--zone", paramLabel = "ZONE",
            description = "Zone for v2 timestamps that carry no UTC offset (default: this machine's, ${DEFAULT-VALUE}).")
    private ZoneId zone = ZoneId.systemDefault();

    @Option(names = "--verbose", description = "List on stderr every item of a message that was not mapped.")
    private boolean verbose;

    @Option(names = "--threads", paramLabel = "N", description = "Mapping threads (default: the number of cores).")
    private int threads = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() throws IOException {
        List<InputMessages> sources = new ArrayList<>();
        for (String input : inputs) {
            if (input.equals("-")) {
                sources.add(InputMessages.fromBytes("<stdin>", System.in.readAllBytes()));
            } else {
                Path path = Path.of(input);
                if (!Files.exists(path)) {
                    System.err.println("convert: no such file or folder: " + input);
                    return 2;
                }
                sources.addAll(InputMessages.fromPath(path));
            }
        }
        MessageMapper mapper = new MessageMapper(MapperConfig.defaults().withDefaultZone(zone));
        PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 1 << 16), false, StandardCharsets.UTF_8);
        ConversionRun run = new ConversionRun(mapper, out, System.err, new ConversionRun.Options(pretty, verbose, Math.max(1, threads)));
        ConversionRun.Summary summary = run.convert(sources);
        out.flush();
        System.err.println(summary.describe());
        return summary.failed() == 0 ? 0 : 1;
    }
}
