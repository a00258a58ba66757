package org.fhirgateway.benchmarks;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Subscription delivery latency against a running gateway: writes {@code --patients} Patients, starts a
 * rest-hook receiver, creates a Subscription to
 * {@code Condition?code=<icd-10-cm>|C61} with a full payload, writes Conditions at {@code --rate} per second for
 * {@code --seconds} (one PUT each, spread over patients), and prints the percentiles of the time from the write's
 * response (the commit) to the notification's arrival at the receiver. Deletes the Subscription at the end.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.fhirgateway.benchmarks.SubscriptionLatency \
 *     --base-url http://127.0.0.1:18080/fhir --token dev-admin-token-LOCAL-ONLY --rate 100 --seconds 30
 * </pre>
 */
@CommandLine.Command(name = "subscription-latency", mixinStandardHelpOptions = true)
public final class SubscriptionLatency implements java.util.concurrent.Callable<Integer> {

    private static final Pattern FOCUS = Pattern.compile("\"fullUrl\":\"Condition/(lat-[a-z0-9]+-\\d+)\"");

    @Option(names = "--base-url", defaultValue = "http://localhost:8080/fhir")
    String baseUrl;

    @Option(names = "--token", required = true, description = "A bearer token with system/Condition.write, "
            + "system/Condition.read and system/Subscription.write (the subscription's owner).")
    String token;

    @Option(names = "--rate", defaultValue = "100", description = "Writes per second.")
    int rate;

    @Option(names = "--seconds", defaultValue = "30", description = "How long to write.")
    int seconds;

    @Option(names = "--patients", defaultValue = "200", description = "Patients the Conditions are spread over.")
    int patients;

    @Option(names = "--receiver-port", defaultValue = "0", description = "The receiver's port (0: any free one).")
    int receiverPort;

    private final HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(16)).build();
    private final Map<String, Long> committedAt = new ConcurrentHashMap<>();
    private final Map<String, Long> receivedAt = new ConcurrentHashMap<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new SubscriptionLatency()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        String run = Long.toString(System.currentTimeMillis(), 36);
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", receiverPort), 0);
        receiver.setExecutor(Executors.newFixedThreadPool(8));
        receiver.createContext("/hook", exchange -> {
            long now = System.nanoTime();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = FOCUS.matcher(body);
            if (m.find()) {
                receivedAt.putIfAbsent(m.group(1), now);
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        String subscription = "{\"resourceType\":\"Subscription\",\"status\":\"requested\",\"reason\":\"latency\","
                + "\"criteria\":\"Condition?code=http://hl7.org/fhir/sid/icd-10-cm|C61\",\"channel\":{\"type\":"
                + "\"rest-hook\",\"endpoint\":\"" + hook + "\",\"payload\":\"application/fhir+json\"}}";
        HttpResponse<String> created = http.send(request("/Subscription").header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(subscription)).build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            System.err.println("Subscription not created: HTTP " + created.statusCode() + " " + created.body());
            receiver.stop(0);
            return 1;
        }
        Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(created.body());
        id.find();
        String subscriptionId = id.group(1);
        for (int p = 0; p < patients; p++) {
            String patient = "{\"resourceType\":\"Patient\",\"id\":\"lat-" + run + "-p" + p + "\"}";
            HttpResponse<Void> r = http.send(request("/Patient/lat-" + run + "-p" + p)
                    .header("Content-Type", "application/fhir+json").PUT(HttpRequest.BodyPublishers.ofString(patient))
                    .build(), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() >= 300) {
                System.err.println("Patient not written: HTTP " + r.statusCode());
                return 1;
            }
        }
        int total = rate * seconds;
        AtomicInteger failed = new AtomicInteger();
        ScheduledExecutorService ticker = Executors.newScheduledThreadPool(1);
        long periodNanos = 1_000_000_000L / rate;
        AtomicInteger next = new AtomicInteger();
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(total);
        ticker.scheduleAtFixedRate(() -> {
            int i = next.getAndIncrement();
            if (i >= total) {
                return;
            }
            String cid = "lat-" + run + "-" + i;
            String condition = "{\"resourceType\":\"Condition\",\"id\":\"" + cid + "\",\"subject\":{\"reference\":"
                    + "\"Patient/lat-" + run + "-p" + (i % patients) + "\"},\"code\":{\"coding\":[{\"system\":"
                    + "\"http://hl7.org/fhir/sid/icd-10-cm\",\"code\":\"C61\"}]}}";
            http.sendAsync(request("/Condition/" + cid).header("Content-Type", "application/fhir+json")
                    .header("Prefer", "return=minimal").PUT(HttpRequest.BodyPublishers.ofString(condition)).build(),
                    HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                        if (e != null || r.statusCode() >= 300) {
                            failed.incrementAndGet();
                        } else {
                            committedAt.put(cid, System.nanoTime());
                        }
                        done.countDown();
                    });
        }, 0, periodNanos, TimeUnit.NANOSECONDS);
        done.await(seconds + 120L, TimeUnit.SECONDS);
        ticker.shutdownNow();
        long deadline = System.currentTimeMillis() + 60_000;
        while (receivedAt.keySet().containsAll(committedAt.keySet()) == false && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        Percentiles latency = new Percentiles();
        int early = 0;
        for (Map.Entry<String, Long> e : committedAt.entrySet()) {
            Long at = receivedAt.get(e.getKey());
            if (at != null) {
                long nanos = at - e.getValue();
                if (nanos < 0) {
                    early++;   // the notification arrived before the write's response did
                }
                latency.add(Math.max(0, nanos));
            }
        }
        http.send(request("/Subscription/" + subscriptionId).DELETE().build(), HttpResponse.BodyHandlers.discarding());
        receiver.stop(0);
        System.out.printf("writes: %d at %d/s (%d failed); notifications received: %d (%d before the write's "
                + "response)%n", total, rate, failed.get(), latency.count(), early);
        System.out.println("commit to receiver: " + latency.summary());
        System.exit(latency.count() == committedAt.size() ? 0 : 1);
        return 0;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Authorization", "Bearer " + token);
    }
}
