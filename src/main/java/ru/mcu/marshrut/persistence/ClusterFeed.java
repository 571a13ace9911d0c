package ru.mcu.marshrut.persistence;

import java.util.function.Consumer;

import org.infinispan.Cache;
import org.infinispan.notifications.Listener;
import org.infinispan.notifications.cachelistener.annotation.CacheEntryCreated;
import org.infinispan.notifications.cachelistener.annotation.CacheEntryRemoved;
import org.infinispan.notifications.cachelistener.event.CacheEntryCreatedEvent;
import org.infinispan.notifications.cachelistener.event.CacheEntryRemovedEvent;

/**
 * Brings the creations (and removals) of a distributed cache's entries made on any node to an index this node keeps
 * in memory. A cluster listener is sent to the other members when it registers, to describe what it listens to; it
 * runs here only, so its actions do not travel ({@code transient}).
 */
@Listener(clustered = true, observation = Listener.Observation.POST)
public final class ClusterFeed implements java.io.Serializable {

    private static final long serialVersionUID = 1L;
    private final transient Consumer<byte[]> created;
    private final transient Consumer<byte[]> removed;

    private ClusterFeed(Consumer<byte[]> created, Consumer<byte[]> removed) {
        this.created = created;
        this.removed = removed;
    }

    /** On a clustered cache only: on a single node the store updates its index itself as it writes. */
    public static void follow(Cache<String, byte[]> cache, Consumer<byte[]> created, Consumer<byte[]> removed) {
        if (PersistentCaches.clustered(cache.getCacheManager())) {
            cache.addListener(new ClusterFeed(created, removed));
        }
    }

    @CacheEntryCreated
    public void created(CacheEntryCreatedEvent<String, byte[]> e) {
        if (e.getValue() != null) {
            created.accept(e.getValue());
        }
    }

    @CacheEntryRemoved
    public void removed(CacheEntryRemovedEvent<String, byte[]> e) {
        if (e.getOldValue() != null && removed != null) {
            removed.accept(e.getOldValue());
        }
    }
}
