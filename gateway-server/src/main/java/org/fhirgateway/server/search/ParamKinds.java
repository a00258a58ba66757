package org.fhirgateway.server.search;

import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** The kind implementation for each supported parameter type (composite and special are not supported). */
final class ParamKinds {

    private static final Map<RestSearchParameterTypeEnum, ParamKind> KINDS = new EnumMap<>(RestSearchParameterTypeEnum.class);

    static {
        KINDS.put(RestSearchParameterTypeEnum.TOKEN, new TokenKind());
        KINDS.put(RestSearchParameterTypeEnum.STRING, new StringKind());
        KINDS.put(RestSearchParameterTypeEnum.DATE, new DateKind());
        KINDS.put(RestSearchParameterTypeEnum.NUMBER, new NumberKind());
        KINDS.put(RestSearchParameterTypeEnum.QUANTITY, new QuantityKind());
        KINDS.put(RestSearchParameterTypeEnum.URI, new UriKind());
        KINDS.put(RestSearchParameterTypeEnum.REFERENCE, new ReferenceKind());
    }

    private ParamKinds() {
    }

    static Optional<ParamKind> of(ParamDef def) {
        return Optional.ofNullable(KINDS.get(def.kind()));
    }
}
