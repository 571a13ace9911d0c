package ru.mcu.marshrut.recipients;

import java.nio.file.Path;

import org.infinispan.Cache;
import org.infinispan.manager.EmbeddedCacheManager;

import com.fasterxml.jackson.databind.ObjectMapper;

import ru.mcu.marshrut.persistence.PersistentCaches;

/**
 * Recipient state by {@code municipality/recipientId}, in persistent Infinispan caches (its only home):
 * {@code recipient-state} holds what administrators set (absence, deputy, capacity), written through before the
 * answer; {@code recipient-load} holds the open-item counters that every routed item changes, written behind so
 * that routing does not wait for the disk twice (after a crash the last increments may be missing).
 */
public final class RecipientStateStore {

    private final Cache<String, byte[]> states;
    private final Cache<String, Integer> load;
    private final ObjectMapper json;
    private final java.util.Map<String, Object> changeLocks = new java.util.concurrent.ConcurrentHashMap<>();

    private RecipientStateStore(Cache<String, byte[]> states, Cache<String, Integer> load, ObjectMapper json) {
        this.states = states;
        this.load = load;
        this.json = json;
    }

    public static RecipientStateStore open(EmbeddedCacheManager manager, Path dataDir, boolean syncWrites, ObjectMapper json) {
        return new RecipientStateStore(PersistentCaches.open(manager, dataDir, "recipient-state", syncWrites),
                PersistentCaches.open(manager, dataDir, "recipient-load", false, true), json);
    }

    public RecipientState get(String municipality, String recipientId) {
        String key = key(municipality, recipientId);
        byte[] bytes = states.get(key);
        RecipientState s = bytes == null ? RecipientState.idle(recipientId) : parse(bytes);
        Integer open = load.get(key);
        return s.withOpenItems(open == null ? 0 : open);
    }

    public void put(String municipality, RecipientState state) {
        String key = key(municipality, state.recipientId());
        states.put(key, write(state.withOpenItems(0)));
        load.put(key, state.openItems());
    }

    /**
     * Runs {@code change} — reads, checks and writes of the municipality's recipient states — as one step with
     * respect to every other change of the municipality: rules that span recipients (no deputy cycles) cannot be
     * passed by two requests at once. The cache is embedded and not clustered, so a lock in this process suffices.
     */
    public <T> T change(String municipality, java.util.function.Supplier<T> change) {
        synchronized (changeLocks.computeIfAbsent(municipality, k -> new Object())) {
            return change.get();
        }
    }

    /** Adds to a recipient's open items atomically (the cache locks the key for the computation). */
    public void addOpenItems(String municipality, String recipientId, int delta) {
        load.merge(key(municipality, recipientId), delta, (a, b) -> Math.max(0, a + b));
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
