package ru.mcu.marshrut.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.infinispan.Cache;
import org.infinispan.manager.EmbeddedCacheManager;

import com.fasterxml.jackson.databind.ObjectMapper;

import ru.mcu.marshrut.audit.PersistentCaches;

/** Item events by event id, written through; the per-item lists are kept in memory and rebuilt at start. */
public final class EventStore {

    private final Cache<String, byte[]> events;
    private final ObjectMapper json;
    private final Map<String, List<ItemEvent>> byItem = new ConcurrentHashMap<>();

    private EventStore(Cache<String, byte[]> events, ObjectMapper json) {
        this.events = events;
        this.json = json;
    }

    public static EventStore open(EmbeddedCacheManager manager, Path dataDir, boolean syncWrites, ObjectMapper json) {
        EventStore store = new EventStore(PersistentCaches.open(manager, dataDir, "item-events", syncWrites), json);
        store.events.values().forEach(b -> store.remember(store.parse(b)));
        return store;
    }

    public Optional<ItemEvent> find(String eventId) {
        return Optional.ofNullable(events.get(eventId)).map(this::parse);
    }

    public List<ItemEvent> ofItem(String itemId) {
        List<ItemEvent> list = byItem.get(itemId);
        return list == null ? List.of() : List.copyOf(list);
    }

    public void put(ItemEvent e) {
        events.put(e.eventId(), write(e));
        remember(e);
    }

    private void remember(ItemEvent e) {
        byItem.compute(e.itemId(), (k, list) -> {
            List<ItemEvent> next = list == null ? new ArrayList<>() : new ArrayList<>(list);
            next.add(e);
            return next;
        });
    }

    private byte[] write(ItemEvent e) {
        try {
            return json.writeValueAsBytes(e);
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }

    private ItemEvent parse(byte[] b) {
        try {
            return json.readValue(b, ItemEvent.class);
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }
}
