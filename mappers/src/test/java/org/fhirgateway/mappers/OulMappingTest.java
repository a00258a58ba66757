package org.fhirgateway.mappers;

import static org.fhirgateway.mappers.TestMessages.map;
import static org.fhirgateway.mappers.TestMessages.resources;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Specimen;
import org.junit.jupiter.api.Test;

/** OUL^R22 (specimen groups holding orders, ORC after its OBR) and OUL^R24 (orders holding specimens). */
class OulMappingTest {

    private static Specimen resolve(Bundle bundle, String fullUrl) {
        return (Specimen) bundle.getEntry().stream().filter(e -> e.getFullUrl().equals(fullUrl)).findFirst()
                .orElseThrow().getResource();
    }

    @Test
    void eachReportHasTheSpecimenOfItsGroup() {
        // SPM|1|2017-PAT-123456-1&L|... OBR ... ORC|SC|||...|CM ; SPM|1|2018-PAT-123456-1&L|... OBR ... ORC
        Bundle bundle = map("corpus/OUL-R22-02.hl7").bundle();
        List<DiagnosticReport> reports = resources(bundle, DiagnosticReport.class);
        assertEquals(2, reports.size());
        assertEquals(2, resources(bundle, Specimen.class).size());
        assertEquals("2017-PAT-123456-1", resolve(bundle, reports.get(0).getSpecimenFirstRep().getReference())
                .getIdentifierFirstRep().getValue());
        assertEquals("2018-PAT-123456-1", resolve(bundle, reports.get(1).getSpecimenFirstRep().getReference())
                .getIdentifierFirstRep().getValue());
        for (DiagnosticReport report : reports) {
            assertEquals(1, report.getSpecimen().size());
        }
    }

    @Test
    void theOrcAfterTheObrIsItsOrder() {
        Bundle bundle = map("corpus/OUL-R22-02.hl7").bundle();
        for (ServiceRequest request : resources(bundle, ServiceRequest.class)) {
            assertEquals(ServiceRequest.ServiceRequestStatus.COMPLETED, request.getStatus(), "ORC-5 CM");
        }
    }

    @Test
    void r24SpecimensBelongToTheOrderBeforeThem() {
        Bundle bundle = map("corpus/OUL-R24-02.hl7").bundle();
        List<DiagnosticReport> reports = resources(bundle, DiagnosticReport.class);
        assertEquals(2, reports.size());
        assertEquals(1, reports.get(0).getSpecimen().size(), "the SPM inside the first order");
        assertEquals(0, reports.get(1).getSpecimen().size());
    }
}
