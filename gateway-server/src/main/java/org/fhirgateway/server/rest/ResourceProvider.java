package org.fhirgateway.server.rest;

import ca.uhn.fhir.rest.annotation.ConditionalUrlParam;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.Delete;
import ca.uhn.fhir.rest.annotation.History;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.fhirgateway.server.consent.AccessContext;
import org.fhirgateway.server.search.FhirSearch;
import org.fhirgateway.server.search.SearchRequest;
import org.fhirgateway.server.search.SearchResult;
import org.fhirgateway.server.store.FhirStore;
import org.fhirgateway.server.store.StoredResource;
import org.fhirgateway.server.store.WriteOutcome;
import org.fhirgateway.server.subscription.Subscriptions;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;

/**
 * The one provider class for every served resource type (registered once per type): read, vread, create
 * (with If-None-Exist), update (with If-Match, or conditional), delete (also conditional), instance and type
 * history, and search with every parameter passed through to the engine.
 */
public final class ResourceProvider implements IResourceProvider {

    private final Class<? extends Resource> resourceClass;
    private final String type;
    private final FhirStore store;
    private final FhirSearch search;
    private final HistoryQueries history;
    /** For the Subscription type only: its writes are validated and served (docs/subscriptions.md). */
    private final Subscriptions subscriptions;

    /** {@code $validate}, shared by every type's provider. */
    private final ValidateOperation validation;

    ResourceProvider(Class<? extends Resource> resourceClass, FhirStore store, FhirSearch search,
            Subscriptions subscriptions, ValidateOperation validation) {
        this.subscriptions = subscriptions;
        this.validation = validation;
        this.resourceClass = resourceClass;
        this.type = resourceClass.getSimpleName();
        this.store = store;
        this.search = search;
        this.history = new HistoryQueries(store);
    }

    @Override
    public Class<? extends IBaseResource> getResourceType() {
        return resourceClass;
    }

    @ca.uhn.fhir.rest.annotation.Validate
    public MethodOutcome validate(@ResourceParam org.hl7.fhir.instance.model.api.IBaseResource resource,
            @ca.uhn.fhir.rest.annotation.Validate.Mode ca.uhn.fhir.rest.api.ValidationModeEnum mode,
            @ca.uhn.fhir.rest.annotation.Validate.Profile String profile, RequestDetails request) {
        return validation.validate(resource, mode, profile, request);
    }

    @Read(version = true)
    public Resource read(@IdParam IdType id, RequestDetails request) {
        AccessContext ctx = RequestAccess.requireRead(request, type);
        StoredResource stored = id.hasVersionIdPart()
                ? store.vread(ctx, type, id.getIdPart(), versionNumber(id.getVersionIdPart()))
                : store.read(ctx, type, id.getIdPart());
        return WriteOutcomes.withVersionedId(stored.resource(), stored.type(), stored.id(), stored.version());
    }

    @Create
    public MethodOutcome create(@ResourceParam Resource resource, @ConditionalUrlParam String ifNoneExist, RequestDetails request) {
        AccessContext ctx = RequestAccess.requireWrite(request, type);
        if (subscriptions != null) {
            refuseConditional(ifNoneExist);
            return written(subscriptions.create(ctx, (Subscription) resource));
        }
        WriteOutcome outcome = ifNoneExist == null
                ? store.create(ctx, resource)
                : store.conditionalCreate(ctx, resource, Criteria.of(ifNoneExist));
        return WriteOutcomes.toMethodOutcome(outcome);
    }

    @Update
    public MethodOutcome update(@IdParam IdType id, @ResourceParam Resource resource, @ConditionalUrlParam String conditional,
            RequestDetails request) {
        AccessContext ctx = RequestAccess.requireWrite(request, type);
        if (subscriptions != null) {
            refuseConditional(conditional);
            return written(subscriptions.update(ctx, (Subscription) resource, id.getIdPart()));
        }
        if (conditional != null && (id == null || !id.hasIdPart())) {
            return WriteOutcomes.toMethodOutcome(store.conditionalUpdate(ctx, resource, Criteria.of(conditional)));
        }
        resource.setId(id.getIdPart());
        Long ifMatch = IfMatch.version(request);
        WriteOutcome outcome = ifMatch == null ? store.update(ctx, resource) : store.update(ctx, resource, ifMatch);
        return WriteOutcomes.toMethodOutcome(outcome);
    }

    @Delete
    public MethodOutcome delete(@IdParam IdType id, @ConditionalUrlParam String conditional, RequestDetails request) {
        AccessContext ctx = RequestAccess.requireWrite(request, type);
        boolean byId = id != null && id.hasIdPart();
        if (!byId && conditional == null) {
            throw new InvalidRequestException("GW-REQ-005: DELETE needs an id or search criteria");
        }
        if (subscriptions != null) {
            refuseConditional(conditional);
            subscriptions.delete(ctx, id.getIdPart());
            MethodOutcome deleted = new MethodOutcome();
            deleted.setOperationOutcome(WriteOutcomes.information("deleted Subscription/" + id.getIdPart()));
            return deleted;
        }
        WriteOutcome outcome = byId ? store.delete(ctx, type, id.getIdPart()) : store.conditionalDelete(ctx, type, Criteria.of(conditional));
        return WriteOutcomes.deleted(outcome);
    }

    @History
    public Bundle instanceHistory(@IdParam IdType id, RequestDetails request) {
        AccessContext ctx = RequestAccess.requireRead(request, type);
        return history.history(ctx, request, type, id.getIdPart());
    }

    @History
    public Bundle typeHistory(RequestDetails request) {
        AccessContext ctx = RequestAccess.requireRead(request, type);
        return history.history(ctx, request, type, null);
    }

    @Search(allowUnknownParams = true)
    public Bundle search(RequestDetails request) {
        AccessContext ctx = RequestAccess.requireRead(request, type);
        PageLinks links = new PageLinks(request.getFhirServerBase(), type);
        SearchResult result = RawParameters.single(request, RawParameters.PAGE_TOKEN)
                .map(token -> search.page(ctx, token))
                .orElseGet(() -> search.search(ctx, new SearchRequest(type, RawParameters.of(request), RawParameters.handling(request))));
        return ResultBundles.searchset(result, links);
    }

    private static void refuseConditional(String criteria) {
        if (criteria != null) {
            throw new InvalidRequestException("GW-SUB-001: conditional writes of a Subscription are not supported");
        }
    }

    private static MethodOutcome written(Subscriptions.Written w) {
        Resource r = w.resource();
        MethodOutcome result = new MethodOutcome(r.getIdElement());
        result.setCreated(w.created());
        result.setResource(r);
        result.setOperationOutcome(WriteOutcomes.information((w.created() ? "created " : "updated ")
                + r.getIdElement().getValue()));
        return result;
    }

    private static long versionNumber(String version) {
        try {
            return Long.parseLong(version);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("GW-REQ-001: version must be a whole number");
        }
    }
}
