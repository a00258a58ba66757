package org.fhirgateway.server.export;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.search.FhirSearch;
import org.fhirgateway.server.search.Handling;
import org.fhirgateway.server.search.SearchRequest;
import org.fhirgateway.server.search.SearchResult;
import org.fhirgateway.server.store.FhirStore;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Resource;

/**
 * The patients of a cohort Group, as of now. A Group names its members in two ways, which add up:
 * <ul>
 *   <li>{@code member.entity}: {@code Patient/[id]} references (members marked {@code inactive} are left out);</li>
 *   <li>criteria: one or more {@value #MEMBER_QUERY} extensions, each a FHIR search ({@code valueString}) such as
 *       {@code Condition?code:below=http://hl7.org/fhir/sid/icd-10-cm|C}; a patient is a member when a resource the
 *       search finds is in its compartment (a {@code Patient?...} search finds the patients themselves).</li>
 * </ul>
 * The criteria run through {@link FhirSearch} with the export owner's AccessContext when the job is planned, so a
 * criteria Group is always current and finds only what its owner may see.
 */
final class GroupMembers {

    static final String MEMBER_QUERY = "http://fhirgateway.org/fhir/StructureDefinition/group-member-query";
    /** Bounds a Group's criteria: the most patients one job plans. */
    static final int MAX_MEMBERS = 1_000_000;

    private final FhirStore store;
    private final FhirSearch search;

    GroupMembers(FhirStore store, FhirSearch search) {
        this.store = store;
        this.search = search;
    }

    /** The Group, read as its owner may read it (404 or 403 as a read). */
    Group read(AccessContext ctx, String id) {
        return (Group) store.read(ctx, "Group", id).resource();
    }

    Set<String> members(AccessContext ctx, Group group) {
        Set<String> ids = new LinkedHashSet<>();
        for (Group.GroupMemberComponent m : group.getMember()) {
            String ref = m.getEntity().getReference();
            if (!m.getInactive() && ref != null && ref.startsWith("Patient/")) {
                ids.add(ref.substring("Patient/".length()));
            }
        }
        for (Extension e : group.getExtensionsByUrl(MEMBER_QUERY)) {
            String query = e.getValue() == null ? null : e.getValue().primitiveValue();
            if (query != null) {
                addMatches(ctx, query, ids);
            }
        }
        return ids;
    }

    /** Checks a criteria query's form (its type and parameters) without running it. */
    void check(AccessContext ctx, String query) {
        search.explain(ctx, request(query));
    }

    private void addMatches(AccessContext ctx, String query, Set<String> ids) {
        SearchResult page = search.search(ctx, request(query));
        while (true) {
            for (Resource r : page.matches()) {
                String patient = store.compartmentPatient(r);
                if (patient != null && ids.size() < MAX_MEMBERS) {
                    ids.add(patient);
                }
            }
            if (page.nextPageToken() == null || ids.size() >= MAX_MEMBERS) {
                return;
            }
            page = search.page(ctx, page.nextPageToken());
        }
    }

    static SearchRequest request(String query) {
        int q = query.indexOf('?');
        if (q <= 0) {
            throw ExportException.invalid("GW-EXPORT-008", "a " + MEMBER_QUERY + " value must be Type?query");
        }
        Map<String, List<String>> params = new LinkedHashMap<>(SearchRequest.parseQuery(query.substring(q + 1)));
        params.put("_count", List.of(Integer.toString(PartRunner.PAGE)));
        params.put("_total", List.of("none"));
        return new SearchRequest(query.substring(0, q), params, Handling.STRICT);
    }
}
