package org.fhirgateway.server.rest;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.fhirgateway.server.consent.AccessContext;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;

/** Checks every entry of a transaction or batch against the caller's scopes: GET/HEAD need read, the rest write. */
final class BundleScopes {

    private BundleScopes() {}

    static void check(AccessContext ctx, Bundle bundle) {
        int index = 0;
        for (BundleEntryComponent entry : bundle.getEntry()) {
            HTTPVerb method = entry.getRequest().getMethod();
            if (method == null) {
                throw new InvalidRequestException("GW-STORE-007: entry " + index + " has no request.method");
            }
            String type = typeOf(entry);
            boolean read = method == HTTPVerb.GET || method == HTTPVerb.HEAD;
            if (!read && ("Subscription".equals(type) || entry.getResource() != null
                    && "Subscription".equals(entry.getResource().fhirType()))) {
                // a Subscription is checked and served only when written on its own (docs/subscriptions.md)
                throw new InvalidRequestException("GW-SUB-001: entry " + index
                        + ": write a Subscription with its own create, update or delete, not in a Bundle");
            }
            if (read ? !ctx.canRead(type) : !ctx.canWrite(type)) {
                throw RequestAccess.forbidden(ctx, read ? "read" : "write", type + " (entry " + index + ")");
            }
            index++;
        }
    }

    /** The resource type an entry acts on; {@code *} when its URL names none (system-level requests). */
    private static String typeOf(BundleEntryComponent entry) {
        String url = entry.getRequest().getUrl();
        if (url != null && !url.isBlank()) {
            String path = url.startsWith("/") ? url.substring(1) : url;
            int end = path.length();
            for (char stop : new char[] {'/', '?'}) {
                int at = path.indexOf(stop);
                if (at >= 0) {
                    end = Math.min(end, at);
                }
            }
            String first = path.substring(0, end);
            if (!first.isEmpty() && Character.isUpperCase(first.charAt(0))) {
                return first;
            }
        }
        return entry.getResource() != null ? entry.getResource().fhirType() : "*";
    }
}
