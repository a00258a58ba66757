package org.fhirgateway.server.rest;

import ca.uhn.fhir.context.FhirContext;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.hl7.fhir.r4.model.Bundle;

/**
 * A real rest-hook receiver on a free loopback port: every POST to {@code /hook/<name>} is recorded with the time it
 * arrived; a name can be told to fail its next requests (503) or to fail always.
 */
final class HookReceiver implements AutoCloseable {

    /** One request as received: when, the answer given, the body and the headers. */
    record Received(long at, int answered, Bundle body, Map<String, List<String>> headers) {
    }

    private final HttpServer server;
    private final java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newFixedThreadPool(8);
    private final Map<String, List<Received>> received = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failNext = new ConcurrentHashMap<>();
    private final Map<String, Boolean> failAlways = new ConcurrentHashMap<>();

    HookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/hook/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring("/hook/".length());
            String text = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            AtomicInteger failures = failNext.get(name);
            boolean fail = failAlways.getOrDefault(name, false) || failures != null && failures.getAndDecrement() > 0;
            int status = fail ? 503 : 200;
            Bundle body = FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, text);
            received.computeIfAbsent(name, n -> java.util.Collections.synchronizedList(new ArrayList<>()))
                    .add(new Received(System.currentTimeMillis(), status, body, Map.copyOf(exchange.getRequestHeaders())));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    String url(String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook/" + name;
    }

    void failNext(String name, int times) {
        failNext.put(name, new AtomicInteger(times));
    }

    void failAlways(String name, boolean fail) {
        failAlways.put(name, fail);
    }

    /** Every request to the name, in arrival order. */
    List<Received> all(String name) {
        synchronized (received.computeIfAbsent(name, n -> java.util.Collections.synchronizedList(new ArrayList<>()))) {
            return List.copyOf(received.get(name));
        }
    }

    /** The bodies the receiver accepted (answered 2xx), in arrival order. */
    List<Bundle> accepted(String name) {
        return all(name).stream().filter(r -> r.answered() < 300).map(Received::body).toList();
    }

    /** Polls until the condition holds, failing after the deadline. */
    static void await(String what, long millis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
