package org.fhirgateway.server.rest;

import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.fhirgateway.server.search.SearchResult;
import org.fhirgateway.server.store.HistoryPage;
import org.fhirgateway.server.store.StoredResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.Bundle.SearchEntryMode;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Resource;

/** Turns the engine's pages into FHIR Bundles: searchset (matches, includes, ignored parameters) and history. */
final class ResultBundles {

    private ResultBundles() {}

    static Bundle searchset(SearchResult result, PageLinks links) {
        Bundle bundle = newBundle(BundleType.SEARCHSET);
        if (result.total().isPresent()) {
            bundle.setTotal((int) Math.min(result.total().getAsLong(), Integer.MAX_VALUE));
        } else {
            bundle.setUserData(SearchTotalInterceptor.NO_TOTAL, Boolean.TRUE);
        }
        bundle.addLink().setRelation("self").setUrl(links.self(result.selfQuery()));
        if (result.nextPageToken() != null) {
            bundle.addLink().setRelation("next").setUrl(links.page(result.nextPageToken()));
        }
        if (result.previousPageToken() != null) {
            bundle.addLink().setRelation("previous").setUrl(links.page(result.previousPageToken()));
        }
        add(bundle, result.matches(), SearchEntryMode.MATCH, links);
        add(bundle, result.includes(), SearchEntryMode.INCLUDE, links);
        if (!result.ignoredParameters().isEmpty()) {
            bundle.addEntry().setResource(ignored(result.ignoredParameters())).getSearch().setMode(SearchEntryMode.OUTCOME);
        }
        return bundle;
    }

    static Bundle history(HistoryPage page, PageLinks links, String selfQuery) {
        Bundle bundle = newBundle(BundleType.HISTORY);
        bundle.setTotal((int) Math.min(page.total(), Integer.MAX_VALUE));
        bundle.addLink().setRelation("self").setUrl(links.self(selfQuery));
        if (page.nextPageToken() != null) {
            bundle.addLink().setRelation("next").setUrl(links.page(page.nextPageToken()));
        }
        for (HistoryPage.HistoryEntry change : page.entries()) {
            StoredResource version = change.version();
            Bundle.BundleEntryComponent entry = bundle.addEntry().setFullUrl(links.fullUrl(version.type(), version.id()));
            if (version.resource() != null) {
                entry.setResource(version.resource());
            }
            HTTPVerb method = HTTPVerb.fromCode(change.method());
            entry.getRequest().setMethod(method).setUrl(method == HTTPVerb.POST ? version.type() : version.type() + "/" + version.id());
            entry.getResponse().setStatus(status(method, version)).setEtag(version.etag())
                    .setLastModified(Date.from(version.lastUpdated()));
        }
        return bundle;
    }

    private static String status(HTTPVerb method, StoredResource version) {
        if (version.deleted()) {
            return "204 No Content";
        }
        return method == HTTPVerb.POST ? "201 Created" : "200 OK";
    }

    private static void add(Bundle bundle, List<Resource> resources, SearchEntryMode mode, PageLinks links) {
        for (Resource resource : resources) {
            bundle.addEntry().setFullUrl(links.fullUrl(resource.fhirType(), resource.getIdElement().getIdPart()))
                    .setResource(resource).getSearch().setMode(mode);
        }
    }

    private static OperationOutcome ignored(List<String> parameters) {
        OperationOutcome outcome = new OperationOutcome();
        for (String parameter : parameters) {
            outcome.addIssue().setSeverity(IssueSeverity.WARNING).setCode(IssueType.NOTSUPPORTED)
                    .setDiagnostics("GW-SEARCH-IGNORED: parameter ignored under Prefer: handling=lenient: " + parameter);
        }
        return outcome;
    }

    private static Bundle newBundle(BundleType type) {
        Bundle bundle = new Bundle().setType(type);
        bundle.setId(UUID.randomUUID().toString());
        bundle.getMeta().setLastUpdated(new Date());
        return bundle;
    }
}
