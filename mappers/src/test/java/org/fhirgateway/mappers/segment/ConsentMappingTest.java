package org.fhirgateway.mappers.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.time.ZoneId;
import java.util.List;
import org.fhirgateway.mappers.MapperConfig;
import org.fhirgateway.mappers.MappingException;
import org.fhirgateway.mappers.MappingIssue;
import org.fhirgateway.mappers.MappingResult;
import org.fhirgateway.mappers.MessageMapper;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/** PD1-11/PD1-12 to the Patient's confidentiality label, and CON to a privacy Consent, on ADT messages. */
class ConsentMappingTest {

    private static final MessageMapper MAPPER =
            new MessageMapper(MapperConfig.defaults().withDefaultZone(ZoneId.of("Europe/Berlin")));
    private static final String CONFIDENTIALITY = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";

    private static final String MSH = "MSH|^~\\&|REGADT|GOOD HEALTH HOSPITAL^1.2.840.114350.1.13.99998.8734^ISO|GHH LAB|ELAB-3"
            + "|20240315083000||ADT^A04^ADT_A01|CTRL-%s|P|2.6|||AL|NE||UNICODE UTF-8";
    private static final String EVN = "EVN|A04|20240315082500";
    private static final String PID = "PID|1||MRN-0042^^^GHH^MR||Everyman^Adam^Alan^^Mr^^L||19800214|M"
            + "|||2222 Home Street^^Ann Arbor^MI^48104^USA^H";
    private static final String PV1 = "PV1|1|O|CLINIC^^^GHH||||0100^Attend^Anna^^^Dr||||||||||||VN-1^^^GHH^VN";

    private static MappingResult map(String control, String... segments) {
        StringBuilder message = new StringBuilder(MSH.formatted(control)).append('\r').append(EVN).append('\r')
                .append(PID).append('\r');
        for (String segment : segments) {
            message.append(segment).append('\r');
        }
        message.append(PV1).append('\r');
        try {
            return MAPPER.map(message.toString());
        } catch (MappingException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    private static <T extends Resource> List<T> resources(Bundle bundle, Class<T> type) {
        return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(type::isInstance).map(type::cast).toList();
    }

    private static Patient patient(MappingResult result) {
        List<Patient> patients = resources(result.bundle(), Patient.class);
        assertEquals(1, patients.size());
        return patients.get(0);
    }

    private static List<String> confidentiality(Patient patient) {
        return patient.getMeta().getSecurity().stream()
                .peek(c -> assertEquals(CONFIDENTIALITY, c.getSystem()))
                .peek(c -> assertFalse(c.hasExtension(), "the sender's assertion carries no gateway extension"))
                .map(Coding::getCode).toList();
    }

    private static boolean reported(MappingResult result, String field) {
        return result.issues().stream().map(MappingIssue::field).anyMatch(field::equals);
    }

    @Test
    void protectionIndicatorYesMakesThePatientRestricted() {
        MappingResult result = map("1", "PD1|||Good Health Clinic^^GHC-1|||||||||Y");
        assertEquals(List.of("R"), confidentiality(patient(result)));
        assertFalse(reported(result, "PD1-12"), result.issues().toString());
    }

    @Test
    void protectionIndicatorNoIsExplicitlyNormal() {
        MappingResult result = map("2", "PD1||||||||||||N");
        assertEquals(List.of("N"), confidentiality(patient(result)));
        assertFalse(reported(result, "PD1-12"), result.issues().toString());
    }

    @Test
    void noPublicityIsRestrictedAndOtherPublicityCodesAreReported() {
        MappingResult none = map("3", "PD1|||||||||||N^No Publicity^HL70215");
        assertEquals(List.of("R"), confidentiality(patient(none)));
        assertFalse(reported(none, "PD1-11"), none.issues().toString());

        MappingResult both = map("4", "PD1|||||||||||N^No Publicity^HL70215|N");
        assertEquals(List.of("R"), confidentiality(patient(both)), "the restrictive one wins, one label");

        MappingResult family = map("5", "PD1|||||||||||F^Family only^HL70215");
        assertEquals(List.of(), confidentiality(patient(family)));
        assertTrue(reported(family, "PD1-11"), "a publicity code that is not N stays reported");

        MappingResult odd = map("6", "PD1||||||||||||X");
        assertEquals(List.of(), confidentiality(patient(odd)));
        assertTrue(reported(odd, "PD1-12"));
    }

    @Test
    void activeReleaseOfInformationConsentWithDates() {
        MappingResult result = map("7", "PD1|||Good Health Clinic^^GHC-1",
                "CON|1|001^Release of Information/MR / Authorization to Disclosure Protected Health Information^HL70496"
                        + "||CF-123^GHH||||||W|A||20240301101500|20240301|20250228");
        List<Consent> consents = resources(result.bundle(), Consent.class);
        assertEquals(1, consents.size());
        Consent consent = consents.get(0);
        assertEquals(Consent.ConsentState.ACTIVE, consent.getStatus());
        assertEquals("http://terminology.hl7.org/CodeSystem/consentscope", consent.getScope().getCodingFirstRep().getSystem());
        assertEquals("patient-privacy", consent.getScope().getCodingFirstRep().getCode());
        assertEquals("http://loinc.org", consent.getCategoryFirstRep().getCodingFirstRep().getSystem());
        assertEquals("59284-0", consent.getCategoryFirstRep().getCodingFirstRep().getCode());
        assertEquals("001", consent.getCategory().get(1).getCodingFirstRep().getCode());
        assertEquals(patientFullUrl(result), consent.getPatient().getReference());
        assertEquals("2024-03-01T10:15:00+01:00", consent.getDateTimeElement().getValueAsString());
        assertEquals(Consent.ConsentProvisionType.PERMIT, consent.getProvision().getType());
        assertEquals("2024-03-01", consent.getProvision().getPeriod().getStartElement().getValueAsString());
        assertEquals("2025-02-28", consent.getProvision().getPeriod().getEndElement().getValueAsString());
        assertEquals("CF-123", consent.getIdentifierFirstRep().getValue(), "CON-4 is the business identifier");
        Bundle.BundleEntryComponent entry = entryOf(result.bundle(), consent);
        assertEquals(Bundle.HTTPVerb.PUT, entry.getRequest().getMethod());
        assertTrue(entry.getRequest().getUrl().startsWith("Consent?identifier="), entry.getRequest().getUrl());
        assertTrue(reported(result, "CON-10"), "consent mode is not mapped, and says so");
        assertFalse(reported(result, "CON-14"));
    }

    @Test
    void refusedConsentIsAnActiveDenyAndRescindedOneIsInactiveOnTheSameResource() {
        String type = "001^Release of Information^HL70496";
        MappingResult refused = map("8", "CON|1|" + type + "|||||||||R||20240301|20240301");
        Consent deny = resources(refused.bundle(), Consent.class).get(0);
        assertEquals(Consent.ConsentState.ACTIVE, deny.getStatus());
        assertEquals(Consent.ConsentProvisionType.DENY, deny.getProvision().getType());

        MappingResult granted = map("9", "CON|1|" + type + "|||||||||A||20240301|20240301");
        MappingResult rescinded = map("10", "CON|1|" + type + "|||||||||X||20240401|20240301|20240401");
        Consent inactive = resources(rescinded.bundle(), Consent.class).get(0);
        assertEquals(Consent.ConsentState.INACTIVE, inactive.getStatus());
        assertFalse(inactive.getProvision().hasType(), "a rescinded consent permits nothing");
        Consent permit = resources(granted.bundle(), Consent.class).get(0);
        assertEquals(permit.getIdentifierFirstRep().getValue(), inactive.getIdentifierFirstRep().getValue(),
                "the rescission updates the consent it ends");
        assertEquals(entryOf(granted.bundle(), permit).getRequest().getUrl(),
                entryOf(rescinded.bundle(), inactive).getRequest().getUrl());
    }

    @Test
    void unknownTypesAndStatusesAreReportedAndNeverPermit() {
        MappingResult procedure = map("11", "CON|1|002^Medical Procedure (invasive)^HL70496|||||||||A");
        assertEquals(List.of(), resources(procedure.bundle(), Consent.class));
        assertTrue(reported(procedure, "CON-2"));

        MappingResult untyped = map("12", "CON|1||||||||||A");
        assertEquals(List.of(), resources(untyped.bundle(), Consent.class));
        assertTrue(reported(untyped, "CON-2"));

        MappingResult bypassed = map("13", "CON|1|001^Release of Information^HL70496|||||||||B");
        assertEquals(List.of(), resources(bypassed.bundle(), Consent.class));
        assertTrue(reported(bypassed, "CON-11"));

        MappingResult limited = map("14", "CON|1|001^Release of Information^HL70496|||||||no HIV results||L");
        Consent consent = resources(limited.bundle(), Consent.class).get(0);
        assertEquals(Consent.ConsentState.ACTIVE, consent.getStatus());
        assertNull(consent.getProvision().getType(), "limitations are free text: no permit is guessed");
        assertTrue(reported(limited, "CON-11"));
        assertTrue(reported(limited, "CON-9"));
    }

    @Test
    void aMessageWithoutThemIsUnchanged() {
        MappingResult plain = map("15", "PD1|||Good Health Clinic^^GHC-1");
        assertEquals(List.of(), confidentiality(patient(plain)));
        assertFalse(patient(plain).hasMeta() && patient(plain).getMeta().hasSecurity());
        assertEquals(List.of(), resources(plain.bundle(), Consent.class));
        assertTrue(plain.issues().stream().noneMatch(i -> i.segment().equals("CON") || i.segment().equals("PD1")),
                plain.issues().toString());
        String json = FhirContext.forR4Cached().newJsonParser().encodeResourceToString(patient(plain));
        assertFalse(json.contains("security"), json);
    }

    private static String patientFullUrl(MappingResult result) {
        return result.bundle().getEntry().stream().filter(e -> e.getResource() instanceof Patient)
                .findFirst().orElseThrow().getFullUrl();
    }

    private static Bundle.BundleEntryComponent entryOf(Bundle bundle, Resource resource) {
        return bundle.getEntry().stream().filter(e -> e.getResource() == resource).findFirst().orElseThrow();
    }
}
