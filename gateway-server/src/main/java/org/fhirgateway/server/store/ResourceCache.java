package org.fhirgateway.server.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Collection;

/** Hot current versions by {@code Type/id}; invalidated by every write (before and after its commit). */
final class ResourceCache {

    private final Cache<String, StoredResource> cache;

    ResourceCache(long maxEntries) {
        cache = Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(Duration.ofMinutes(10)).build();
    }

    static String key(String type, String id) {
        return type + "/" + id;
    }

    StoredResource get(String type, String id) {
        return cache.getIfPresent(key(type, id));
    }

    void put(StoredResource stored) {
        cache.put(key(stored.type(), stored.id()), stored);
    }

    void invalidate(Collection<String> keys) {
        cache.invalidateAll(keys);
    }
}
