package org.fhirgateway.mappers;

import static org.fhirgateway.mappers.TestMessages.map;
import static org.fhirgateway.mappers.TestMessages.only;
import static org.fhirgateway.mappers.TestMessages.resources;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;

/** MDM: TXA to DocumentReference and its OBX to the content, on the corpus MDM messages. */
class DocumentMappingTest {

    private static Practitioner practitioner(Bundle bundle, String fullUrl) {
        return (Practitioner) bundle.getEntry().stream().filter(e -> e.getFullUrl().equals(fullUrl)).findFirst()
                .orElseThrow().getResource();
    }

    @Test
    void txaToDocumentReference() {
        // TXA|1|DI|TX|200801311555+0215||200801311600+0215|||IvanDoctorovich|||1.2.840.317.5947431.51.20080131160038
        //    |1.2.840.317.5947431.51.20080131155715|00012345|1-1||AU|||||54321^Doctorovich^Ivan...
        Bundle bundle = map("corpus/MDM-T10-02.hl7").bundle();
        DocumentReference document = only(bundle, DocumentReference.class);
        assertEquals("1.2.840.317.5947431.51.20080131160038", document.getMasterIdentifier().getValue(), "TXA-12");
        assertEquals(document.getMasterIdentifier().getValue(), document.getIdentifierFirstRep().getValue());
        assertEquals(DocumentReferenceStatus.CURRENT, document.getStatus(), "TXA-19 empty");
        assertEquals(DocumentReference.ReferredDocumentStatus.FINAL, document.getDocStatus(), "TXA-17 AU");
        assertEquals("DI", document.getType().getCodingFirstRep().getCode());
        assertEquals("2008-01-31T16:00:00+02:15", document.getDateElement().getValueAsString(), "TXA-6");
        assertEquals("2008-01-31T15:55:00+02:15", document.getContext().getPeriod().getStartElement()
                .getValueAsString(), "TXA-4 activity time");
        assertEquals("IvanDoctorovich", practitioner(bundle, document.getAuthorFirstRep().getReference())
                .getIdentifierFirstRep().getValue(), "TXA-9");
        assertEquals("54321", practitioner(bundle, document.getAuthenticator().getReference())
                .getIdentifierFirstRep().getValue(), "TXA-22 when TXA-10 is empty");
    }

    @Test
    void aReplacementReplacesTheParentDocument() {
        DocumentReference document = only(map("corpus/MDM-T10-02.hl7").bundle(), DocumentReference.class);
        assertEquals(DocumentReference.DocumentRelationshipType.REPLACES, document.getRelatesToFirstRep().getCode());
        assertEquals("1.2.840.317.5947431.51.20080131155715", document.getRelatesToFirstRep().getTarget()
                .getIdentifier().getValue(), "TXA-13");
        DocumentReference addendum = only(map("corpus/MDM-T06-02.hl7").bundle(), DocumentReference.class);
        assertEquals(DocumentReference.DocumentRelationshipType.APPENDS, addendum.getRelatesToFirstRep().getCode());
    }

    @Test
    void textObxAreOneAttachment() {
        DocumentReference document = only(map("corpus/MDM-T10-02.hl7").bundle(), DocumentReference.class);
        assertEquals(1, document.getContent().size());
        assertEquals("text/plain; charset=utf-8", document.getContentFirstRep().getAttachment().getContentType());
        assertEquals("Toilet cylinder crackers model step-mother visor opening communication\n"
                + "Columnist draft inn brown income ikebana circulation prince",
                new String(document.getContentFirstRep().getAttachment().getData(), StandardCharsets.UTF_8));
    }

    @Test
    void theDocumentIsRelatedToTheOrdersOfItsMessage() {
        Bundle bundle = map("corpus/MDM-T10-02.hl7").bundle();
        DocumentReference document = only(bundle, DocumentReference.class);
        List<ServiceRequest> orders = resources(bundle, ServiceRequest.class);
        assertEquals(2, orders.size(), "two ORC/OBR groups");
        assertEquals(2, document.getContext().getRelated().size());
        assertTrue(document.getContext().hasEncounter());
    }

    @Test
    void aNotificationWithoutContentSaysWhatItIs() {
        MappingResult result = map("corpus/MDM-T01-01.hl7");
        DocumentReference document = only(result.bundle(), DocumentReference.class);
        assertEquals(1, document.getContent().size(), "R4 requires one");
        assertFalse(document.getContentFirstRep().getAttachment().hasData());
        assertEquals("text/plain", document.getContentFirstRep().getAttachment().getContentType(), "TXA-3 TX");
    }

    @Test
    void anEmptyEncapsulatedDocumentIsReported() {
        MappingResult result = map("corpus/MDM-T02-01.hl7");
        List<String> issues = result.issues().stream().map(MappingIssue::toString).toList();
        assertTrue(issues.contains("OBX[2] OBX-5: encapsulated data is empty, not mapped"), issues.toString());
        assertTrue(issues.contains("OBX OBX-2: value type HD is not document content, not mapped"), issues.toString());
    }
}
