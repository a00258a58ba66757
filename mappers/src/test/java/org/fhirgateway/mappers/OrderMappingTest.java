package org.fhirgateway.mappers;

import static org.fhirgateway.mappers.TestMessages.map;
import static org.fhirgateway.mappers.TestMessages.only;
import static org.fhirgateway.mappers.TestMessages.resources;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Specimen;
import org.hl7.fhir.r4.model.Timing;
import org.junit.jupiter.api.Test;

/** ORC, OBR, TQ1 to ServiceRequest and SPM to Specimen, on the corpus OML^O21 (every field checked against the v2). */
class OrderMappingTest {

    private final MappingResult result = map("corpus/OML-O21-01.hl7");
    private final Bundle bundle = result.bundle();
    private final ServiceRequest request = only(bundle, ServiceRequest.class);

    private static Identifier typed(ServiceRequest request, String type) {
        return request.getIdentifier().stream()
                .filter(i -> i.getType().getCodingFirstRep().getCode().equals(type)).findFirst().orElseThrow();
    }

    @Test
    void orcToServiceRequest() {
        // ORC|NW|1101^GHHPlacer|1201^GHHFiller||SC|...|202110201126+0215|...|3850^ORDPROVIDER^JONES
        assertEquals("1101", typed(request, "PLAC").getValue());
        assertEquals("urn:fhirgateway:authority:GHHPlacer", typed(request, "PLAC").getSystem());
        assertEquals("1201", typed(request, "FILL").getValue());
        assertEquals("http://terminology.hl7.org/CodeSystem/v2-0203", typed(request, "FILL").getType()
                .getCodingFirstRep().getSystem());
        assertEquals(ServiceRequest.ServiceRequestStatus.ACTIVE, request.getStatus(), "ORC-5 SC (in process, scheduled)");
        assertEquals(ServiceRequest.ServiceRequestIntent.ORDER, request.getIntent());
        assertEquals("2021-10-20T11:26:00+02:15", request.getAuthoredOnElement().getValueAsString(), "ORC-9");
        Practitioner requester = resources(bundle, Practitioner.class).stream()
                .filter(p -> p.getIdentifierFirstRep().getValue().equals("3850")).findFirst().orElseThrow();
        assertEquals("ORDPROVIDER", requester.getNameFirstRep().getFamily(), "ORC-12 before OBR-16");
        assertTrue(request.getRequester().getReference().startsWith("urn:uuid:"));
        assertEquals(bundle.getEntry().get(0).getFullUrl(), request.getSubject().getReference(), "the Patient");
        assertEquals(2, request.getIdentifier().size(), "placer and filler, no gateway key");
    }

    @Test
    void obrToServiceRequest() {
        // OBR|1|||57698-3^Lipid panel with direct LDL - Serum or Plasma^LN||202110201200+0215|...
        assertEquals("57698-3", request.getCode().getCodingFirstRep().getCode());
        assertEquals("http://loinc.org", request.getCode().getCodingFirstRep().getSystem());
        Timing timing = request.getOccurrenceTiming();
        assertEquals("2021-10-20T12:00:00+02:15", timing.getEvent().get(0).getValueAsString(),
                "OBR-6 (requested time) kept as the timing's event when TQ1 gives the timing");
    }

    @Test
    void tq1ToTiming() {
        // TQ1|1||Once^^^^1^d&Day&ANS+^^AC^1^hr&Hour&ANS+|||1^d&Day&ANS+|||R|Pain|Fasting Sugar||15^min&minute&ANS+|1
        Timing timing = request.getOccurrenceTiming();
        assertEquals("Once", timing.getCode().getCodingFirstRep().getCode(), "TQ1-3, not a GTS abbreviation");
        assertFalse(timing.getCode().getCodingFirstRep().hasSystem());
        assertEquals(1, timing.getRepeat().getCount(), "TQ1-14");
        assertEquals(ServiceRequest.ServiceRequestPriority.ROUTINE, request.getPriority(), "TQ1-9 R");
        assertEquals("Fasting Sugar", request.getNoteFirstRep().getText(), "TQ1-11");
        List<String> issues = result.issues().stream().map(MappingIssue::toString).toList();
        assertTrue(issues.contains("TQ1 TQ1-6: field not mapped"), issues.toString());
    }

    @Test
    void dg1AndObxBelongToTheOrder() {
        Condition reason = only(bundle, Condition.class);
        assertEquals("E10.9", reason.getCode().getCodingFirstRep().getCode());
        assertEquals(1, request.getReasonReference().size(), "the DG1 of the order is its reason");
        List<Observation> observations = resources(bundle, Observation.class);
        assertEquals(4, observations.size(), "OBX of the order and of its specimen");
        assertEquals(4, request.getSupportingInfo().size());
        long withSpecimen = observations.stream().filter(Observation::hasSpecimen).count();
        assertEquals(2, withSpecimen, "the two OBX after the SPM");
    }

    @Test
    void spmToSpecimen() {
        // SPM|1|2012545^2012999999&IA PHIMS Stage&2.16.840.1.114222.4.3.3.5.1.2&ISO|PAI12^FAI12|ASERU^Serum^^FUR...
        Specimen specimen = only(bundle, Specimen.class);
        Identifier filler = specimen.getIdentifier().stream()
                .filter(i -> i.getType().getCodingFirstRep().getCode().equals("FILL")).findFirst().orElseThrow();
        assertEquals("2012999999", filler.getValue());
        assertEquals("urn:oid:2.16.840.1.114222.4.3.3.5.1.2", filler.getSystem());
        assertEquals("FAI12", specimen.getParentFirstRep().getIdentifier().getValue(), "SPM-3 filler part");
        assertEquals("ASERU", specimen.getType().getCodingFirstRep().getCode());
        assertEquals("STUTM", specimen.getContainerFirstRep().getAdditiveCodeableConcept().getCodingFirstRep().getCode());
        assertEquals("BCAE", specimen.getCollection().getMethod().getCodingFirstRep().getCode());
        assertEquals("BAP", specimen.getCollection().getBodySite().getCodingFirstRep().getCode());
        assertEquals(40, specimen.getCollection().getQuantity().getValue().intValue(), "SPM-12 40^&lbs");
        assertEquals("lbs", specimen.getCollection().getQuantity().getUnit());
        assertEquals("This is a specimen resource", specimen.getNoteFirstRep().getText());
        assertEquals("2011-01-03T14:34:28-08:00", specimen.getCollection().getCollectedPeriod().getStartElement()
                .getValueAsString());
        assertEquals("2011-11-03T14:34:28-08:00", specimen.getCollection().getCollectedPeriod().getEndElement()
                .getValueAsString());
        assertEquals("2012-03-01", specimen.getReceivedTimeElement().getValueAsString());
        assertEquals(Specimen.SpecimenStatus.AVAILABLE, specimen.getStatus(), "SPM-20 Y");
        assertEquals("AUT", specimen.getConditionFirstRep().getCodingFirstRep().getCode());
        assertEquals("T-container", specimen.getContainerFirstRep().getType().getCodingFirstRep().getCode());
        assertEquals(1, specimen.getRequest().size());
        assertEquals(1, request.getSpecimen().size());
        assertEquals(request.getSpecimenFirstRep().getReference(), bundle.getEntry().stream()
                .filter(e -> e.getResource() == specimen).findFirst().orElseThrow().getFullUrl());
    }

    @Test
    void ormAndOmgMapToo() {
        assertEquals(2, resources(map("corpus/ORM-O01-03.hl7").bundle(), ServiceRequest.class).size(), "two ORC/OBR");
        assertTrue(resources(map("corpus/OMG-O19-02.hl7").bundle(), Specimen.class).size() >= 3);
    }
}
