package org.fhirgateway.server.rest;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The search parameters stated per type in the CapabilityStatement. The search engine builds its registry from
 * the same source (HAPI's R4 search parameter definitions) but does not yet expose its supported list publicly;
 * when it does, this class should ask the engine instead.
 */
final class SupportedSearchParams {

    private final FhirContext fhir;

    SupportedSearchParams(FhirContext fhir) {
        this.fhir = fhir;
    }

    List<SearchParamInfo> forType(String type) {
        List<SearchParamInfo> result = new ArrayList<>();
        for (RuntimeSearchParam param : fhir.getResourceDefinition(type).getSearchParams()) {
            boolean noPath = param.getPath() == null || param.getPath().isBlank();
            if (noPath || param.getParamType() == null || param.getParamType().getCode().equals("composite")
                    || param.getParamType().getCode().equals("special")) {
                continue;
            }
            result.add(new SearchParamInfo(param.getName(), param.getParamType().getCode(), param.getUri()));
        }
        result.sort(Comparator.comparing(SearchParamInfo::name));
        return result;
    }
}
