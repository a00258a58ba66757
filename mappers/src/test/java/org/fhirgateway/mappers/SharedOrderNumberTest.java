package org.fhirgateway.mappers;

import static org.fhirgateway.mappers.TestMessages.map;
import static org.fhirgateway.mappers.TestMessages.resources;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;

/**
 * The fidelity gap "DiagnosticReports collapse": 20 OBRs on one form number (placer and filler FORM-77) are 20
 * reports, each with its own code and only the OBX that follow its OBR. Expected values are read from the v2
 * text with a plain split, independently of the mapper.
 */
class SharedOrderNumberTest {

    private static final String FILE = "messages/ORU-R01-shared-form.hl7";
    private final Bundle bundle = map(FILE).bundle();

    /** OBR-4 code of each OBR, with the OBX-3 codes after it, from the message text. */
    private static Map<String, List<String>> obxCodesByObr(String message) {
        Map<String, List<String>> byObr = new LinkedHashMap<>();
        List<String> current = null;
        for (String segment : message.split("[\r\n]+")) {
            String[] fields = segment.split("\\|", -1);
            if (fields[0].equals("OBR")) {
                current = new ArrayList<>();
                byObr.put(fields[4].split("\\^")[0], current);
            } else if (fields[0].equals("OBX")) {
                current.add(fields[3].split("\\^")[0]);
            }
        }
        return byObr;
    }

    @Test
    void everyObrIsItsOwnReportWithItsOwnCodeAndResults() {
        Map<String, List<String>> expected = obxCodesByObr(TestMessages.load(FILE));
        assertEquals(20, expected.size());
        List<DiagnosticReport> reports = resources(bundle, DiagnosticReport.class);
        assertEquals(20, reports.size(), "one report per OBR");
        Map<String, Observation> observations = new HashMap<>();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            if (entry.getResource() instanceof Observation observation) {
                observations.put(entry.getFullUrl(), observation);
            }
        }
        assertEquals(expected.values().stream().mapToInt(List::size).sum(), observations.size());
        Set<String> linked = new HashSet<>();
        for (DiagnosticReport report : reports) {
            String code = report.getCode().getCodingFirstRep().getCode();
            assertTrue(expected.containsKey(code), code);
            List<String> results = new ArrayList<>();
            for (Reference result : report.getResult()) {
                assertTrue(linked.add(result.getReference()), "in exactly one report: " + result.getReference());
                results.add(observations.get(result.getReference()).getCode().getCodingFirstRep().getCode());
            }
            assertEquals(expected.get(code), results, "the OBX after OBR " + code);
        }
        assertEquals(observations.keySet(), linked, "every Observation is some report's result");
    }

    @Test
    void theReportsKeepTheFormNumberAndHaveKeysOfTheirOwn() {
        Set<String> urls = new HashSet<>();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            if (entry.getResource() instanceof DiagnosticReport report) {
                assertTrue(urls.add(entry.getRequest().getUrl()), "distinct conditional keys");
                assertTrue(report.getIdentifier().stream().anyMatch(i -> i.getValue().equals("FORM-77")),
                        "the filler number stays searchable");
            }
        }
        assertEquals(20, urls.size());
    }

    @Test
    void eachReportIsBasedOnItsOwnOrderAndTheSpecimenIsLinked() {
        List<ServiceRequest> requests = resources(bundle, ServiceRequest.class);
        assertEquals(20, requests.size(), "one order per OBR");
        Set<String> basedOn = new HashSet<>();
        for (DiagnosticReport report : resources(bundle, DiagnosticReport.class)) {
            assertEquals(1, report.getBasedOn().size());
            basedOn.add(report.getBasedOnFirstRep().getReference());
        }
        assertEquals(20, basedOn.size());
        DiagnosticReport first = resources(bundle, DiagnosticReport.class).get(0);
        assertEquals(1, first.getSpecimen().size(), "the SPM after the first OBR");
        assertEquals(0, resources(bundle, DiagnosticReport.class).get(1).getSpecimen().size());
    }

    @Test
    void reorderingTheObrsKeepsEveryKey() throws MappingException {
        String message = TestMessages.load(FILE);
        String[] segments = message.split("\r");
        // swap the first two OBR groups (each OBR with its OBX and SPM), keeping the header, PID, PV1 and ORC
        List<String> head = new ArrayList<>();
        List<List<String>> groups = new ArrayList<>();
        for (String segment : segments) {
            if (segment.startsWith("OBR|")) {
                groups.add(new ArrayList<>());
            }
            (groups.isEmpty() ? head : groups.get(groups.size() - 1)).add(segment);
        }
        List<String> swapped = new ArrayList<>(head);
        swapped.addAll(groups.get(1));
        swapped.addAll(groups.get(0));
        groups.subList(2, groups.size()).forEach(swapped::addAll);
        Bundle reordered = TestMessages.MAPPER.map(String.join("\r", swapped)).bundle();
        assertNotEquals(TestMessages.json(bundle), TestMessages.json(reordered));
        assertEquals(conditionalUrls(bundle), conditionalUrls(reordered));
    }

    private static Set<String> conditionalUrls(Bundle bundle) {
        Set<String> urls = new HashSet<>();
        bundle.getEntry().forEach(e -> urls.add(e.getRequest().getUrl()));
        return urls;
    }
}
