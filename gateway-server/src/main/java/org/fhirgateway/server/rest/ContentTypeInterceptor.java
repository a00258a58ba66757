package org.fhirgateway.server.rest;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import java.util.Locale;
import java.util.Set;

/**
 * A request that carries a body must say it is FHIR JSON or XML (or a form, for POST _search): anything else is
 * 415 Unsupported Media Type rather than a guess.
 */
public final class ContentTypeInterceptor {

    private static final Set<String> FHIR_TYPES = Set.of(
            "application/fhir+json", "application/json", "application/json+fhir",
            "application/fhir+xml", "application/xml", "application/xml+fhir", "text/xml");
    private static final String FORM = "application/x-www-form-urlencoded";

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public boolean check(RequestDetails request) {
        RequestTypeEnum method = request.getRequestType();
        if (method != RequestTypeEnum.POST && method != RequestTypeEnum.PUT && method != RequestTypeEnum.PATCH) {
            return true;
        }
        String header = request.getHeader("Content-Type");
        String type = header == null ? "" : header.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        boolean search = "_search".equals(request.getOperation());
        if (type.isEmpty() && (search || isEmpty(request))) {
            return true;
        }
        if (FHIR_TYPES.contains(type) || (search && FORM.equals(type))) {
            return true;
        }
        throw new UnclassifiedServerFailureException(415, "GW-HTTP-415: unsupported Content-Type '" + type
                + "'; send application/fhir+json or application/fhir+xml");
    }

    private static boolean isEmpty(RequestDetails request) {
        byte[] body = request.loadRequestContents();
        return body == null || body.length == 0;
    }
}
