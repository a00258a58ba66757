package org.fhirgateway.server.rest;

import static org.fhirgateway.server.rest.RunningGateway.ADMIN;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed bodies and bad parameters are client errors (4xx OperationOutcome), never a 500 or a stack trace. */
class NoServerErrorHttpTest {

    @TempDir
    static Path dir;
    static RunningGateway gw;

    @BeforeAll
    static void start() throws Exception {
        gw = RunningGateway.start(dir, RunningGateway.clientsYaml(""), Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
    }

    static Stream<Arguments> badRequests() {
        String json = "application/fhir+json";
        return Stream.of(
                Arguments.of("POST", "/Patient", json, "<Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"x\"/></name>"),
                Arguments.of("POST", "/Patient", "application/fhir+xml", "<Patient xmlns=\"http://hl7.org/fhir\"><unknownElement/></Pat"),
                Arguments.of("POST", "/Patient", json, "{\"resourceType\":\"Patient\",\"active\":\"maybe\"}"),
                Arguments.of("POST", "/Patient", json, "{\"resourceType\":\"Patient\",\"name\":{\"family\":1}}"),
                Arguments.of("POST", "/Patient", json, "[]"),
                Arguments.of("POST", "/Patient", json, "{}"),
                Arguments.of("POST", "/Patient", json, ""),
                Arguments.of("POST", "/Patient", json, "{\"resourceType\":\"NoSuchType\"}"),
                Arguments.of("POST", "", json, "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\"}}]}"),
                Arguments.of("POST", "", json, "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"request\":{\"method\":\"PUT\",\"url\":\"Patient\"},\"resource\":{\"resourceType\":\"Patient\"}}]}"),
                Arguments.of("POST", "", json, "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"request\":{\"method\":\"GET\",\"url\":\"%%%\"}}]}"),
                Arguments.of("POST", "", json, "{\"resourceType\":\"Patient\"}"),
                Arguments.of("PUT", "/Patient/abc", json, "{\"resourceType\":\"Patient\"}"),
                Arguments.of("PUT", "/Patient/bad id!", json, "{\"resourceType\":\"Patient\",\"id\":\"bad id!\"}"),
                Arguments.of("GET", "/Patient?_count=abc", null, null),
                Arguments.of("GET", "/Patient?_sort=nosuchparam", null, null),
                Arguments.of("GET", "/Patient?birthdate=tomorrowish", null, null),
                Arguments.of("GET", "/Patient?name:nosuchmodifier=x", null, null),
                Arguments.of("GET", "/Patient?general-practitioner.name.family=x", null, null),
                Arguments.of("GET", "/Patient?_page_token=forged", null, null),
                Arguments.of("GET", "/Patient/_history?_page_token=forged", null, null),
                Arguments.of("GET", "/Patient/_history?_count=zero", null, null),
                Arguments.of("GET", "/Patient/x/$everything?_since=yesterday", null, null),
                Arguments.of("GET", "/Patient/1/_history/abc", null, null),
                Arguments.of("POST", "/Patient?_format=xml", json, "{\"resourceType\":\"Patient\",\"name\":["),
                Arguments.of("PUT", "/Patient?identifier=", json, "{\"resourceType\":\"Patient\"}"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badRequests")
    void badRequestIsAClientError(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder request = gw.request(path.replace(" ", "%20").replace("!", "%21"), ADMIN);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        HttpResponse<String> response = gw.send(request.build());
        assertTrue(response.statusCode() >= 400 && response.statusCode() < 500, response.statusCode() + " " + response.body());
        assertTrue(response.body().contains("OperationOutcome"), response.body());
        assertFalse(response.body().matches("(?s).*\\bat (org|ca|java|jakarta)\\.[a-z].*"), "no stack trace: " + response.body());
    }
}
