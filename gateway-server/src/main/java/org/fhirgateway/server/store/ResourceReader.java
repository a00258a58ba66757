package org.fhirgateway.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.fhirgateway.server.consent.AccessContext;
import org.hl7.fhir.r4.model.Resource;

/** read and vread, with the hot-resource cache. */
final class ResourceReader {

    private final Database database;
    private final StoreParts parts;
    private final ResourceCache cache;

    ResourceReader(Database database, StoreParts parts, ResourceCache cache) {
        this.database = database;
        this.parts = parts;
        this.cache = cache;
    }

    StoredResource read(AccessContext ctx, String type, String id) {
        AccessChecks.requireRead(ctx, type);
        return copy(loadCurrent(ctx, type, id));
    }

    StoredResource vread(AccessContext ctx, String type, String id, long version) {
        AccessChecks.requireRead(ctx, type);
        try (Connection c = database.connection()) {
            ResourceRow row = parts.dao().find(c, type, id).orElseThrow(() -> notFound(type));
            // a resource the caller may not see now answers 404 for every version: its existence is not told
            if (!AccessChecks.visible(c, ctx, row.pk(), null, parts.clock().millis())) {
                throw notFound(type);
            }
            Optional<byte[]> content = parts.dao().versionContent(c, row.pk(), version);
            if (content.isEmpty()) {
                throw new StoreException(StoreError.VERSION_NOT_FOUND, "no such version of " + type);
            }
            if (content.get().length == 0) {
                throw new StoreException(StoreError.RESOURCE_DELETED, type + " version is a deletion");
            }
            if (!AccessChecks.visible(c, ctx, row.pk(), version, parts.clock().millis())) {
                throw notFound(type);
            }
            long time = parts.dao().versionTime(c, row.pk(), version);
            Resource resource = parts.codec().decode(content.get(), type, id, version, time);
            return new StoredResource(type, id, version, Instant.ofEpochMilli(time), false, resource);
        } catch (SQLException e) {
            throw new StoreException(StoreError.DATABASE_ERROR, "vread failed", e);
        }
    }

    /**
     * The current version, when the caller may see it (else 404, as for a resource that does not exist). The slim
     * {@code resource} row is always read, so a version written by another gateway node sharing the database is never
     * hidden behind this node's cache; the cache only saves fetching, decompressing and parsing the JSON of a version
     * already seen.
     */
    private StoredResource loadCurrent(AccessContext ctx, String type, String id) {
        try (Connection c = database.connection()) {
            ResourceRow row = parts.dao().find(c, type, id).orElseThrow(() -> notFound(type));
            if (!AccessChecks.visible(c, ctx, row.pk(), null, parts.clock().millis())) {
                throw notFound(type);
            }
            if (row.deleted()) {
                throw new StoreException(StoreError.RESOURCE_DELETED, type + " was deleted");
            }
            StoredResource cached = cache.get(type, id);
            if (cached != null && cached.version() == row.version()) {
                return cached;
            }
            long generation = cache.generation();
            byte[] content = parts.dao().versionContent(c, row.pk(), row.version()).orElseThrow();
            StoredResource stored = new StoredResource(type, id, row.version(), Instant.ofEpochMilli(row.lastUpdated()),
                    false, parts.codec().decode(content, type, id, row.version(), row.lastUpdated()));
            cache.putIfNoWriteSince(stored, generation);
            return stored;
        } catch (SQLException e) {
            throw new StoreException(StoreError.DATABASE_ERROR, "read failed", e);
        }
    }

    private static StoredResource copy(StoredResource s) {
        return new StoredResource(s.type(), s.id(), s.version(), s.lastUpdated(), s.deleted(), s.resource().copy());
    }

    private static StoreException notFound(String type) {
        return new StoreException(StoreError.RESOURCE_NOT_FOUND, "no such " + type);
    }
}
