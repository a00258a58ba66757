package org.fhirgateway.server.rest;

import static org.fhirgateway.server.rest.HostileAnswers.assertOutcome;
import static org.fhirgateway.server.rest.HostileAnswers.bundle;
import static org.fhirgateway.server.rest.RunningGateway.ADMIN;
import static org.fhirgateway.server.rest.RunningGateway.BILLING;
import static org.fhirgateway.server.rest.RunningGateway.RESTRICTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * Hostile searches over real HTTP on PostgreSQL (issue 11, items 1 and 2, and what already held): criteria that
 * reach into a type outside the client's scopes are refused, hidden resources never count, out-of-range values are a
 * 400 before any arithmetic, and every refusal costs the server under a second of CPU.
 */
class HostileSearchHttpTest {

    static final String REGISTRY = "test-registry-token-0123456789";
    private static final String PATIENT_FAMILY = "Hostilefamily";

    @TempDir
    static Path dir;
    static RunningGateway gw;
    static String patientId;
    static final ListAppender<ILoggingEvent> LOGGED = new ListAppender<>();

    @BeforeAll
    static void start() throws Exception {
        String registry = """
                  - name: registry
                    token: %s
                    purposeOfUse: PUBHLTH
                    scopes: [system/Patient.read, system/Encounter.read, system/Observation.read, system/Location.read]
                """.formatted(REGISTRY);
        gw = RunningGateway.start(dir, RunningGateway.clientsYaml(registry) + "dbUrl: \""
                + RunningGateway.freshDatabaseUrl() + "\"\n", Map.of());
        Bundle stored = bundle(gw.send(gw.request("", ADMIN).header("Content-Type", "application/fhir+json")
                .POST(BodyPublishers.ofString(FIXTURE)).build()));
        patientId = stored.getEntry().get(0).getResponse().getLocation().split("/")[1];
        LOGGED.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(LOGGED);
    }

    @AfterAll
    static void stop() throws Exception {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(LOGGED);
        gw.close();
    }

    /** (client, query, what the client lacks): every one reaches a type outside the client's scopes. */
    static Stream<Arguments> reachOutOfScope() {
        return Stream.of(
                Arguments.of(BILLING, "/Observation?code=8867-4", "Observation"),
                Arguments.of(BILLING, "/Patient?_has:Observation:subject:code=8867-4", "Observation"),
                Arguments.of(BILLING, "/Patient?_has:Observation:subject:value-quantity=gt70", "Observation"),
                Arguments.of(BILLING, "/Patient?_has:Observation:subject:value-quantity=lt70", "Observation"),
                Arguments.of(REGISTRY, "/Patient?_has:Coverage:beneficiary:status=active", "Coverage"),
                Arguments.of(BILLING, "/Encounter?location.name=WARD1", "Location"),
                Arguments.of(BILLING, "/Encounter?location:Location.name=WARD1", "Location"),
                Arguments.of(BILLING, "/Encounter?location:identifier=urn:ward%7CW1", "Location"),
                Arguments.of(BILLING, "/Encounter?_include=Encounter:location", "Location"),
                Arguments.of(BILLING, "/Encounter?_include=Encounter:location:Location", "Location"),
                Arguments.of(BILLING, "/Patient?_revinclude=Observation:subject", "Observation"),
                Arguments.of(BILLING, "/Patient?_include:iterate=Observation:performer", "Observation"),
                Arguments.of(BILLING, "/Patient/{id}/$everything?_type=Observation", "Observation"),
                Arguments.of(REGISTRY, "/Coverage?status=active", "Coverage"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("reachOutOfScope")
    void aCriterionReachingAnUnreadableTypeIsForbidden(String token, String query, String type) throws Exception {
        HttpResponse<String> answer = hostile(query.replace("{id}", patientId), token);
        assertOutcome(answer, 403, type.equals("Observation") && query.startsWith("/Observation") ? "GW-AUTH-403"
                : type.equals("Coverage") && query.startsWith("/Coverage") ? "GW-AUTH-403" : "GW-STORE-009");
        assertTrue(answer.body().contains(type), answer.body());
        assertFalse(answer.body().contains(PATIENT_FAMILY), "no patient data: " + answer.body());
    }

    @Test
    void theSameCriteriaWorkForAClientThatMayReadTheType() throws Exception {
        assertEquals(List.of("Patient/" + patientId), ids(get("/Patient?_has:Observation:subject:code=8867-4", ADMIN)));
        assertEquals(List.of("Patient/" + patientId), ids(get("/Patient?_has:Coverage:beneficiary:status=active", BILLING)));
        assertEquals(1, ids(get("/Encounter?location.name=WARD1", REGISTRY)).size());
        assertEquals(1, ids(get("/Encounter?subject.family=" + PATIENT_FAMILY, BILLING)).size(),
                "a chain to a readable type still works");
    }

    @Test
    void everythingLeavesOutTheTypesOutsideTheScopes() throws Exception {
        List<String> all = ids(get("/Patient/" + patientId + "/$everything", ADMIN));
        assertTrue(all.stream().anyMatch(i -> i.startsWith("Observation/")), all.toString());
        List<String> billing = ids(get("/Patient/" + patientId + "/$everything", BILLING));
        assertTrue(billing.contains("Patient/" + patientId), billing.toString());
        assertTrue(billing.stream().anyMatch(i -> i.startsWith("Encounter/")), billing.toString());
        assertFalse(billing.stream().anyMatch(i -> i.startsWith("Observation/") || i.startsWith("Location/")),
                billing.toString());
    }

    @Test
    void aResourceTheClientMayNotSeeNeverCounts() throws Exception {
        // the only Observation with code 1111-1 carries the security label R, denied to the restricted client
        assertEquals(1, ids(get("/Patient?_has:Observation:subject:code=1111-1", ADMIN)).size());
        assertEquals(List.of(), ids(get("/Patient?_has:Observation:subject:code=1111-1", RESTRICTED)));
        assertOutcome(hostile("/Encounter?subject:Patient._has:Observation:subject:code=1111-1", RESTRICTED), 400,
                "GW-SEARCH-004");
        Bundle included = bundle(get("/Patient?_id=" + patientId + "&_revinclude=Observation:subject", RESTRICTED));
        assertFalse(included.getEntry().stream().anyMatch(e -> e.getResource().getMeta().getSecurity().stream()
                .anyMatch(c -> "R".equals(c.getCode()))), "the labelled Observation is not included");
    }

    /** Values that used to cost tens of seconds of CPU or a 500, and the other unbounded inputs. */
    static Stream<Arguments> outOfRange() {
        String longName = "x".repeat(2_000);
        String manyIds = IntStream.range(0, 1001).mapToObj(i -> "i" + i).collect(Collectors.joining(","));
        String manyTerms = IntStream.range(0, 70).mapToObj(i -> "family=f" + i).collect(Collectors.joining("&"));
        return Stream.of(
                Arguments.of("/Observation?value-quantity=1e9999999", "GW-SEARCH-003"),
                Arguments.of("/Encounter?length=1e9999999", "GW-SEARCH-003"),
                Arguments.of("/Observation?value-quantity=1e100000", "GW-SEARCH-003"),
                Arguments.of("/Observation?value-quantity=1e-999999", "GW-SEARCH-003"),
                Arguments.of("/Observation?value-quantity=1e2147483647", "GW-SEARCH-003"),
                Arguments.of("/Observation?value-quantity=gt1e-2147483648", "GW-SEARCH-003"),
                Arguments.of("/Observation?value-quantity=ap1e9999999%7Chttp://unitsofmeasure.org%7Cmm", "GW-SEARCH-003"),
                Arguments.of("/Patient?_has:Observation:subject:value-quantity=gt1e9999999", "GW-SEARCH-003"),
                Arguments.of("/Observation?value-quantity=e", "GW-SEARCH-003"),
                Arguments.of("/Observation?value-quantity=%7Chttp://unitsofmeasure.org%7Cmm", "GW-SEARCH-003"),
                Arguments.of("/Observation?value-quantity=" + "9".repeat(100), "GW-SEARCH-003"),
                Arguments.of("/Patient?birthdate=99999-01-01", "GW-SEARCH-003"),
                Arguments.of("/Patient?birthdate=2020-13-45", "GW-SEARCH-003"),
                Arguments.of("/Patient?_lastUpdated=gt99999", "GW-SEARCH-003"),
                Arguments.of("/Patient?name=" + longName, "GW-SEARCH-003"),
                Arguments.of("/Patient?_id=" + manyIds, "GW-SEARCH-003"),
                Arguments.of("/Patient?" + manyTerms, "GW-SEARCH-003"),
                Arguments.of("/Patient?general-practitioner.name.family=x", "GW-SEARCH-004"),
                Arguments.of("/Patient?_has:Observation:subject:_has:Observation:subject:code=x", "GW-SEARCH-004"),
                Arguments.of("/Patient?active:missing=perhaps", "GW-SEARCH-003"),
                Arguments.of("/Patient?_count=99999999999999999999", "GW-SEARCH-003"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outOfRange")
    void anOutOfRangeValueIsA400BeforeAnyWork(String query, String code) throws Exception {
        LOGGED.list.clear();
        HttpResponse<String> answer = hostile(query, ADMIN);
        assertOutcome(answer, 400, code);
        String value = query.substring(query.indexOf('=') + 1);
        assertTrue(LOGGED.list.stream().anyMatch(e -> e.getFormattedMessage().contains(code)),
                "the cause is logged");
        assertFalse(LOGGED.list.stream().anyMatch(e -> value.length() > 3 && e.getFormattedMessage().contains(value)),
                "the value is not logged");
    }

    @Test
    void theSameValuesPostedInAResourceAreRefusedBeforeTheyAreExpanded() throws Exception {
        String json = """
                {"resourceType":"Observation","status":"final","code":{"text":"huge"},
                 "subject":{"reference":"Patient/%s"},"valueQuantity":{"value":1e9999999}}""".formatted(patientId);
        assertOutcome(posted("application/fhir+json", json), 400, "GW-REQ-006");
        String xml = """
                <Observation xmlns="http://hl7.org/fhir"><status value="final"/><code><text value="huge"/></code>
                 <subject><reference value="Patient/%s"/></subject><valueQuantity><value value="1e9999999"/>
                 </valueQuantity></Observation>""".formatted(patientId);
        assertOutcome(posted("application/fhir+xml", xml), 422, "GW-STORE-006");
        assertEquals(List.of(), ids(get("/Observation?code:text=huge", ADMIN)), "nothing was stored");
    }

    private static HttpResponse<String> posted(String contentType, String body) throws Exception {
        ServerCpu.Measured<HttpResponse<String>> posted = ServerCpu.measure(() -> gw.send(gw.request("/Observation",
                ADMIN).header("Content-Type", contentType).header("Accept", "application/fhir+json")
                .POST(BodyPublishers.ofString(body)).build()));
        assertTrue(posted.cpu().compareTo(ServerCpu.HOSTILE_BUDGET) < 0, "server CPU " + posted.cpu());
        return posted.result();
    }

    @Test
    void sqlMetacharactersAreBoundAndLikeWildcardsEscaped() throws Exception {
        for (String value : List.of("' OR '1'='1", "x'); DROP TABLE resource; --", "%", "_", "!%", "\\")) {
            String q = URLEncoder.encode(value, StandardCharsets.UTF_8);
            assertEquals(List.of(), ids(hostile("/Patient?family=" + q, ADMIN)), value);
            assertEquals(List.of(), ids(hostile("/Patient?identifier=" + q, ADMIN)), value);
        }
        assertEquals(List.of("Patient/" + patientId), ids(get("/Patient?family=" + PATIENT_FAMILY, ADMIN)),
                "the data is still there");
    }

    @Test
    void aTamperedPageTokenIsRefused() throws Exception {
        Bundle page = bundle(get("/Patient?_count=1&_total=accurate", ADMIN));
        String next = page.getLink("next").getUrl();
        int at = next.indexOf("_page_token=") + "_page_token=".length();
        char flipped = next.charAt(at + 5) == 'A' ? 'B' : 'A';
        String tampered = next.substring(0, at + 5) + flipped + next.substring(at + 6);
        assertOutcome(hostile(tampered.substring(tampered.indexOf("/fhir") + 5), ADMIN), 400, "GW-SEARCH-005");
        // a page token is re-checked against the caller: the admin's Observation pages are not the billing client's
        String observations = bundle(get("/Observation?_count=1", ADMIN)).getLink("next").getUrl();
        assertOutcome(hostile(observations.substring(observations.indexOf("/fhir") + 5), BILLING), 403,
                "GW-AUTH-403");
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        return gw.get(path, token);
    }

    /** A GET measured server-side: no hostile request may cost a second of request-thread CPU. */
    static HttpResponse<String> hostile(String path, String token) throws Exception {
        ServerCpu.Measured<HttpResponse<String>> measured = ServerCpu.measure(() -> gw.send(
                gw.request(path, token).GET().build()));
        assertTrue(measured.cpu().compareTo(ServerCpu.HOSTILE_BUDGET) < 0, path + ": server CPU " + measured.cpu());
        assertTrue(measured.result().statusCode() < 500, path + ": " + measured.result().body());
        return measured.result();
    }

    private static List<String> ids(HttpResponse<String> response) {
        return bundle(response).getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .map(Resource::getIdElement).map(id -> id.getResourceType() + "/" + id.getIdPart()).toList();
    }

    private static final String FIXTURE = """
            {"resourceType":"Bundle","type":"transaction","entry":[
             {"fullUrl":"urn:uuid:11111111-1111-1111-1111-111111111111","request":{"method":"POST","url":"Patient"},
              "resource":{"resourceType":"Patient","name":[{"family":"Hostilefamily"}],
                          "identifier":[{"system":"urn:mrn","value":"H1"}]}},
             {"request":{"method":"POST","url":"Patient"},"resource":{"resourceType":"Patient","name":[{"family":"Other"}]}},
             {"request":{"method":"POST","url":"Patient"},"resource":{"resourceType":"Patient","name":[{"family":"Other"}]}},
             {"fullUrl":"urn:uuid:22222222-2222-2222-2222-222222222222","request":{"method":"POST","url":"Location"},
              "resource":{"resourceType":"Location","name":"WARD1","identifier":[{"system":"urn:ward","value":"W1"}]}},
             {"request":{"method":"POST","url":"Observation"},
              "resource":{"resourceType":"Observation","status":"final",
                          "code":{"coding":[{"system":"http://loinc.org","code":"8867-4"}]},
                          "subject":{"reference":"urn:uuid:11111111-1111-1111-1111-111111111111"},
                          "valueQuantity":{"value":80,"system":"http://unitsofmeasure.org","code":"/min"}}},
             {"request":{"method":"POST","url":"Observation"},
              "resource":{"resourceType":"Observation","status":"final",
                          "meta":{"security":[{"system":"http://terminology.hl7.org/CodeSystem/v3-Confidentiality","code":"R"}]},
                          "code":{"coding":[{"system":"http://loinc.org","code":"1111-1"}]},
                          "subject":{"reference":"urn:uuid:11111111-1111-1111-1111-111111111111"}}},
             {"request":{"method":"POST","url":"Encounter"},
              "resource":{"resourceType":"Encounter","status":"finished",
                          "class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"IMP"},
                          "subject":{"reference":"urn:uuid:11111111-1111-1111-1111-111111111111"},
                          "length":{"value":30,"system":"http://unitsofmeasure.org","code":"min"},
                          "location":[{"location":{"reference":"urn:uuid:22222222-2222-2222-2222-222222222222",
                                                   "identifier":{"system":"urn:ward","value":"W1"}}}]}},
             {"request":{"method":"POST","url":"Coverage"},
              "resource":{"resourceType":"Coverage","status":"active",
                          "beneficiary":{"reference":"urn:uuid:11111111-1111-1111-1111-111111111111"},
                          "payor":[{"reference":"urn:uuid:11111111-1111-1111-1111-111111111111"}]}}
            ]}""";
}
