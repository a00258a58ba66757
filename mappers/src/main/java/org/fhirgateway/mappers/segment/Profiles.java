package org.fhirgateway.mappers.segment;

import java.util.Map;
import org.hl7.fhir.r4.model.Resource;

/**
 * The gateway profile each mapped resource type conforms to, declared in {@code meta.profile}. The profiles
 * themselves are in the profiles module's package ({@code profiles/src/main/fhir/package}); a test there proves
 * every URL here names one of its StructureDefinitions.
 */
public final class Profiles {

    static final String BASE = "http://fhirgateway.org/fhir/StructureDefinition/gateway-";

    /** Resource type to profile URL, for every type the package profiles. */
    public static final Map<String, String> BY_TYPE = Map.ofEntries(
            profile("Patient"), profile("Encounter"), profile("Condition"), profile("Procedure"),
            profile("Observation"), profile("DiagnosticReport"), profile("Immunization"),
            profile("ServiceRequest"), profile("Specimen"), profile("DocumentReference"), profile("Coverage"),
            profile("Provenance"));

    private Profiles() {
    }

    /** Declares the resource's gateway profile, if its type has one (once, however often it is called). */
    static void declare(Resource resource) {
        String url = BY_TYPE.get(resource.fhirType());
        if (url != null && !resource.getMeta().hasProfile(url)) {
            resource.getMeta().addProfile(url);
        }
    }

    private static Map.Entry<String, String> profile(String type) {
        return Map.entry(type, BASE + type.toLowerCase(java.util.Locale.ROOT));
    }
}
