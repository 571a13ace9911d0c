package ru.mcu.marshrut.recipients;

import java.nio.file.Path;

import org.infinispan.Cache;
import org.infinispan.manager.EmbeddedCacheManager;

import com.fasterxml.jackson.databind.ObjectMapper;

import ru.mcu.marshrut.persistence.PersistentCaches;

/**
 * Recipient state by {@code municipality/recipientId}, in Infinispan caches replicated to every node of a cluster:
 * {@code recipient-state} holds what administrators set (absence, deputy, capacity), written through before the
 * answer; {@code recipient-load} holds the open-item counters that every routed item changes, changed only by atomic
 * compare-and-set so that no update is lost and a capacity is never oversubscribed, whichever node routes. On a single
 * node the counters are kept in the process's memory only ({@link OpenItemCounters}) and recounted from the decisions
 * and events at start (nothing a crash can lose); in a cluster they are written through on every node, as the others'
 * history is not all on this one.
 */
public final class RecipientStateStore {

    private final Cache<String, byte[]> states;
    private final OpenItemCounters load;
    private final ObjectMapper json;
    /** municipality → the token of the change running now, on any node; a lease so that a killed node's lapses. */
    private final Cache<String, String> changeLocks;
    static final long CHANGE_LEASE_SECONDS = 10;
    private static final long CHANGE_WAIT_MS = 15_000;

    private RecipientStateStore(Cache<String, byte[]> states, OpenItemCounters load, Cache<String, String> locks,
            ObjectMapper json) {
        this.states = states;
        this.load = load;
        this.changeLocks = locks;
        this.json = json;
    }

    public static RecipientStateStore open(EmbeddedCacheManager manager, Path dataDir, boolean syncWrites, ObjectMapper json) {
        var spread = PersistentCaches.Spread.REPLICATED;
        OpenItemCounters load = PersistentCaches.clustered(manager)
                ? OpenItemCounters.shared(PersistentCaches.open(manager, dataDir, "recipient-load", syncWrites, spread))
                : OpenItemCounters.local();
        return new RecipientStateStore(PersistentCaches.open(manager, dataDir, "recipient-state", syncWrites, spread),
                load, PersistentCaches.inMemory(manager, PersistentCaches.LOCKS, spread), json);
    }

    /** Whether the open-item counters start empty at each start and must be recounted (a single node). */
    public boolean countersNeedRecount() {
        return !load.stored();
    }

    /** Replaces every open-item counter by the counts given (municipality/recipient → open items). */
    public void recount(java.util.Map<String, Integer> counts) {
        load.replaceAll(counts);
    }

    public static String counterKey(String municipality, String recipientId) {
        return key(municipality, recipientId);
    }

    public RecipientState get(String municipality, String recipientId) {
        String key = key(municipality, recipientId);
        byte[] bytes = states.get(key);
        RecipientState s = bytes == null ? RecipientState.idle(recipientId) : parse(bytes);
        return s.withOpenItems(load.get(key));
    }

    /** Sets what an administrator sets and the open-item counter to the state's count. */
    public void put(String municipality, RecipientState state) {
        putSettings(municipality, state);
        load.set(key(municipality, state.recipientId()), state.openItems());
    }

    /** Sets absence, deputy and capacity; the open-item counter, which routing changes meanwhile, is left alone. */
    public void putSettings(String municipality, RecipientState state) {
        states.put(key(municipality, state.recipientId()), write(state.withOpenItems(0)));
    }

    /**
     * Runs {@code change} — reads, checks and writes of the municipality's recipient states — as one step with
     * respect to every other change of the municipality on any node: rules that span recipients (no deputy cycles)
     * cannot be passed by two requests at once. The lock is an entry taken with {@code putIfAbsent} in a replicated
     * cache, held for at most {@link #CHANGE_LEASE_SECONDS} (a node killed while holding it does not block the others
     * for longer); a change waits for it up to 15 s and is then refused.
     */
    public <T> T change(String municipality, java.util.function.Supplier<T> change) {
        String token = java.util.UUID.randomUUID().toString();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(CHANGE_WAIT_MS);
        long pause = 1;
        while (changeLocks.putIfAbsent(municipality, token, CHANGE_LEASE_SECONDS, java.util.concurrent.TimeUnit.SECONDS) != null) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Recipients of " + municipality + " are being changed by another request");
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            pause = Math.min(pause * 2, 20);
        }
        try {
            return change.get();
        } finally {
            changeLocks.remove(municipality, token);
        }
    }

    /** Adds to a recipient's open items atomically (applied by the key's owner under its lock), never below zero. */
    public void addOpenItems(String municipality, String recipientId, int delta) {
        load.add(key(municipality, recipientId), delta);
    }

    /**
     * Takes one open-item slot of a recipient unless it is at {@code capacity} (null: no limit); atomic with respect to
     * every other node and request, so N concurrent items for a recipient with capacity C take at most C slots.
     */
    public boolean reserve(String municipality, String recipientId, Integer capacity) {
        return load.take(key(municipality, recipientId), capacity);
    }

    private static String key(String municipality, String recipientId) {
        return municipality + "/" + recipientId;
    }

    private byte[] write(RecipientState s) {
        return ru.mcu.marshrut.persistence.JsonBytes.write(json, s);
    }

    private RecipientState parse(byte[] b) {
        return ru.mcu.marshrut.persistence.JsonBytes.read(json, b, RecipientState.class);
    }
}
