package org.fhirgateway.server.rest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.fhirgateway.server.testing.TestDatabases;
import org.fhirgateway.server.app.ConfigLoader;
import org.fhirgateway.server.app.Gateway;
import org.fhirgateway.server.app.GatewayConfig;

/** A real gateway on a free port, started from a YAML text, with a plain HTTP client to call it. */
public final class RunningGateway implements AutoCloseable {

    public static final String ADMIN = "test-admin-token-0123456789";
    public static final String BILLING = "test-billing-token-0123456789";
    public static final String WRITER = "test-writer-token-0123456789";
    public static final String RESTRICTED = "test-restricted-token-0123456789";

    private final Gateway gateway;
    private final HttpClient http = HttpClient.newHttpClient();

    private RunningGateway(Gateway gateway) {
        this.gateway = gateway;
    }

    /** The standard clients on a fresh database. */
    public static RunningGateway start(Path dir) throws Exception {
        return start(dir, clientsYaml(""), Map.of());
    }

    /** A JDBC URL of an empty database: a new schema on the test PostgreSQL. */
    public static String freshDatabaseUrl() {
        return TestDatabases.freshSchemaUrl("gw_rest_");
    }

    public static String clientsYaml(String extraClients) {
        return """
                httpPort: 0
                mllpPort: 0
                maxRequestBytes: 200000
                releasePolicies:
                  - name: operations
                    purposes: [HOPERAT]
                    unrestricted: true
                  - name: restricted-research
                    clients: [restricted]
                    withhold: [R]
                  - name: others
                    withhold: []
                clients:
                  - name: admin
                    token: %s
                    purposeOfUse: HOPERAT
                    scopes: [system/*.read, system/*.write]
                  - name: billing
                    token: %s
                    purposeOfUse: HPAYMT
                    scopes: [system/Patient.read, system/Encounter.read, system/Coverage.read]
                  - name: writer
                    token: %s
                    purposeOfUse: TREAT
                    scopes: [system/Patient.write, system/Patient.read]
                  - name: restricted
                    token: %s
                    purposeOfUse: HRESCH
                    scopes: [system/*.read]
                """.formatted(ADMIN, BILLING, WRITER, RESTRICTED) + extraClients;
    }

    public static RunningGateway start(Path dir, String yaml, Map<String, String> env) throws Exception {
        Path file = dir.resolve("gateway.yaml");
        String dbUrl = yaml.contains("dbUrl:") ? "" : "dbUrl: \"" + freshDatabaseUrl() + "\"\n";
        Files.writeString(file, yaml + "\ndataDir: " + dir.resolve("data") + "\n" + dbUrl);
        GatewayConfig config = new ConfigLoader(env).load(file);
        return new RunningGateway(Gateway.start(config));
    }

    public String fhirBase() {
        return gateway.fhirBaseUrl();
    }

    public int mllpPort() {
        return gateway.mllpPort();
    }

    public String root() {
        return "http://localhost:" + gateway.httpPort();
    }

    public HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fhirBase() + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    public HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fhirBase() + path));
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    @Override
    public void close() throws Exception {
        gateway.close();
    }
}
