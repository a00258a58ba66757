package org.fhirgateway.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Bulk Data export throughput of a running gateway: kicks off {@code $export} (HL7 FHIR Bulk Data Access 2.0.0),
 * polls the status URL to completion, downloads every file of the manifest, and prints resources per second and
 * bytes per second for the export (kick-off to manifest) and for the whole conversation (including downloads).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.fhirgateway.benchmarks.ExportLoad \
 *     --base-url http://localhost:8080/fhir --token TOKEN --path '$export?_type=Patient,Encounter,Observation'
 * </pre>
 */
@Command(name = "export-load", mixinStandardHelpOptions = true,
        description = "Time one Bulk Data export against a running gateway, downloads included.")
public final class ExportLoad implements Callable<Integer> {

    @Option(names = "--base-url", defaultValue = "http://localhost:8080/fhir")
    String baseUrl;

    @Option(names = "--token", required = true, description = "A bearer token with system/*.read (or read scopes).")
    String token;

    @Option(names = "--path", defaultValue = "$export", description = "The kick-off, relative to the base URL.")
    String path;

    @Option(names = "--downloads", defaultValue = "2", description = "Files downloaded at once.")
    int downloads;

    private final HttpClient http = HttpClient.newHttpClient();

    public static void main(String[] args) {
        System.exit(new CommandLine(new ExportLoad()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> kick = http.send(request(baseUrl + "/" + path).header("Prefer", "respond-async")
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (kick.statusCode() != 202) {
            System.err.println("kick-off answered " + kick.statusCode() + ": " + kick.body());
            return 1;
        }
        String status = kick.headers().firstValue("Content-Location").orElseThrow();
        JsonNode manifest;
        while (true) {
            HttpResponse<String> poll = http.send(request(status).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (poll.statusCode() == 200) {
                manifest = new ObjectMapper().readTree(poll.body());
                break;
            }
            if (poll.statusCode() != 202) {
                System.err.println("status answered " + poll.statusCode() + ": " + poll.body());
                return 1;
            }
            Thread.sleep(200);
        }
        double exportSeconds = (System.nanoTime() - start) / 1e9;
        long resources = 0;
        List<String> urls = new ArrayList<>();
        for (JsonNode out : manifest.get("output")) {
            resources += out.get("count").asLong();
            urls.add(out.get("url").asText());
        }
        ExecutorService pool = Executors.newFixedThreadPool(downloads);
        List<Future<Long>> sizes = new ArrayList<>();
        for (String url : urls) {
            sizes.add(pool.submit(() -> download(url)));
        }
        long bytes = 0;
        for (Future<Long> size : sizes) {
            bytes += size.get();
        }
        pool.shutdown();
        double totalSeconds = (System.nanoTime() - start) / 1e9;
        http.send(request(status).DELETE().build(), HttpResponse.BodyHandlers.discarding());
        System.out.printf("export: %d resources in %d files, %.1f MB%n", resources, urls.size(), bytes / 1e6);
        System.out.printf("kick-off to manifest: %.1f s, %.0f resources/s, %.1f MB/s%n", exportSeconds,
                resources / exportSeconds, bytes / 1e6 / exportSeconds);
        System.out.printf("with downloads:       %.1f s, %.0f resources/s, %.1f MB/s%n", totalSeconds,
                resources / totalSeconds, bytes / 1e6 / totalSeconds);
        return 0;
    }

    private long download(String url) throws Exception {
        HttpResponse<InputStream> r = http.send(request(url).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("download answered " + r.statusCode());
        }
        long n = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = r.body()) {
            for (int k; (k = in.read(buffer)) > 0; ) {
                n += k;
            }
        }
        return n;
    }

    private HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token);
    }
}
