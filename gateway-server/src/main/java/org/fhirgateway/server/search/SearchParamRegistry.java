package org.fhirgateway.server.search;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.fhirpath.IFhirPath;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fhirgateway.server.store.StoreError;
import org.fhirgateway.server.store.StoreException;

/**
 * The R4 search parameters of each resource type, parsed once and cached (Caffeine): name, kind, FHIRPath
 * (compiled), targets and Patient-compartment membership.
 */
final class SearchParamRegistry {

    /**
     * R4 leaves Task out of the Patient compartment; the gateway puts a Task in the compartment of its
     * {@code Task.for} patient, so that consent applies to the data-quality work list (report.WorkList).
     */
    private static final String GATEWAY_COMPARTMENT = "Task.patient";

    private final FhirContext fhir;
    private final LoadingCache<String, Map<String, ParamDef>> byType;

    SearchParamRegistry(FhirContext fhir) {
        this.fhir = fhir;
        this.byType = Caffeine.newBuilder().maximumSize(500).build(this::load);
    }

    FhirContext fhir() {
        return fhir;
    }

    boolean isResourceType(String type) {
        return type != null && fhir.getResourceTypes().contains(type);
    }

    Set<String> resourceTypes() {
        return fhir.getResourceTypes();
    }

    /** All parameters of a type; an unknown type is UNKNOWN_RESOURCE_TYPE. */
    Collection<ParamDef> all(String type) {
        requireType(type);
        return byType.get(type).values();
    }

    Optional<ParamDef> find(String type, String name) {
        requireType(type);
        return Optional.ofNullable(byType.get(type).get(name));
    }

    void requireType(String type) {
        if (!isResourceType(type)) {
            throw new StoreException(StoreError.UNKNOWN_RESOURCE_TYPE, "unknown resource type");
        }
    }

    private Map<String, ParamDef> load(String type) {
        RuntimeResourceDefinition def = fhir.getResourceDefinition(type);
        IFhirPath parser = fhir.newFhirPath();
        Map<String, ParamDef> params = new LinkedHashMap<>();
        for (RuntimeSearchParam p : def.getSearchParams()) {
            IFhirPath.IParsedExpression expression = null;
            String path = p.getPath() == null ? "" : p.getPath();
            if (p.getParamType() != RestSearchParameterTypeEnum.COMPOSITE && !path.isBlank()) {
                expression = parse(parser, path);
            }
            Set<String> compartments = p.getProvidesMembershipInCompartments() == null ? Set.of()
                    : Set.copyOf(p.getProvidesMembershipInCompartments());
            if (GATEWAY_COMPARTMENT.equals(type + "." + p.getName())) {
                compartments = Set.of("Patient");
            }
            params.put(p.getName(), new ParamDef(type, p.getName(), p.getParamType(), path,
                    Set.copyOf(p.getTargets()), expression, compartments));
        }
        return params;
    }

    private static IFhirPath.IParsedExpression parse(IFhirPath parser, String path) {
        try {
            return parser.parse(path);
        } catch (Exception e) {
            return null; // a definition our FHIRPath engine cannot parse is simply not indexed
        }
    }
}
