package org.fhirgateway.server.store;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Rewrites the references of a resource inside a transaction: {@code urn:uuid:} (and any other fullUrl of the
 * bundle) to the id assigned to that entry, and conditional references {@code Type?criteria} to the one match.
 */
final class ReferenceRewriter {

    private final FhirTerser terser;
    private final ConditionalMatcher matcher;

    ReferenceRewriter(FhirContext fhir, ConditionalMatcher matcher) {
        this.terser = fhir.newTerser();
        this.matcher = matcher;
    }

    void rewrite(Tx tx, Resource resource, Map<String, String> fullUrlToId) throws SQLException {
        List<Reference> references = terser.getAllPopulatedChildElementsOfType(resource, Reference.class);
        for (Reference reference : references) {
            if (!reference.hasReference()) {
                continue;
            }
            String ref = reference.getReference();
            String mapped = fullUrlToId.get(ref);
            if (mapped != null) {
                reference.setReference(mapped);
            } else if (ref.startsWith("urn:uuid:") || ref.startsWith("urn:oid:")) {
                throw new StoreException(StoreError.UNRESOLVED_REFERENCE,
                        "a urn reference matches no fullUrl in the bundle");
            } else if (isConditional(ref)) {
                reference.setReference(resolveConditional(tx, ref));
            }
        }
    }

    static boolean isConditional(String ref) {
        int q = ref.indexOf('?');
        return q > 0 && ref.lastIndexOf('/', q) < 0 && Character.isUpperCase(ref.charAt(0));
    }

    private String resolveConditional(Tx tx, String ref) throws SQLException {
        int q = ref.indexOf('?');
        String type = ref.substring(0, q);
        List<String> ids = matcher.matchIds(tx.query(), type, ref.substring(q + 1), 2);
        if (ids.size() > 1) {
            throw new StoreException(StoreError.MULTIPLE_MATCHES, "conditional reference to " + type
                    + " matches more than one resource");
        }
        if (ids.isEmpty()) {
            throw new StoreException(StoreError.UNRESOLVED_REFERENCE, "conditional reference to " + type
                    + " matches nothing");
        }
        return type + "/" + ids.get(0);
    }
}
