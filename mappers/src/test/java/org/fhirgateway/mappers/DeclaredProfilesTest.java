package org.fhirgateway.mappers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.fhirgateway.mappers.segment.Profiles;
import org.fhirgateway.profiles.ConformancePackage;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.Test;

/** Every profile the mappers declare is in the profiles package, for the type it profiles, and is declared. */
class DeclaredProfilesTest {

    @Test
    void everyDeclaredProfileIsAPackageProfileOfThatType() {
        Map<String, String> typeByUrl = ConformancePackage.load(FhirContext.forR4Cached()).stream()
                .filter(r -> r instanceof StructureDefinition).map(r -> (StructureDefinition) r)
                .collect(Collectors.toMap(StructureDefinition::getUrl, StructureDefinition::getType));
        Profiles.BY_TYPE.forEach((type, url) -> assertEquals(type, typeByUrl.get(url), url));
    }

    @Test
    void mappedResourcesDeclareTheirProfile() throws MappingException {
        Bundle bundle = TestMessages.map("corpus/ORU-R01-01.hl7").bundle();
        Set<String> declared = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(r -> Profiles.BY_TYPE.containsKey(r.fhirType()))
                .peek(r -> assertTrue(r.getMeta().hasProfile(Profiles.BY_TYPE.get(r.fhirType())), r.fhirType()))
                .map(r -> r.fhirType()).collect(Collectors.toSet());
        assertTrue(declared.containsAll(Set.of("Patient", "Observation", "DiagnosticReport", "Provenance")), declared.toString());
    }
}
