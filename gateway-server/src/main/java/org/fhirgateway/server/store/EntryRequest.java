package org.fhirgateway.server.store;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * One parsed Bundle entry request. Exactly one of {@code id} and {@code criteria} is set for PUT and DELETE;
 * {@code id} is null for POST; GET has an id (read, vread with {@code version}) or criteria (search).
 */
record EntryRequest(int index, Bundle.HTTPVerb verb, Target target, Long ifMatch, String ifNoneExist,
        String fullUrl, Resource resource) {

    /** The parsed request URL. */
    record Target(String type, String id, String criteria, Long version) {
    }

    static EntryRequest parse(int index, Bundle.BundleEntryComponent entry) {
        Bundle.BundleEntryRequestComponent request = entry.getRequest();
        if (request == null || request.getMethod() == null || !request.hasUrl()) {
            throw invalid(index, "request.method and request.url are required");
        }
        Bundle.HTTPVerb verb = request.getMethod();
        Target target = parseUrl(index, request.getUrl());
        Resource resource = entry.getResource() == null ? null : entry.getResource().copy();
        if (resource != null && isUrn(resource.getIdElement().getValue())) {
            // a JSON/XML parser copies a urn:uuid: fullUrl into Resource.id; that is a placeholder, not an id
            resource.setIdElement(new org.hl7.fhir.r4.model.IdType());
        }
        if ((verb == Bundle.HTTPVerb.POST || verb == Bundle.HTTPVerb.PUT) && resource == null) {
            throw invalid(index, verb + " needs a resource");
        }
        if (resource != null && !resource.fhirType().equals(target.type())) {
            throw invalid(index, "resource type does not match request.url");
        }
        if (verb == Bundle.HTTPVerb.PUT && target.id() == null && target.criteria() == null) {
            throw invalid(index, "PUT needs Type/id or Type?criteria");
        }
        if (verb == Bundle.HTTPVerb.DELETE && target.id() == null && target.criteria() == null) {
            throw invalid(index, "DELETE needs Type/id or Type?criteria");
        }
        if (verb == Bundle.HTTPVerb.PATCH || verb == Bundle.HTTPVerb.HEAD || verb == Bundle.HTTPVerb.NULL) {
            throw new StoreException(StoreError.UNSUPPORTED_OPERATION, "entry " + index + ": " + verb
                    + " is not supported in bundles");
        }
        Long ifMatch = request.hasIfMatch() ? parseVersion(index, request.getIfMatch()) : null;
        String ifNoneExist = request.hasIfNoneExist() ? stripQuestionMark(request.getIfNoneExist()) : null;
        return new EntryRequest(index, verb, target, ifMatch, ifNoneExist, entry.getFullUrl(), resource);
    }

    static Target parseUrl(int index, String url) {
        String u = url.startsWith("/") ? url.substring(1) : url;
        int q = u.indexOf('?');
        String path = q < 0 ? u : u.substring(0, q);
        String query = q < 0 ? null : u.substring(q + 1);
        String[] segments = path.split("/");
        if (segments.length == 0 || segments[0].isEmpty() || !Character.isUpperCase(segments[0].charAt(0))) {
            throw invalid(index, "request.url must be relative: Type, Type/id or Type?criteria");
        }
        String type = segments[0];
        String id = segments.length > 1 ? segments[1] : null;
        Long version = null;
        if (segments.length == 4 && "_history".equals(segments[2])) {
            version = parseVersion(index, segments[3]);
        } else if (segments.length > 2) {
            throw invalid(index, "unsupported request.url form");
        }
        return new Target(type, id, query == null || query.isEmpty() ? null : query, version);
    }

    static Long parseVersion(int index, String etag) {
        String v = etag.trim();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        v = v.replace("\"", "");
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw invalid(index, "version must be a number");
        }
    }

    private static boolean isUrn(String value) {
        return value != null && (value.startsWith("urn:uuid:") || value.startsWith("urn:oid:"));
    }

    private static String stripQuestionMark(String s) {
        int q = s.indexOf('?');
        return q >= 0 ? s.substring(q + 1) : s;
    }

    private static StoreException invalid(int index, String message) {
        return new StoreException(StoreError.INVALID_BUNDLE, "entry " + index + ": " + message);
    }
}
