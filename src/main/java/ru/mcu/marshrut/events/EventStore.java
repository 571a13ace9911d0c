package ru.mcu.marshrut.events;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.infinispan.Cache;
import org.infinispan.manager.EmbeddedCacheManager;

import com.fasterxml.jackson.databind.ObjectMapper;

import ru.mcu.marshrut.persistence.PersistentCaches;

/**
 * Item events by (municipality, event id), written through ({@code item-events}); each item's history, keyed by
 * (municipality, item id), in {@code item-history} as a JSON array, appended by compare-and-set. Nothing is kept in
 * the heap per item and nothing is rebuilt at start. Ids are unique only within a municipality.
 */
public final class EventStore {

    private static final com.fasterxml.jackson.core.type.TypeReference<List<ItemEvent>> HISTORY = new com.fasterxml.jackson.core.type.TypeReference<>() {
    };

    private final Cache<String, byte[]> events;
    private final Cache<String, String> histories;
    private final Cache<String, byte[]> summaries;
    private final ObjectMapper json;

    private EventStore(Cache<String, byte[]> events, Cache<String, String> histories, Cache<String, byte[]> summaries,
            ObjectMapper json) {
        this.events = events;
        this.histories = histories;
        this.summaries = summaries;
        this.json = json;
    }

    public static EventStore open(EmbeddedCacheManager manager, Path dataDir, boolean syncWrites, ObjectMapper json) {
        EventStore store = new EventStore(PersistentCaches.open(manager, dataDir, "item-events", syncWrites),
                PersistentCaches.open(manager, dataDir, "item-history", syncWrites),
                PersistentCaches.open(manager, dataDir, "item-summaries", syncWrites), json);
        if (store.histories.isEmpty() && !store.events.isEmpty()) {
            // A data directory from before the item histories: built once from the stored events. Their recorded
            // order is not known (the cache is iterated in no order), so each history is put in the order its events
            // were replayed in then: by time, one instant's by id (only histories with such ties are written again)
            PersistentCaches.forEachValue(store.events, b -> store.remember(store.parse(b)));
            Map<String, List<ItemEvent>> reordered = new java.util.HashMap<>();
            PersistentCaches.forEachEntry(store.histories, (key, text) -> {
                List<ItemEvent> history = store.history(text);
                List<ItemEvent> sorted = history.stream().sorted(ItemLifecycle.ORDER.thenComparing(ItemEvent::eventId)).toList();
                if (!sorted.equals(history)) {
                    reordered.put(key, sorted);
                }
            });
            reordered.forEach((key, history) -> store.histories.put(key, store.text(history)));
        }
        return store;
    }

    public Optional<ItemEvent> find(String municipality, String eventId) {
        return Optional.ofNullable(events.get(key(municipality, eventId))).map(this::parse);
    }

    public List<ItemEvent> ofItem(String municipality, String itemId) {
        String history = histories.get(key(municipality, itemId));
        return history == null ? List.of() : List.copyOf(history(history));
    }

    /**
     * Stores the event unless its id is taken: the event already stored under that id, or empty when this one was
     * stored. Atomic on the id, so two events with one id for two different items (locked apart, by item) cannot
     * both be stored, the second overwriting the first.
     */
    public Optional<ItemEvent> putIfAbsent(ItemEvent e) {
        return putIfAbsent(e, before -> {
        });
    }

    /**
     * As {@link #putIfAbsent(ItemEvent)}, after {@code allowed} accepted the event on the item's history it is appended
     * to (the history without an event of this id): {@code allowed} throws to refuse, and nothing is stored. It runs
     * inside the history's compare-and-set, again whenever another event got there first — on any node — so two
     * events that are each allowed but not both (two 59-ФЗ extensions) are never both appended.
     */
    public Optional<ItemEvent> putIfAbsent(ItemEvent e, java.util.function.Consumer<List<ItemEvent>> allowed) {
        remember(e, allowed); // first: an event stored but missing from its item's history would be lost to the item
        byte[] earlier = events.putIfAbsent(key(e.municipality(), e.eventId()), write(e));
        if (earlier != null) {
            ItemEvent first = parse(earlier);
            if (!first.itemId().equals(e.itemId())) {
                forget(e); // the id belongs to another item's event: this one is not recorded
            }
            return Optional.of(first);
        }
        return Optional.empty();
    }

    /** The stored summaries of these decisions (by decision id); a decision without one is absent from the map. */
    public Map<String, ItemSummary> summaries(java.util.Collection<String> decisionIds) {
        Map<String, byte[]> found = summaries.getAdvancedCache().getAll(new java.util.HashSet<>(decisionIds));
        Map<String, ItemSummary> out = new java.util.HashMap<>(found.size() * 2);
        found.forEach((id, b) -> {
            ItemSummary s = b == null ? null : ItemSummary.fromBytes(b);
            if (s != null) {
                out.put(id, s);
            }
        });
        return out;
    }

    /** Replaces the item's summary: written after each of its events is stored. */
    public void putSummary(ItemSummary s) {
        summaries.getAdvancedCache().withFlags(org.infinispan.context.Flag.IGNORE_RETURN_VALUES)
                .put(s.decisionId(), s.toBytes());
    }

    /**
     * Stores a summary computed by a reader unless one is there: an event stored meanwhile has written a newer one,
     * which must not be overwritten by this older view.
     */
    public void putSummaryIfAbsent(ItemSummary s) {
        byte[] bytes = s.toBytes();
        byte[] there = summaries.putIfAbsent(s.decisionId(), bytes);
        if (there != null && ItemSummary.fromBytes(there) == null) {
            summaries.replace(s.decisionId(), there, bytes); // one of an older format: replaced, not kept forever
        }
    }

    /** Appends the event to its item's history unless an event with its id is there already. */
    private void remember(ItemEvent e) {
        remember(e, before -> {
        });
    }

    private void remember(ItemEvent e, java.util.function.Consumer<List<ItemEvent>> allowed) {
        update(e, list -> {
            List<ItemEvent> before = list.stream().filter(x -> !x.eventId().equals(e.eventId())).toList();
            allowed.accept(before);
            if (before.size() < list.size()) {
                return null; // there already: an attempt cut short after the history was written
            }
            list.add(e);
            return list;
        });
    }

    private void forget(ItemEvent e) {
        update(e, list -> list.removeIf(x -> x.eventId().equals(e.eventId()) && x.sameAs(e)) ? list : null);
    }

    /** A compare-and-set loop on the item's history; {@code change} answers null for "nothing to change". */
    private void update(ItemEvent e, java.util.function.UnaryOperator<List<ItemEvent>> change) {
        String key = key(e.municipality(), e.itemId());
        while (true) {
            String now = histories.get(key);
            List<ItemEvent> next = change.apply(now == null ? new ArrayList<>() : new ArrayList<>(history(now)));
            if (next == null) {
                return;
            }
            String text = text(next);
            if (now == null ? histories.putIfAbsent(key, text) == null : histories.replace(key, now, text)) {
                return;
            }
        }
    }

    private List<ItemEvent> history(String text) {
        try {
            return json.readValue(text, HISTORY);
        } catch (java.io.IOException x) {
            throw new java.io.UncheckedIOException(x);
        }
    }

    private String text(List<ItemEvent> history) {
        try {
            return json.writeValueAsString(history);
        } catch (java.io.IOException x) {
            throw new java.io.UncheckedIOException(x);
        }
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
