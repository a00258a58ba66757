package org.fhirgateway.server.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Parsed current versions by {@code Type/id}, so a hot read skips fetching, decompressing and parsing JSON.
 * Readers check an entry's version against the database before using it (another node may have written);
 * this node's own writes also invalidate their entries (before and after the commit).
 */
final class ResourceCache {

    private final Cache<String, StoredResource> cache;
    private final AtomicLong writes = new AtomicLong();

    ResourceCache(long maxEntries) {
        cache = Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(Duration.ofMinutes(10)).build();
    }

    static String key(String type, String id) {
        return type + "/" + id;
    }

    StoredResource get(String type, String id) {
        return cache.getIfPresent(key(type, id));
    }

    /** Take this before loading from the database, and hand it to {@link #putIfNoWriteSince}. */
    long generation() {
        return writes.get();
    }

    /**
     * Caches a version loaded from the database unless some write was invalidated meanwhile (that write may have
     * replaced what was loaded, and must not be hidden behind a stale entry).
     */
    void putIfNoWriteSince(StoredResource stored, long generation) {
        String key = key(stored.type(), stored.id());
        cache.asMap().compute(key, (k, old) -> writes.get() == generation ? stored : old);
    }

    void invalidate(Collection<String> keys) {
        if (!keys.isEmpty()) {
            writes.incrementAndGet();
            cache.invalidateAll(keys);
        }
    }
}
