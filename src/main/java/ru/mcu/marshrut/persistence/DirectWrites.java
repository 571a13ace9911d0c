package ru.mcu.marshrut.persistence;

import org.infinispan.Cache;
import org.infinispan.factories.ComponentRegistry;
import org.infinispan.persistence.manager.PersistenceManager;

/**
 * Writes of new keys — a decision's claim on its item, its time slot, its open item, its log entry — made straight to
 * the cache's {@link RocksStore}, held by the thread's {@link WriteScope} like a write through the cache, without
 * Infinispan's command, locks, entry wrapping and bounded memory (whose eviction ran on every write). On the routing
 * path, writing past them took the CPU per request to 0.87× (docs/BENCHMARKS.md, twenty-third session).
 * <p>
 * Readers still read through the cache: a key not in its memory is loaded from the store, which reads held writes
 * as written. So a key written here must be new — not in the cache's memory, where an older value would be read
 * instead — which is why only keys that have never been written take this path, and only on a single node: in a
 * cluster a write must reach the entry's owners, which only the cache does. The one exception is a key that is
 * only ever read here too ({@link #putOwn}, {@link #get}: the time index's marks), never through the cache.
 */
public final class DirectWrites {

    private final RocksStore store;

    private DirectWrites(RocksStore store) {
        this.store = store;
    }

    /**
     * Direct writes to the cache's store; null on a clustered node (writes go through the cache there) and for a
     * cache without a {@link RocksStore}.
     */
    public static DirectWrites of(Cache<String, ?> cache) {
        if (PersistentCaches.clustered(cache.getCacheManager())) {
            return null;
        }
        var stores = ComponentRegistry.of(cache).getComponent(PersistenceManager.class).getStores(RocksStore.class);
        return stores.isEmpty() ? null : new DirectWrites(stores.iterator().next());
    }

    /** Writes a key no one has written before. */
    public void putNew(String key, String value) {
        store.put(key, RocksStore.storedForm(value));
    }

    /** Writes a key no one has written before. */
    public void putNew(String key, byte[] value) {
        store.put(key, RocksStore.storedForm(value));
    }

    /**
     * Writes a key no one has written before and no one reads before it is durable (a decision's log entry) — a JSON
     * object as written into {@code value}, not copied out of it onto the heap: in an open {@link WriteScope} it reads
     * as absent until the scope's batch is written ({@link RocksStore#putUnread}).
     */
    public void putNewUnread(String key, JsonBytes.Buffer value) {
        store.putUnread(key, value.array(), value.size());
    }

    /**
     * Claims a key: writes it if no write of it is held or stored, atomically against every other claim of it made
     * here; false, with nothing written, if one is.
     */
    public boolean claim(String key, String value) {
        return store.putNew(key, RocksStore.storedForm(value));
    }

    /**
     * Writes a key that only {@link #get} reads, never the cache: no older value can be in the cache's memory. Unlike
     * {@link #putNew}, the key may have been written before (a value overwritten).
     */
    public void putOwn(String key, String value) {
        store.put(key, RocksStore.storedForm(value));
    }

    /** A key's value as held or stored, past the cache's memory: for keys written with {@link #putOwn}. */
    public String get(String key) {
        Object value = store.value(key);
        return value == null ? null : value.toString();
    }

    /** Whether the key is held or stored (what a claim would find). */
    public boolean contains(String key) {
        return store.contains(key);
    }
}
