package org.fhirgateway.server.console.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.fhirgateway.server.console.ConsoleException;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.consent.Release;
import org.fhirgateway.server.consent.ReleasePolicies;
import org.fhirgateway.server.consent.ReleasePolicy;
import org.fhirgateway.server.search.StorageEngine;
import org.fhirgateway.server.store.DisclosureLog;
import org.fhirgateway.server.store.PatientLabels;
import org.fhirgateway.server.store.ReleaseRecorder;
import org.fhirgateway.server.testing.Engines;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The privacy page's model on the real database: consents in force and expired, the labels a caller may see, the
 * accounting of a period (operators only), the page's own release recorded, and break-the-glass reviews. Written
 * through the store (the labeller labels the HIV Condition); read with each caller's own AccessContext.
 */
class PrivacyRecordsTest {

    static final Engines ENGINES = new Engines();
    /** The page's clock: 2026-06-01 UTC, so the default period is 2020-06-01 .. 2026-06-01. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);
    static final String MRN = "urn:oid:1.2.3.4";
    static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

    static final AccessContext ADMIN = new AccessContext("admin", "HOPERAT", Set.of("system/*.read",
            "system/*.write"), ReleasePolicy.unrestricted("operations"), null);
    static final AccessContext REGISTRY = new AccessContext("registry", "PUBHLTH", Set.of("system/*.read"),
            ReleasePolicies.defaults().forClient("registry", "PUBHLTH"), null);

    static StorageEngine engine;
    static PrivacyRecords privacy;
    static GlassReviews reviews;
    static DisclosureLog log;

    @BeforeAll
    static void write() {
        engine = ENGINES.get();
        log = engine.store().disclosures();
        ReleaseRecorder recorder = new ReleaseRecorder(engine.store(), new Release(new byte[32], CLOCK), CLOCK);
        privacy = new PrivacyRecords(engine.search(), log,
                new PatientLabels(ENGINES.databases().get().dataSource()), recorder, ZoneOffset.UTC, CLOCK);
        reviews = new GlassReviews(log, ZoneOffset.UTC, CLOCK);
        Bundle b = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        put(b, patient("pv-ada", "MRN-ADA-1", "Quillfeather"));
        put(b, patient("pv-out", "MRN-OUT-2", "Optoutson"));
        Condition hiv = new Condition();
        hiv.setId("pv-hiv");
        hiv.setCode(new CodeableConcept(new Coding("http://hl7.org/fhir/sid/icd-10-cm", "B20", "HIV disease")));
        hiv.setSubject(new Reference("Patient/pv-ada"));
        put(b, hiv);
        for (int i = 0; i < 2; i++) {
            Observation o = new Observation();
            o.setId("pv-obs-" + i);
            o.setStatus(Observation.ObservationStatus.FINAL);
            o.setCode(new CodeableConcept(new Coding("http://loinc.org", "2345-7", "Glucose")));
            o.setSubject(new Reference("Patient/pv-ada"));
            o.setValue(new Quantity(90 + i));
            put(b, o);
        }
        put(b, consent("pv-c-research", "pv-ada", "HRESCH", null));
        put(b, consent("pv-c-old", "pv-ada", null, new Period().setEndElement(new DateTimeType("2020-01-01"))));
        put(b, consent("pv-c-later", "pv-ada", null, new Period().setStartElement(new DateTimeType("2100-01-01"))));
        put(b, consent("pv-c-out", "pv-out", null, null));
        engine.store().transaction(AccessContext.system(), b);
        disclose("registry", "PUBHLTH", "2026-01-15T10:00:00Z", "pv-ada", false);
        disclose("billing", "HPAYMT", "2015-03-01T10:00:00Z", "pv-ada", false);
        disclose("registry", "PUBHLTH", "2026-02-01T10:00:00Z", "pv-out", false);
    }

    @AfterAll
    static void close() {
        ENGINES.close();
    }

    @Test
    void anOperatorSeesConsentsInForceAndExpiredLabelsAndThePeriodsDisclosures() {
        PrivacyRecords.View v = privacy.view(ADMIN, MRN + "|MRN-ADA-1", "", "");
        assertEquals("pv-ada", v.patient().id());
        assertEquals("Ada Quillfeather", v.patient().name());
        Map<String, String> states = v.consents().stream()
                .collect(Collectors.toMap(ConsentSummary::id, ConsentSummary::state));
        assertEquals(Map.of("pv-c-research", "in-force", "pv-c-old", "expired", "pv-c-later", "not-yet"), states);
        assertEquals("pv-c-research", v.consents().get(0).id(), "what is in force comes first");
        assertTrue(v.consents().get(0).rules().get(0).contains("research (HRESCH)"), v.consents().get(0).rules()
                .toString());
        assertEquals(7, v.visibleResources(), "the patient, the condition, two observations, three consents");
        assertEquals(1, count(v.labels(), ACT_CODE + "|HIV"), v.labels().toString());
        assertTrue(v.accountingAllowed());
        Set<String> clients = v.disclosures().stream().map(DisclosureRow::client).collect(Collectors.toSet());
        assertTrue(clients.contains("registry") && !clients.contains("billing"), "the period holds the 2026 "
                + "disclosure to the registry, not the 2015 one to billing: " + clients);
        assertTrue(v.disclosures().stream().allMatch(d -> d.patients().contains("pv-ada")), "not another patient's");
        PrivacyRecords.View all = privacy.view(ADMIN, "pv-ada", "2010-01-01", "2026-06-01");
        assertTrue(all.disclosures().stream().anyMatch(d -> d.client().equals("billing")));
    }

    @Test
    void thePageItselfIsADisclosureRecordedBeforeItIsShown() {
        long before = consoleDisclosures("admin");
        privacy.view(ADMIN, "pv-ada", "", "");
        List<DisclosureLog.Disclosure> recorded = log.find(new DisclosureLog.Query("pv-ada", null, null, "admin",
                false, null, 10));
        assertEquals(before + 1, consoleDisclosures("admin"));
        DisclosureLog.Disclosure d = recorded.get(0);
        assertEquals("console", d.interaction());
        assertEquals("/console/privacy", d.query(), "the page, never the identifier typed");
        assertTrue(d.resources().stream().anyMatch(r -> r.startsWith("Patient/pv-ada")), d.resources().toString());
        assertTrue(d.resources().stream().anyMatch(r -> r.startsWith("Consent/pv-c-old")), d.resources().toString());
    }

    @Test
    void aRegistryUserSeesNoWithheldLabelsNoAccountingAndNoOptedOutPatient() {
        PrivacyRecords.View v = privacy.view(REGISTRY, "pv-ada", "", "");
        assertEquals(0, count(v.labels(), ACT_CODE + "|HIV"), "the HIV condition is withheld from public health");
        assertEquals(6, v.visibleResources(), "everything but the HIV condition");
        assertFalse(v.accountingAllowed());
        assertNull(v.disclosures());
        ConsoleException letter = assertThrows(ConsoleException.class,
                () -> privacy.letter(REGISTRY, "pv-ada", "", ""));
        assertEquals(403, letter.status());
        ConsoleException out = assertThrows(ConsoleException.class,
                () -> privacy.view(REGISTRY, MRN + "|MRN-OUT-2", "", ""));
        assertEquals(404, out.status(), "an opted-out patient is not found, as in the API");
        assertEquals("pv-out", privacy.view(ADMIN, MRN + "|MRN-OUT-2", "", "").patient().id());
    }

    @Test
    void theLetterHasTheAddressThePeriodAndEachDisclosure() {
        PrivacyRecords.Letter letter = privacy.letter(ADMIN, "pv-ada", "2026-01-01", "2026-03-31");
        assertEquals(List.of("12 Inkwell Row", "Marblehollow MA 03601"), letter.patient().address());
        assertEquals("2026-01-01", letter.period().from().toString());
        DisclosureRow row = letter.disclosures().stream().filter(d -> d.client().equals("registry")).findFirst()
                .orElseThrow();
        assertEquals("2026-01-15 10:00:00 Z", row.date());
        assertEquals("public health (PUBHLTH)", row.purpose());
        assertEquals("Observation (2), Patient (1)", row.released());
    }

    @Test
    void badInputIsAClearRefusal() {
        assertEquals(400, assertThrows(ConsoleException.class, () -> privacy.view(ADMIN, "  ", "", "")).status());
        assertEquals(400, assertThrows(ConsoleException.class, () -> privacy.view(ADMIN, "a b c", "", "")).status());
        assertEquals(400, assertThrows(ConsoleException.class,
                () -> privacy.view(ADMIN, "pv-ada", "2026-13-01", "")).status());
        assertEquals(400, assertThrows(ConsoleException.class,
                () -> privacy.view(ADMIN, "pv-ada", "2026-05-01", "2026-04-01")).status());
        assertEquals(404, assertThrows(ConsoleException.class, () -> privacy.view(ADMIN, "no-such", "", ""))
                .status());
    }

    @Test
    void aBreakTheGlassDisclosureIsReviewedOnceWithANoteByAnOperatorOnly() {
        long id = disclose("clinic", "ETREAT", "2026-05-30T03:00:00Z", "pv-ada", true);
        assertTrue(reviews.pending(ADMIN).stream().anyMatch(d -> d.id() == id && d.awaitingReview()));
        assertEquals(403, assertThrows(ConsoleException.class, () -> reviews.pending(REGISTRY)).status());
        assertEquals(403, assertThrows(ConsoleException.class,
                () -> reviews.markReviewed(REGISTRY, id, "looks fine")).status());
        assertEquals(400, assertThrows(ConsoleException.class, () -> reviews.markReviewed(ADMIN, id, " ")).status());
        reviews.markReviewed(ADMIN, id, "ED admission confirmed");
        assertFalse(reviews.pending(ADMIN).stream().anyMatch(d -> d.id() == id));
        DisclosureLog.Disclosure d = log.byId(id).orElseThrow();
        assertEquals("admin", d.reviewedBy());
        assertEquals("ED admission confirmed", d.reviewNote());
        ConsoleException again = assertThrows(ConsoleException.class,
                () -> reviews.markReviewed(ADMIN, id, "twice"));
        assertEquals("GW-CONSENT-004", again.code());
    }

    private static long count(List<LabelCount> labels, String key) {
        return labels.stream().filter(l -> l.key().equals(key)).mapToLong(LabelCount::resources).sum();
    }

    private static long consoleDisclosures(String client) {
        return log.find(new DisclosureLog.Query("pv-ada", null, null, client, false, null, 1000)).stream()
                .filter(d -> "console".equals(d.interaction())).count();
    }

    private static long disclose(String client, String purpose, String at, String patient, boolean breakGlass) {
        return log.record(new DisclosureLog.Disclosure(0, Instant.parse(at).toEpochMilli(), client, purpose,
                "test", "read", "/Patient", List.of(patient), List.of("Patient/" + patient + "/_history/1",
                        "Observation/pv-obs-0/_history/1", "Observation/pv-obs-1/_history/1"), List.of(),
                breakGlass, null, null, null), List.of());
    }

    private static Patient patient(String id, String mrn, String family) {
        Patient p = new Patient();
        p.setId(id);
        p.addIdentifier(new Identifier().setSystem(MRN).setValue(mrn));
        p.addName().setFamily(family).addGiven(id.equals("pv-ada") ? "Ada" : "Otto");
        p.addAddress().addLine("12 Inkwell Row").setCity("Marblehollow").setState("MA").setPostalCode("03601");
        return p;
    }

    private static Consent consent(String id, String patient, String purpose, Period period) {
        Consent c = new Consent();
        c.setId(id);
        c.setStatus(Consent.ConsentState.ACTIVE);
        c.setScope(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/consentscope",
                "patient-privacy", null)));
        c.addCategory(new CodeableConcept(new Coding("http://loinc.org", "59284-0", "Consent Document")));
        c.setPatient(new Reference("Patient/" + patient));
        c.setDateTime(new Date(CLOCK.millis() - 86_400_000L));
        c.addPolicy().setUri("http://fhirgateway.org/fhir/consent-policy");
        Consent.ProvisionComponent p = c.getProvision().setType(Consent.ConsentProvisionType.DENY);
        if (purpose != null) {
            p.addPurpose(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActReason", purpose, null));
        }
        if (period != null) {
            p.setPeriod(period);
        }
        return c;
    }

    private static void put(Bundle b, Resource r) {
        b.addEntry().setFullUrl(r.fhirType() + "/" + r.getIdElement().getIdPart()).setResource(r).getRequest()
                .setMethod(Bundle.HTTPVerb.PUT).setUrl(r.fhirType() + "/" + r.getIdElement().getIdPart());
    }
}
