package org.fhirgateway.server.rest;

import static org.fhirgateway.server.rest.CrudHttpTest.FHIR;
import static org.fhirgateway.server.rest.CrudHttpTest.parse;
import static org.fhirgateway.server.rest.CrudHttpTest.patientJson;
import static org.fhirgateway.server.rest.CrudHttpTest.post;
import static org.fhirgateway.server.rest.RunningGateway.ADMIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.AfterAll;

/** Search, paging, Prefer handling, conditional writes and $everything through HTTP, on PostgreSQL. */
class SearchHttpTest {

    static final SharedGateway GATEWAYS = new SharedGateway();

    @AfterAll
    static void stop() throws Exception {
        GATEWAYS.close();
    }

    private static String family(String name) {
        return name;
    }

    @Test
    void searchFindsByParameterAndPagesWithEngineLinks() throws Exception {
        RunningGateway gw = GATEWAYS.get();
        String family = family("Pager");
        for (int i = 0; i < 5; i++) {
            CrudHttpTest.createPatient(gw, family);
        }
        HttpResponse<String> first = gw.get("/Patient?family=" + family + "&_count=2", ADMIN);
        assertEquals(200, first.statusCode(), first.body());
        Bundle page = parse(Bundle.class, first);
        assertEquals(Bundle.BundleType.SEARCHSET, page.getType());
        assertEquals(2, page.getEntry().size());
        assertTrue(page.getLink("self").getUrl().contains("family="), page.getLink("self").getUrl());
        Set<String> seen = new HashSet<>();
        page.getEntry().forEach(e -> seen.add(e.getResource().getIdElement().getIdPart()));
        int pages = 1;
        while (page.getLink("next") != null) {
            HttpResponse<String> next = gw.send(HttpRequest.newBuilder(URI.create(page.getLink("next").getUrl()))
                    .header("Authorization", "Bearer " + ADMIN).build());
            assertEquals(200, next.statusCode(), next.body());
            page = parse(Bundle.class, next);
            page.getEntry().forEach(e -> seen.add(e.getResource().getIdElement().getIdPart()));
            pages++;
            assertNotNull(page.getLink("previous"), "a later page links back");
        }
        assertEquals(3, pages);
        assertEquals(5, seen.size(), "every match exactly once over the pages");
    }

    @Test
    void postSearchEqualsGetSearch() throws Exception {
        RunningGateway gw = GATEWAYS.get();
        String family = family("Poster");
        CrudHttpTest.createPatient(gw, family);
        HttpResponse<String> response = gw.send(gw.request("/Patient/_search", ADMIN)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString("family=" + family)).build());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(1, parse(Bundle.class, response).getEntry().size());
    }

    @Test
    void unknownParameterIs400StrictAnd200Lenient() throws Exception {
        RunningGateway gw = GATEWAYS.get();
        HttpResponse<String> strict = gw.get("/Patient?no-such-param=1", ADMIN);
        assertEquals(400, strict.statusCode(), strict.body());
        assertTrue(parse(OperationOutcome.class, strict).getIssueFirstRep().getDiagnostics().contains("no-such-param"));

        HttpResponse<String> explicitStrict = gw.send(gw.request("/Patient?no-such-param=1", ADMIN).header("Prefer", "handling=strict").build());
        assertEquals(400, explicitStrict.statusCode());

        HttpResponse<String> lenient = gw.send(gw.request("/Patient?no-such-param=1", ADMIN).header("Prefer", "handling=lenient").build());
        assertEquals(200, lenient.statusCode(), lenient.body());
        Bundle bundle = parse(Bundle.class, lenient);
        assertTrue(bundle.getEntry().stream().anyMatch(e -> e.getSearch().getMode() == Bundle.SearchEntryMode.OUTCOME
                && e.getResource() instanceof OperationOutcome), "ignored parameters are reported");
    }

    @Test
    void lastUpdatedAndIdAreSearchable() throws Exception {
        RunningGateway gw = GATEWAYS.get();
        String id = CrudHttpTest.createPatient(gw, family("Recent"));
        Bundle recent = parse(Bundle.class, gw.get("/Patient?_id=" + id + "&_lastUpdated=gt2000-01-01", ADMIN));
        assertEquals(1, recent.getEntry().size());
        Bundle none = parse(Bundle.class, gw.get("/Patient?_id=" + id + "&_lastUpdated=lt2000-01-01", ADMIN));
        assertEquals(0, none.getEntry().size());
        assertEquals(400, gw.get("/Patient?_lastUpdated=notadate", ADMIN).statusCode());
    }

    @Test
    void conditionalCreateMakesNoTwin() throws Exception {
        RunningGateway gw = GATEWAYS.get();
        String family = family("Once");
        HttpRequest.Builder request = gw.request("/Patient", ADMIN).header("Content-Type", "application/fhir+json")
                .header("If-None-Exist", "identifier=urn:test:mrn|" + family);
        HttpResponse<String> first = gw.send(request.POST(BodyPublishers.ofString(patientJson(family))).build());
        assertEquals(201, first.statusCode(), first.body());
        HttpResponse<String> second = gw.send(request.POST(BodyPublishers.ofString(patientJson(family))).build());
        assertEquals(200, second.statusCode(), second.body());
        assertEquals(first.headers().firstValue("Location").orElseThrow(), second.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void conditionalUpdateCreatesThenUpdates() throws Exception {
        RunningGateway gw = GATEWAYS.get();
        String family = family("CondUpd");
        HttpRequest.Builder request = gw.request("/Patient?identifier=urn:test:mrn%7C" + family, ADMIN)
                .header("Content-Type", "application/fhir+json");
        HttpResponse<String> created = gw.send(request.PUT(BodyPublishers.ofString(patientJson(family))).build());
        assertEquals(201, created.statusCode(), created.body());
        String updatedBody = patientJson(family).replace("\"name\":[{\"family\":\"" + family + "\"}]",
                "\"name\":[{\"family\":\"" + family + "\",\"given\":[\"Second\"]}]");
        HttpResponse<String> updated = gw.send(request.PUT(BodyPublishers.ofString(updatedBody)).build());
        assertEquals(200, updated.statusCode(), updated.body());
        assertEquals("W/\"2\"", updated.headers().firstValue("ETag").orElseThrow());
    }

    @Test
    void everythingReturnsThePatientCompartment() throws Exception {
        RunningGateway gw = GATEWAYS.get();
        String patientId = CrudHttpTest.createPatient(gw, family("Everything"));
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL).getCode().setText("weight");
        observation.setSubject(new Reference("Patient/" + patientId));
        assertEquals(201, post(gw, "/Observation", FHIR.newJsonParser().encodeResourceToString(observation), ADMIN).statusCode());

        HttpResponse<String> all = gw.get("/Patient/" + patientId + "/$everything", ADMIN);
        assertEquals(200, all.statusCode(), all.body());
        Set<String> types = new HashSet<>();
        parse(Bundle.class, all).getEntry().forEach(e -> types.add(e.getResource().fhirType()));
        assertEquals(Set.of("Patient", "Observation"), types);

        Bundle onlyObservations = parse(Bundle.class, gw.get("/Patient/" + patientId + "/$everything?_type=Observation", ADMIN));
        assertTrue(onlyObservations.getEntry().stream().allMatch(e -> e.getResource() instanceof Observation));
        assertFalse(onlyObservations.getEntry().isEmpty());
        HttpResponse<String> forBilling = gw.get("/Patient/" + patientId + "/$everything", RunningGateway.BILLING);
        assertEquals(200, forBilling.statusCode(), forBilling.body());
        assertTrue(parse(Bundle.class, forBilling).getEntry().stream().noneMatch(e -> e.getResource() instanceof Observation),
                "billing may not read Observations, so $everything leaves them out");
        Bundle future = parse(Bundle.class, gw.get("/Patient/" + patientId + "/$everything?_since=2999-01-01T00:00:00Z", ADMIN));
        assertEquals(0, future.getEntry().stream().filter(e -> e.getResource() instanceof Observation).count());
    }

    @Test
    void resultParametersReachTheEngineAndTheResponse() throws Exception {
        RunningGateway gw = GATEWAYS.get();
        String family = family("Shape");
        String patientId = CrudHttpTest.createPatient(gw, family);
        CrudHttpTest.createPatient(gw, family);
        Bundle count = parse(Bundle.class, gw.get("/Patient?family=" + family + "&_summary=count", ADMIN));
        assertEquals(2, count.getTotal());
        assertTrue(count.getEntry().isEmpty());

        Bundle total = parse(Bundle.class, gw.get("/Patient?family=" + family + "&_total=accurate&_count=1", ADMIN));
        assertEquals(2, total.getTotal());
        assertEquals(1, total.getEntry().size());
        Bundle none = parse(Bundle.class, gw.get("/Patient?family=" + family + "&_total=none&_count=1", ADMIN));
        assertFalse(none.hasTotal(), "no total when none was asked for, not the page's entry count");
        assertEquals(1, none.getEntry().size());

        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL).getCode().setText("bp");
        observation.setSubject(new Reference("Patient/" + patientId));
        assertEquals(201, post(gw, "/Observation", FHIR.newJsonParser().encodeResourceToString(observation), ADMIN).statusCode());
        Bundle included = parse(Bundle.class, gw.get("/Observation?subject=Patient/" + patientId + "&_include=Observation:subject", ADMIN));
        assertTrue(included.getEntry().stream().anyMatch(e -> e.getSearch().getMode() == Bundle.SearchEntryMode.INCLUDE
                && e.getResource().fhirType().equals("Patient")), "the included patient is marked include");
    }

    @Test
    void theCallersDeniedLabelsReachTheEngine() throws Exception {
        RunningGateway gw = GATEWAYS.get();
        String family = family("Labelled");
        String open = CrudHttpTest.createPatient(gw, family);
        String restricted = patientJson(family).replaceFirst("\\{", "{\"meta\":{\"security\":[{\"system\":"
                + "\"http://terminology.hl7.org/CodeSystem/v3-Confidentiality\",\"code\":\"R\"}]},");
        HttpResponse<String> created = post(gw, "/Patient", restricted, ADMIN);
        assertEquals(201, created.statusCode(), created.body());
        String hiddenId = parse(org.hl7.fhir.r4.model.Patient.class, created).getIdElement().getIdPart();

        Bundle forAdmin = parse(Bundle.class, gw.get("/Patient?family=" + family, ADMIN));
        assertEquals(2, forAdmin.getEntry().size());
        Bundle forRestricted = parse(Bundle.class, gw.get("/Patient?family=" + family, RunningGateway.RESTRICTED));
        assertEquals(1, forRestricted.getEntry().size());
        assertEquals(open, forRestricted.getEntry().get(0).getResource().getIdElement().getIdPart());
        assertTrue(gw.get("/Patient/" + hiddenId, RunningGateway.RESTRICTED).statusCode() >= 400, "nor readable by id");
    }

    @Test
    void searchNeedsReadScopeForTheType() throws Exception {
        RunningGateway gw = GATEWAYS.get();
        assertEquals(403, gw.get("/Observation?code=x", RunningGateway.BILLING).statusCode());
    }
}
