package org.fhirgateway.server.store;

import java.sql.SQLException;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.fhirgateway.server.consent.AccessContext;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;

/** Runs single bundle entries and builds their response entries (status, location, etag, lastModified). */
final class EntryExecutor {

    private static final int MAX_GET_SEARCH = 100;

    private final ResourceWriter writer;
    private final StoreParts parts;

    EntryExecutor(ResourceWriter writer, StoreParts parts) {
        this.writer = writer;
        this.parts = parts;
    }

    void checkAccess(AccessContext ctx, EntryRequest e) {
        if (e.verb() == Bundle.HTTPVerb.GET) {
            AccessChecks.requireRead(ctx, e.target().type());
        } else {
            AccessChecks.requireWrite(ctx, e.target().type());
        }
    }

    /** One batch entry, alone in its transaction. */
    Bundle.BundleEntryComponent single(Tx tx, AccessContext ctx, EntryRequest e, ReferenceRewriter rewriter)
            throws SQLException {
        if (e.resource() != null) {
            rewriter.rewrite(tx, e.resource(), Map.of());
        }
        return switch (e.verb()) {
            case DELETE -> delete(tx, e);
            case GET -> get(tx, ctx, e);
            case POST -> response(e.ifNoneExist() == null
                    ? writer.create(tx, e.resource(), ResourceWriter.newId())
                    : writer.conditionalCreate(tx, e.resource(), e.ifNoneExist(), ResourceWriter.newId()));
            case PUT -> response(e.target().id() != null
                    ? writer.put(tx, e.resource(), e.target().id(), e.ifMatch())
                    : writer.conditionalUpdate(tx, e.resource(), e.target().criteria(), ResourceWriter.newId()));
            default -> throw new StoreException(StoreError.UNSUPPORTED_OPERATION, "unsupported entry method");
        };
    }

    Bundle.BundleEntryComponent delete(Tx tx, EntryRequest e) throws SQLException {
        String type = e.target().type();
        WriteOutcome outcome = e.target().id() != null ? writer.delete(tx, type, e.target().id(), e.ifMatch())
                : writer.conditionalDelete(tx, type, e.target().criteria());
        return response(outcome);
    }

    Bundle.BundleEntryComponent get(Tx tx, AccessContext ctx, EntryRequest e) throws SQLException {
        EntryRequest.Target t = e.target();
        if (t.id() == null) {
            return search(tx, ctx, t);
        }
        ResourceRow row = parts.dao().find(tx.connection, t.type(), t.id())
                .orElseThrow(() -> new StoreException(StoreError.RESOURCE_NOT_FOUND, "no such " + t.type()));
        long version = t.version() != null ? t.version() : row.version();
        byte[] content = parts.dao().versionContent(tx.query(), row.pk(), version)
                .orElseThrow(() -> new StoreException(StoreError.VERSION_NOT_FOUND, "no such version"));
        if (content.length == 0) {
            throw new StoreException(StoreError.RESOURCE_DELETED, t.type() + " was deleted");
        }
        long time = version == row.version() ? row.lastUpdated()
                : parts.dao().versionTime(tx.query(), row.pk(), version);
        Resource resource = parts.codec().decode(content, t.type(), t.id(), version, time);
        if (!AccessChecks.visible(tx.query(), ctx, row.pk(), version, parts.clock().millis())) {
            throw new StoreException(StoreError.RESOURCE_NOT_FOUND, "no such " + t.type());
        }
        Bundle.BundleEntryComponent entry = new Bundle.BundleEntryComponent().setResource(resource);
        entry.getResponse().setStatus("200 OK").setEtag("W/\"" + version + "\"")
                .setLastModified(resource.getMeta().getLastUpdated());
        return entry;
    }

    private Bundle.BundleEntryComponent search(Tx tx, AccessContext ctx, EntryRequest.Target t) throws SQLException {
        List<String> ids = parts.matcher().matchIds(tx.query(), t.type(), t.criteria() == null ? ""
                : t.criteria(), MAX_GET_SEARCH);
        Bundle searchset = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        for (String id : ids) {
            ResourceRow row = parts.dao().find(tx.connection, t.type(), id).orElseThrow();
            Resource resource = writer.load(tx, row);
            if (resource != null && AccessChecks.visible(tx.query(), ctx, row.pk(), null, parts.clock().millis())) {
                searchset.addEntry().setResource(resource).getSearch().setMode(Bundle.SearchEntryMode.MATCH);
            }
        }
        searchset.setTotal(searchset.getEntry().size());
        Bundle.BundleEntryComponent entry = new Bundle.BundleEntryComponent().setResource(searchset);
        entry.getResponse().setStatus("200 OK");
        return entry;
    }

    static Bundle.BundleEntryComponent response(WriteOutcome outcome) {
        Bundle.BundleEntryComponent entry = new Bundle.BundleEntryComponent();
        Bundle.BundleEntryResponseComponent response = entry.getResponse();
        switch (outcome.kind()) {
            case CREATED -> response.setStatus("201 Created");
            case DELETED, NOTHING_DELETED -> response.setStatus("204 No Content");
            default -> response.setStatus("200 OK");
        }
        if (outcome.id() != null && outcome.version() > 0) {
            response.setLocation(outcome.versionedReference());
            response.setEtag(outcome.etag());
        }
        if (outcome.lastUpdated() != null) {
            response.setLastModified(Date.from(outcome.lastUpdated()));
        }
        if (outcome.id() != null && outcome.kind() != WriteOutcome.Kind.NOTHING_DELETED) {
            entry.setFullUrl(outcome.type() + "/" + outcome.id());
        }
        return entry;
    }

    static Bundle.BundleEntryComponent failure(StoreException ex) {
        Bundle.BundleEntryComponent entry = new Bundle.BundleEntryComponent();
        entry.getResponse().setStatus(statusLine(ex.category()));
        OperationOutcome oo = new OperationOutcome();
        oo.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
                .setCode(OperationOutcome.IssueType.PROCESSING).setDiagnostics(ex.getMessage());
        entry.getResponse().setOutcome(oo);
        return entry;
    }

    /** The FHIR bundle response status for an error category. */
    static String statusLine(StoreError.Category category) {
        return switch (category) {
            case NOT_FOUND -> "404 Not Found";
            case GONE -> "410 Gone";
            case PRECONDITION_FAILED -> "412 Precondition Failed";
            case CONFLICT -> "409 Conflict";
            case INVALID -> "400 Bad Request";
            case FORBIDDEN -> "403 Forbidden";
            case INTERNAL -> "500 Internal Server Error";
            case UNAVAILABLE -> "503 Service Unavailable";
        };
    }
}
