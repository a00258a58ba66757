package org.fhirgateway.server.store;

import java.util.Collection;
import java.util.TreeSet;
import org.fhirgateway.server.consent.SecurityLabel;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Resource;

/** The 64-bit form of security labels in {@code resource.labels}, {@code resource_version.labels} and consent rules. */
public final class LabelHashes {

    private LabelHashes() {
    }

    public static long of(SecurityLabel label) {
        return of(label.system(), label.code());
    }

    static long of(String system, String code) {
        return IndexHash.hash("security-label", system == null ? "" : system, code);
    }

    /** The resource's {@code meta.security} labels, sorted and without repeats. */
    static Long[] of(Resource resource) {
        TreeSet<Long> hashes = new TreeSet<>();
        if (resource != null) {
            for (Coding c : resource.getMeta().getSecurity()) {
                if (c.hasCode()) {
                    hashes.add(of(c.getSystem(), c.getCode()));
                }
            }
        }
        return hashes.toArray(Long[]::new);
    }

    /** A PostgreSQL {@code bigint[]} literal of the labels' hashes (numbers from code, safe to inline). */
    static String arrayLiteral(Collection<SecurityLabel> labels) {
        TreeSet<Long> hashes = new TreeSet<>();
        labels.forEach(l -> hashes.add(of(l)));
        StringBuilder sb = new StringBuilder("'{");
        boolean first = true;
        for (Long h : hashes) {
            sb.append(first ? "" : ",").append(h);
            first = false;
        }
        return sb.append("}'::bigint[]").toString();
    }
}
