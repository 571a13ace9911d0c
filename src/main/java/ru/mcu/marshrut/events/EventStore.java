package ru.mcu.marshrut.events;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.infinispan.Cache;
import org.infinispan.manager.EmbeddedCacheManager;

import com.fasterxml.jackson.databind.ObjectMapper;

import ru.mcu.marshrut.persistence.PersistentCaches;

/**
 * Item events by (municipality, event id), written through; the per-item lists, keyed by (municipality, item id),
 * are kept in memory and rebuilt at start. Ids are unique only within a municipality.
 */
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

    public Optional<ItemEvent> find(String municipality, String eventId) {
        return Optional.ofNullable(events.get(key(municipality, eventId))).map(this::parse);
    }

    public List<ItemEvent> ofItem(String municipality, String itemId) {
        List<ItemEvent> list = byItem.get(key(municipality, itemId));
        return list == null ? List.of() : List.copyOf(list);
    }

    /**
     * Stores the event unless its id is taken: the event already stored under that id, or empty when this one was
     * stored. Atomic on the id, so two events with one id for two different items (locked apart, by item) cannot
     * both be stored, the second overwriting the first.
     */
    public Optional<ItemEvent> putIfAbsent(ItemEvent e) {
        byte[] earlier = events.putIfAbsent(key(e.municipality(), e.eventId()), write(e));
        if (earlier != null) {
            return Optional.of(parse(earlier));
        }
        remember(e);
        return Optional.empty();
    }

    private void remember(ItemEvent e) {
        byItem.compute(key(e.municipality(), e.itemId()), (k, list) -> {
            List<ItemEvent> next = list == null ? new ArrayList<>() : new ArrayList<>(list);
            next.add(e);
            return next;
        });
    }

    private static String key(String municipality, String id) {
        return municipality + '/' + id;
    }

    private byte[] write(ItemEvent e) {
        return ru.mcu.marshrut.persistence.JsonBytes.write(json, e);
    }

    private ItemEvent parse(byte[] b) {
        return ru.mcu.marshrut.persistence.JsonBytes.read(json, b, ItemEvent.class);
    }
}
