package org.fhirgateway.benchmarks;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fhirgateway.mappers.MapperConfig;
import org.fhirgateway.mappers.MappingException;
import org.fhirgateway.mappers.MessageMapper;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Load driver for a running gateway's FHIR API: stores ADT/ORU-sized transaction bundles with several
 * concurrent senders (bundles per second), then times typical registry and billing searches (p50/p95).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.fhirgateway.benchmarks.ServerLoad \
 *     --base-url http://localhost:8080/fhir --token TOKEN --patients 100000
 * </pre>
 */
@Command(name = "server-load", mixinStandardHelpOptions = true,
        description = "Store transaction bundles, then time searches, against a running gateway.")
public final class ServerLoad implements Callable<Integer> {

    @Option(names = "--base-url", defaultValue = "http://localhost:8080/fhir")
    private String baseUrl;

    @Option(names = "--token", required = true, description = "A bearer token with system/*.read and system/*.write.")
    private String token;

    @Option(names = "--patients", defaultValue = "100000", description = "Distinct patients in the feed.")
    private int patients;

    @Option(names = "--messages", defaultValue = "-1",
            description = "Messages to store (default: 2 per patient, so every patient has encounters and results).")
    private int messages;

    @Option(names = "--senders", defaultValue = "4", description = "Concurrent HTTP senders while loading.")
    private int senders;

    @Option(names = "--skip-load", description = "Only run the searches (the database is already loaded).")
    private boolean skipLoad;

    @Option(names = "--searches", defaultValue = "300", description = "Timed requests per search kind.")
    private int searches;

    @Option(names = "--compare-token", description = "A second client's token (a consent-filtered one): each search"
            + " kind is then timed for both clients, their requests interleaved, on the same random patients.")
    private String compareToken;

    @Option(names = "--consents", defaultValue = "0", description = "Before the searches, give every N-th patient"
            + " an active opt-out Consent and every N-th (offset N/2) a research opt-out (0: none).")
    private int consentEvery;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public static void main(String[] args) {
        System.exit(new CommandLine(new ServerLoad()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (!skipLoad) {
            load(messages < 0 ? patients * 2 : messages);
        }
        if (consentEvery > 0) {
            consents();
        }
        search();
        return 0;
    }

    private void load(int count) throws InterruptedException {
        MixedFeed feed = new MixedFeed(patients);
        MessageMapper mapper = new MessageMapper(MapperConfig.defaults());
        FhirContext fhir = FhirContext.forR4Cached();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicLong resources = new AtomicLong();
        Percentiles latency = new Percentiles();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < senders; t++) {
            Thread thread = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    try {
                        var result = mapper.map(feed.message(i));
                        String body = fhir.newJsonParser().encodeResourceToString(result.bundle());
                        long sent = System.nanoTime();
                        HttpResponse<String> response = post(body);
                        latency.add(System.nanoTime() - sent);
                        if (response.statusCode() != 200) {
                            failed.incrementAndGet();
                            if (failed.get() <= 5) {
                                System.err.println("HTTP " + response.statusCode() + ": " + abbreviate(response.body()));
                            }
                        }
                        resources.addAndGet(result.bundle().getEntry().size());
                    } catch (MappingException | IOException e) {
                        failed.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    if (i > 0 && i % 10_000 == 0) {
                        System.err.printf("  %,d bundles stored (%.0f/s)%n", i, i / seconds(start));
                    }
                }
            }, "sender-" + t);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double elapsed = seconds(start);
        System.out.printf("load: %,d transaction bundles (%,d entries) in %.1f s = %.0f bundles/s, %.0f entries/s, "
                        + "%d failed, %d senders; latency %s%n",
                count, resources.get(), elapsed, count / elapsed, resources.get() / elapsed, failed.get(), senders,
                latency.summary());
    }

    private void search() throws IOException, InterruptedException {
        List<SearchKind> kinds = List.of(
                new SearchKind("registry: patient by identifier", p -> "Patient?identifier=P" + p),
                new SearchKind("registry: encounters of a patient (chain, sorted)",
                        p -> "Encounter?subject:Patient.identifier=P" + p + "&_sort=-date"),
                new SearchKind("registry: observations of a patient", p -> "Observation?subject:Patient.identifier=P" + p
                        + "&_count=50"),
                new SearchKind("registry: conditions of a patient", p -> "Condition?subject:Patient.identifier=P" + p),
                new SearchKind("billing: encounters in a period, page of 100",
                        p -> "Encounter?date=ge2000-01-01&_count=100&_sort=date"),
                new SearchKind("billing: coverage of a patient", p -> "Coverage?beneficiary:Patient.identifier=P" + p),
                new SearchKind("billing: procedures with their encounter",
                        p -> "Procedure?subject:Patient.identifier=P" + p + "&_include=Procedure:encounter"),
                new SearchKind("billing: patient by name and birth date, page of 20",
                        p -> "Patient?family=DUCK&birthdate=1924-10-10&_count=20"));
        Random random = new Random(42);
        for (SearchKind kind : kinds) {
            Percentiles latency = new Percentiles();
            Percentiles compared = new Percentiles();
            int errors = 0;
            for (int i = 0; i < searches + 30; i++) {
                String url = baseUrl + "/" + kind.query().forPatient(random.nextInt(patients));
                // Alternate which client goes first, so neither always meets the other's warm cache.
                boolean compareFirst = compareToken != null && i % 2 == 1;
                if (compareFirst) {
                    errors += timed(url, compareToken, i >= 30 ? compared : null, kind);
                }
                errors += timed(url, token, i >= 30 ? latency : null, kind); // the first requests warm the server up
                if (compareToken != null && !compareFirst) {
                    errors += timed(url, compareToken, i >= 30 ? compared : null, kind);
                }
            }
            System.out.printf("search: %-55s %s%s%n", kind.name(), latency.summary(), errors == 0 ? "" : " errors=" + errors);
            if (compareToken != null) {
                System.out.printf("  filtered client:%-39s %s%n", "", compared.summary());
            }
        }
    }

    /** One timed GET; 1 when it failed (the first failures are printed), else 0. */
    private int timed(String url, String bearer, Percentiles into, SearchKind kind)
            throws IOException, InterruptedException {
        long sent = System.nanoTime();
        HttpResponse<String> response = get(url, bearer);
        if (into != null) {
            into.add(System.nanoTime() - sent);
        }
        if (response.statusCode() != 200) {
            System.err.println(kind.name() + ": HTTP " + response.statusCode() + " " + abbreviate(response.body()));
            return 1;
        }
        return 0;
    }

    /** Opt-outs for a share of the patients, so that the consent predicates meet real rules. */
    private void consents() throws IOException, InterruptedException {
        int made = 0;
        for (int p = 0; p < patients; p += consentEvery) {
            made += consent(p, null) + consent(p + consentEvery / 2, "HRESCH");
        }
        System.out.printf("consents: %,d made (every %d-th patient an opt-out, as many research opt-outs)%n",
                made, consentEvery);
    }

    private int consent(int patientNumber, String purpose) throws IOException, InterruptedException {
        HttpResponse<String> found = get(baseUrl + "/Patient?identifier=P" + patientNumber + "&_elements=id", token);
        Matcher id = Pattern.compile("\"resourceType\"\\s*:\\s*\"Patient\"\\s*,"
                + "\\s*\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(found.body());
        if (found.statusCode() != 200 || !id.find()) {
            return 0;
        }
        String provision = purpose == null ? "{\"type\":\"deny\"}" : "{\"type\":\"deny\",\"purpose\":[{\"system\":"
                + "\"http://terminology.hl7.org/CodeSystem/v3-ActReason\",\"code\":\"" + purpose + "\"}]}";
        String body = "{\"resourceType\":\"Consent\",\"status\":\"active\",\"scope\":{\"coding\":[{\"system\":"
                + "\"http://terminology.hl7.org/CodeSystem/consentscope\",\"code\":\"patient-privacy\"}]},"
                + "\"category\":[{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"59284-0\"}]}],"
                + "\"patient\":{\"reference\":\"Patient/" + id.group(1) + "\"},\"dateTime\":\"2026-01-01\","
                + "\"policyRule\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ActCode\","
                + "\"code\":\"OPTOUT\"}]},\"provision\":" + provision + "}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/Consent"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> created = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            System.err.println("consent: HTTP " + created.statusCode() + " " + abbreviate(created.body()));
            return 0;
        }
        return 1;
    }

    private HttpResponse<String> post(String bundle) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/fhir+json")
                .header("Prefer", "return=minimal")
                .POST(HttpRequest.BodyPublishers.ofString(bundle))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url, String bearer) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + bearer)
                .header("Accept", "application/fhir+json")
                .GET()
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    /** A kind of search, made concrete for one random patient number. */
    private record SearchKind(String name, Query query) {
    }

    @FunctionalInterface
    private interface Query {
        String forPatient(int patientNumber);
    }
}
