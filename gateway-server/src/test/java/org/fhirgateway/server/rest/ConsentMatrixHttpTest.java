package org.fhirgateway.server.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The consent matrix through the real HTTP API: five clients (and break-the-glass) by ten consent states and the
 * sensitivity of the data, over search with paging and {@code _total}, read, vread, history, chains, {@code _has},
 * {@code _include}, {@code _revinclude} and {@code $everything}. Each cell compares exactly the set of resources
 * returned with the set the rules allow (written out below, not computed by the gateway's code).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsentMatrixHttpTest {

    static final String POLICIES = """
            httpPort: 0
            mllpPort: 0
            releasePolicies:
              - {name: operations, purposes: [HOPERAT], unrestricted: true}
              - {name: treatment, purposes: [TREAT], withhold: [V], breakTheGlass: true}
              - {name: payment, purposes: [HPAYMT], withhold: [HIV, ETH, PSY, SDV, SEX, R, V], mask: [Patient.telecom]}
              - {name: public-health, purposes: [PUBHLTH], withhold: [HIV, ETH, PSY, SDV, SEX, R, V]}
              - {name: research, purposes: [HRESCH], withhold: [HIV, ETH, PSY, SDV, SEX, R, V], deidentify: true}
            clients:
              - {name: admin, token: matrix-admin-token-000, purposeOfUse: HOPERAT, scopes: [system/*.read, system/*.write]}
              - {name: registry, token: matrix-registry-token-000, purposeOfUse: PUBHLTH, scopes: [system/*.read],
                 organization: Organization/state-registry}
              - {name: billing, token: matrix-billing-token-000, purposeOfUse: HPAYMT,
                 scopes: [system/Patient.read, system/Observation.read, system/Condition.read, system/Procedure.read]}
              - {name: research, token: matrix-research-token-000, purposeOfUse: HRESCH, scopes: [system/*.read]}
              - {name: clinic, token: matrix-clinic-token-000, purposeOfUse: TREAT, scopes: [system/*.read]}
            """;

    /** A caller: its token, whether it breaks the glass, and what it may see. */
    record Caller(String name, String token, boolean breakGlass, Set<String> patients, Set<String> others) {
        Set<String> visible() {
            Set<String> all = new TreeSet<>(others);
            patients.forEach(p -> {
                all.add(ConsentFixture.patient(p));
                all.add("obs-" + p);
            });
            return all;
        }

        boolean deidentified() {
            return name.equals("research");
        }

        @Override
        public String toString() {
            return name + (breakGlass ? " (ETREAT)" : "");
        }
    }

    static final Set<String> ALL_PATIENTS = Set.copyOf(ConsentFixture.PATIENTS);
    static final Set<String> ALL_OTHERS = Set.of("hiv-none", "hiv-optin", "detox-none", "detox-part2");

    static Stream<Caller> callers() {
        return Stream.of(
                new Caller("admin", "matrix-admin-token-000", false, ALL_PATIENTS, ALL_OTHERS),
                new Caller("registry", "matrix-registry-token-000", false,
                        Set.of("none", "purpose", "optin", "expired", "future", "part2"),
                        Set.of("hiv-optin", "detox-part2")),
                new Caller("billing", "matrix-billing-token-000", false,
                        Set.of("none", "purpose", "recipient", "optin", "expired", "future", "part2"),
                        Set.of("hiv-optin")),
                new Caller("research", "matrix-research-token-000", false,
                        Set.of("none", "recipient", "optin", "expired", "future", "part2"), Set.of("hiv-optin")),
                new Caller("clinic", "matrix-clinic-token-000", false,
                        Set.of("none", "purpose", "recipient", "optin", "expired", "future", "part2", "restricted"),
                        Set.of("hiv-none", "hiv-optin")),
                new Caller("clinic", "matrix-clinic-token-000", true, ALL_PATIENTS, ALL_OTHERS));
    }

    @TempDir
    static Path dir;
    private RunningGateway gw;
    private final FhirContext fhir = FhirContext.forR4Cached();

    @BeforeAll
    void start() throws Exception {
        gw = RunningGateway.start(dir, POLICIES, Map.of());
        HttpResponse<String> written = gw.send(gw.request("", "matrix-admin-token-000")
                .header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(ConsentFixture.transaction(fhir))).build());
        assertEquals(200, written.statusCode(), written.body());
    }

    @AfterAll
    void stop() throws Exception {
        gw.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void searchPagesAreFullAndTotalsCountOnlyWhatTheCallerMaySee(Caller c) throws Exception {
        for (String type : List.of("Patient", "Observation")) {
            Set<String> expected = c.visible().stream().filter(n -> n.startsWith(type.equals("Patient") ? "pt-" : "obs-"))
                    .collect(Collectors.toCollection(TreeSet::new));
            String next = type + "?_count=3&_total=accurate";
            List<String> seen = new ArrayList<>();
            Integer total = null;
            while (next != null) {
                Bundle page = bundle(get(c, next));
                if (total == null) {
                    total = page.getTotal();
                }
                List<String> names = names(page, Bundle.SearchEntryMode.MATCH);
                Bundle.BundleLinkComponent link = page.getLink("next");
                if (link != null) {
                    assertEquals(3, names.size(), c + ": a page before the last is full");
                }
                seen.addAll(names);
                next = link == null ? null : link.getUrl().substring(link.getUrl().indexOf("/fhir/") + 6);
            }
            assertEquals(expected, new TreeSet<>(seen), c + " " + type);
            assertEquals(seen.size(), new HashSet<>(seen).size(), c + ": no entry twice across pages");
            assertEquals(expected.size(), total, c + ": _total counts what the caller may see");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void readAndVreadAnswer404ForWhatIsWithheld(Caller c) throws Exception {
        if (c.deidentified()) {
            // its ids are pseudonyms: a real id is one it was never given, so it finds nothing by it
            for (String name : allNames()) {
                assertEquals(404, get(c, path(name)).statusCode(), name);
            }
            return;
        }
        for (String name : allNames()) {
            int expected = c.visible().contains(name) ? 200 : 404;
            assertEquals(expected, get(c, path(name)).statusCode(), c + " read " + name);
            assertEquals(expected, get(c, path(name) + "/_history/1").statusCode(), c + " vread " + name);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void deIdentifiedIdsResolveToTheSameResources(Caller c) throws Exception {
        if (!c.deidentified()) {
            return;
        }
        Bundle page = bundle(get(c, "Observation?_count=50&_include=Observation:subject"));
        int checked = 0;
        for (Bundle.BundleEntryComponent e : page.getEntry()) {
            Resource r = e.getResource();
            HttpResponse<String> again = get(c, r.fhirType() + "/" + r.getIdElement().getIdPart());
            assertEquals(200, again.statusCode(), "a pseudonym it was given reads back");
            assertEquals(ConsentFixture.nameOf(r), ConsentFixture.nameOf(resource(again)));
            checked++;
        }
        assertEquals(12, checked, "6 observations and their 6 patients");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void historyHoldsOnlyVisibleVersions(Caller c) throws Exception {
        Set<String> expected = c.visible().stream().filter(n -> n.startsWith("obs-")).collect(Collectors.toSet());
        Bundle history = bundle(get(c, "Observation/_history?_count=100"));
        assertEquals(expected, new TreeSet<>(names(history, null)), c + " history");
        assertEquals(expected.size(), history.getTotal(), c + " history total");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void chainsAndHasReachOnlyVisibleResources(Caller c) throws Exception {
        Set<String> obs = c.visible().stream().filter(n -> n.startsWith("obs-")).collect(Collectors.toSet());
        Set<String> patients = c.visible().stream().filter(n -> n.startsWith("pt-")).collect(Collectors.toSet());
        assertEquals(obs, new TreeSet<>(names(bundle(get(c, "Observation?subject:Patient.gender=female&_count=50")),
                Bundle.SearchEntryMode.MATCH)), c + " chain");
        assertEquals(patients, new TreeSet<>(names(bundle(get(c,
                "Patient?_has:Observation:subject:code=2345-7&_count=50")), Bundle.SearchEntryMode.MATCH)),
                c + " _has");
        Set<String> withHiv = new TreeSet<>();
        if (c.visible().contains("hiv-none")) {
            withHiv.add("pt-none");
        }
        if (c.visible().contains("hiv-optin")) {
            withHiv.add("pt-optin");
        }
        if (!c.name().equals("billing")) {
            assertEquals(withHiv, new TreeSet<>(names(bundle(get(c, "Patient?_has:Condition:subject:code=B20")),
                    Bundle.SearchEntryMode.MATCH)), c + " _has on a sensitive code tells nothing withheld");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void includesAndRevincludesBringOnlyVisibleResources(Caller c) throws Exception {
        Set<String> patients = c.visible().stream().filter(n -> n.startsWith("pt-")).collect(Collectors.toSet());
        assertEquals(patients, new TreeSet<>(names(bundle(get(c,
                "Observation?_include=Observation:subject&_count=50")), Bundle.SearchEntryMode.INCLUDE)),
                c + " _include");
        Set<String> conditions = c.visible().stream().filter(n -> n.startsWith("hiv-")).collect(Collectors.toSet());
        assertEquals(conditions, new TreeSet<>(names(bundle(get(c,
                "Patient?_revinclude=Condition:subject&_count=50")), Bundle.SearchEntryMode.INCLUDE)),
                c + " _revinclude");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void everythingHoldsWhatTheCallerMaySeeOfThePatient(Caller c) throws Exception {
        if (c.deidentified()) {
            return; // by pseudonym: covered by deIdentifiedEverything
        }
        for (Map.Entry<String, Set<String>> e : ConsentFixture.compartments().entrySet()) {
            HttpResponse<String> response = get(c, "Patient/" + ConsentFixture.patient(e.getKey())
                    + "/$everything?_type=Patient,Observation,Condition,Procedure");
            if (!c.patients().contains(e.getKey())) {
                assertEquals(404, response.statusCode(), c + " $everything of a withheld patient");
                continue;
            }
            Set<String> expected = e.getValue().stream().filter(c.visible()::contains).collect(Collectors.toSet());
            assertEquals(expected, new TreeSet<>(names(bundle(response), null)), c + " $everything " + e.getKey());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void deIdentifiedEverything(Caller c) throws Exception {
        if (!c.deidentified()) {
            return;
        }
        Bundle patients = bundle(get(c, "Patient?_count=50"));
        for (Bundle.BundleEntryComponent e : patients.getEntry()) {
            String suffix = ConsentFixture.nameOf(e.getResource()).substring(3);
            Bundle all = bundle(get(c, "Patient/" + e.getResource().getIdElement().getIdPart()
                    + "/$everything?_type=Patient,Observation,Condition,Procedure"));
            Set<String> expected = ConsentFixture.compartments().get(suffix).stream().filter(c.visible()::contains)
                    .collect(Collectors.toSet());
            assertEquals(expected, new TreeSet<>(names(all, null)), "research $everything " + suffix);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void researchOutputCarriesNoSafeHarborIdentifier(Caller c) throws Exception {
        if (!c.deidentified()) {
            return;
        }
        List<String> bodies = new ArrayList<>();
        for (String q : List.of("Patient?_count=50", "Observation?_count=50&_include=Observation:subject",
                "Patient?_revinclude=Condition:subject&_count=50", "Condition", "Patient/_history", "Observation?_count=2")) {
            HttpResponse<String> r = get(c, q);
            assertEquals(200, r.statusCode(), q + " " + r.body());
            bodies.add(r.body());
        }
        for (String s : ConsentFixture.PATIENTS) {
            for (String body : bodies) {
                for (String identifying : List.of(ConsentFixture.family(s), ConsentFixture.mrn(s),
                        ConsentFixture.birthDate(s), ConsentFixture.phone(s), ConsentFixture.STREET,
                        ConsentFixture.CITY, "Quentina", "03601", ConsentFixture.patient(s), "obs-" + s)) {
                    assertFalse(body.contains(identifying), "research output holds " + identifying);
                }
            }
        }
        assertTrue(bodies.get(0).contains("\"postalCode\":\"000\""), "ZIP 036 is a low-population prefix");
        assertEquals(403, get(c, "Patient?name=" + ConsentFixture.family("none")).statusCode());
        assertEquals(403, get(c, "Observation?date=2024-03-05").statusCode());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void maskedFieldsNeverLeave(Caller c) throws Exception {
        HttpResponse<String> r = get(c, "Patient?_count=50");
        boolean masked = c.name().equals("billing") || c.deidentified();
        for (String s : c.patients()) {
            assertEquals(!masked, r.body().contains(ConsentFixture.phone(s)), c + " telecom of " + s);
        }
        if (c.name().equals("billing")) {
            assertTrue(r.body().contains("\"MASKED\""), "masked resources say so");
        }
    }

    private List<String> allNames() {
        List<String> names = new ArrayList<>();
        ConsentFixture.compartments().values().forEach(names::addAll);
        return names;
    }

    private static String path(String name) {
        String type = name.startsWith("pt-") ? "Patient" : name.startsWith("obs-") ? "Observation"
                : name.startsWith("hiv-") ? "Condition" : "Procedure";
        return type + "/" + name;
    }

    private HttpResponse<String> get(Caller c, String path) throws Exception {
        HttpRequest.Builder request = gw.request("/" + path, c.token()).GET();
        if (c.breakGlass()) {
            request.header("X-Purpose-Of-Use", "ETREAT");
        }
        return gw.send(request.build());
    }

    private Bundle bundle(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        return fhir.newJsonParser().parseResource(Bundle.class, response.body());
    }

    private Resource resource(HttpResponse<String> response) {
        return (Resource) fhir.newJsonParser().parseResource(response.body());
    }

    /** Names of the entries in the given search mode (null: every entry), Patients/Observations/Conditions/Procedures. */
    private static List<String> names(Bundle bundle, Bundle.SearchEntryMode mode) {
        List<String> names = new ArrayList<>();
        for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
            Resource r = e.getResource();
            if (r == null || (mode != null && e.getSearch().getMode() != mode)
                    || !Set.of("Patient", "Observation", "Condition", "Procedure").contains(r.fhirType())) {
                continue;
            }
            names.add(ConsentFixture.nameOf(r));
        }
        return names;
    }
}
