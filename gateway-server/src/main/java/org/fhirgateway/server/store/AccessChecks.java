package org.fhirgateway.server.store;

import org.fhirgateway.server.consent.AccessContext;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Resource;

/** Scope and security-label checks for the single-resource paths (searches do the same inside their SQL). */
final class AccessChecks {

    private AccessChecks() {
    }

    static void requireRead(AccessContext ctx, String type) {
        if (!ctx.canRead(type)) {
            throw new StoreException(StoreError.ACCESS_DENIED, "no read scope for " + type);
        }
    }

    static void requireWrite(AccessContext ctx, String type) {
        if (!ctx.canWrite(type)) {
            throw new StoreException(StoreError.ACCESS_DENIED, "no write scope for " + type);
        }
    }

    /** True when the resource carries a security label the caller may not see. */
    static boolean hidden(AccessContext ctx, Resource resource) {
        if (resource == null || ctx.deniedSecurityLabels().isEmpty()) {
            return false;
        }
        for (Coding label : resource.getMeta().getSecurity()) {
            String key = (label.hasSystem() ? label.getSystem() : "") + "|" + label.getCode();
            if (ctx.deniedSecurityLabels().contains(key)) {
                return true;
            }
        }
        return false;
    }
}
