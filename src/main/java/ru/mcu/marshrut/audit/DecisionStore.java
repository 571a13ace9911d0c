package ru.mcu.marshrut.audit;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

import org.infinispan.Cache;
import org.infinispan.configuration.cache.Configuration;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.manager.EmbeddedCacheManager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import ru.mcu.marshrut.routing.RoutingDecision;

/**
 * The durable audit log of decisions: two Infinispan caches with soft-index file stores under the data
 * directory, written through before a decision is answered. {@code decisions} holds each decision as JSON by
 * decision id; {@code decisions-by-item} maps the caller's item id to it, which makes routing idempotent.
 * The time index for listings is kept in memory and rebuilt from the store at start.
 */
public final class DecisionStore {

    static final String DECISIONS = "decisions";
    static final String BY_ITEM = "decisions-by-item";

    private final Cache<String, String> decisions;
    private final Cache<String, String> byItem;
    private final ObjectMapper json;
    private final Map<String, NavigableSet<TimeKey>> byMunicipality = new ConcurrentHashMap<>();

    private record TimeKey(long receivedAtMillis, String decisionId) implements Comparable<TimeKey> {
        @Override
        public int compareTo(TimeKey o) {
            int c = Long.compare(receivedAtMillis, o.receivedAtMillis);
            return c != 0 ? c : decisionId.compareTo(o.decisionId);
        }
    }

    public record Page(List<RoutingDecision> items, int page, int size, long total) {
    }

    private DecisionStore(Cache<String, String> decisions, Cache<String, String> byItem, ObjectMapper json) {
        this.decisions = decisions;
        this.byItem = byItem;
        this.json = json;
    }

    public static DecisionStore open(EmbeddedCacheManager manager, Path dataDir, boolean syncWrites, ObjectMapper json) {
        DecisionStore store = new DecisionStore(PersistentCaches.open(manager, dataDir, DECISIONS, syncWrites),
                PersistentCaches.open(manager, dataDir, BY_ITEM, syncWrites), json);
        store.rebuildIndexes();
        return store;
    }

    /** The time index, and any item-id link a crash between the two writes left out. */
    private void rebuildIndexes() {
        decisions.entrySet().forEach(e -> {
            RoutingDecision d = parse(e.getValue());
            index(d);
            byItem.putIfAbsent(d.itemId(), d.decisionId());
        });
    }

    /**
     * Stores a new decision and returns the one that stands for its item: this one, or an earlier one when a
     * concurrent call for the same item won.
     */
    public RoutingDecision save(RoutingDecision decision) {
        decisions.put(decision.decisionId(), write(decision));
        String winner = byItem.putIfAbsent(decision.itemId(), decision.decisionId());
        if (winner != null && !winner.equals(decision.decisionId())) {
            decisions.remove(decision.decisionId());
            return find(winner).orElseThrow();
        }
        index(decision);
        return decision;
    }

    public Optional<RoutingDecision> find(String decisionId) {
        return Optional.ofNullable(decisions.get(decisionId)).map(this::parse);
    }

    public Optional<RoutingDecision> findByItemId(String itemId) {
        return Optional.ofNullable(byItem.get(itemId)).flatMap(this::find);
    }

    /** Decisions of a municipality whose item was received in [from, to), oldest first. */
    public Page list(String municipality, Instant from, Instant to, int page, int size) {
        NavigableSet<TimeKey> all = byMunicipality.get(municipality);
        if (all == null) {
            return new Page(List.of(), page, size, 0);
        }
        NavigableSet<TimeKey> range = all.subSet(new TimeKey(from.toEpochMilli(), ""), true,
                new TimeKey(to.toEpochMilli(), ""), false);
        List<RoutingDecision> items = new ArrayList<>(size);
        long total = 0;
        long skip = (long) page * size;
        for (TimeKey k : range) {
            if (total >= skip && items.size() < size) {
                find(k.decisionId()).ifPresent(items::add);
            }
            total++;
        }
        return new Page(items, page, size, total);
    }

    /** Every decision of a municipality received in [from, to), oldest first, without paging. */
    public void forEach(String municipality, Instant from, Instant to, java.util.function.Consumer<RoutingDecision> action) {
        NavigableSet<TimeKey> all = byMunicipality.get(municipality);
        if (all == null) {
            return;
        }
        for (TimeKey k : all.subSet(new TimeKey(from.toEpochMilli(), ""), true, new TimeKey(to.toEpochMilli(), ""), false)) {
            find(k.decisionId()).ifPresent(action);
        }
    }

    public long count() {
        return decisions.size();
    }

    private void index(RoutingDecision d) {
        byMunicipality.computeIfAbsent(d.municipality(), m -> new ConcurrentSkipListSet<>())
                .add(new TimeKey(d.input().receivedAt().toInstant().toEpochMilli(), d.decisionId()));
    }

    private String write(RoutingDecision d) {
        try {
            return json.writeValueAsString(d);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private RoutingDecision parse(String s) {
        try {
            return json.readValue(s, RoutingDecision.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
