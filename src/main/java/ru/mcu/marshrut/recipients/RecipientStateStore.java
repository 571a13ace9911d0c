package ru.mcu.marshrut.recipients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import org.infinispan.Cache;
import org.infinispan.manager.EmbeddedCacheManager;

import com.fasterxml.jackson.databind.ObjectMapper;

import ru.mcu.marshrut.audit.PersistentCaches;

/** Recipient state by {@code municipality/recipientId}, in a persistent Infinispan cache (its only home). */
public final class RecipientStateStore {

    private final Cache<String, byte[]> states;
    private final ObjectMapper json;

    private RecipientStateStore(Cache<String, byte[]> states, ObjectMapper json) {
        this.states = states;
        this.json = json;
    }

    public static RecipientStateStore open(EmbeddedCacheManager manager, Path dataDir, boolean syncWrites, ObjectMapper json) {
        return new RecipientStateStore(PersistentCaches.open(manager, dataDir, "recipient-state", syncWrites), json);
    }

    public RecipientState get(String municipality, String recipientId) {
        byte[] bytes = states.get(key(municipality, recipientId));
        return bytes == null ? RecipientState.idle(recipientId) : parse(bytes);
    }

    public void put(String municipality, RecipientState state) {
        states.put(key(municipality, state.recipientId()), write(state));
    }

    /** Adds to a recipient's open items atomically (the cache locks the key for the computation). */
    public void addOpenItems(String municipality, String recipientId, int delta) {
        states.compute(key(municipality, recipientId), (k, old) -> {
            RecipientState s = old == null ? RecipientState.idle(recipientId) : parse(old);
            return write(s.withOpenItems(s.openItems() + delta));
        });
    }

    private static String key(String municipality, String recipientId) {
        return municipality + "/" + recipientId;
    }

    private byte[] write(RecipientState s) {
        try {
            return json.writeValueAsBytes(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private RecipientState parse(byte[] b) {
        try {
            return json.readValue(b, RecipientState.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
