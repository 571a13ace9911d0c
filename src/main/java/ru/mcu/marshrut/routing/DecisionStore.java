package ru.mcu.marshrut.routing;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Consumer;

import org.infinispan.Cache;
import org.infinispan.manager.EmbeddedCacheManager;

import com.fasterxml.jackson.databind.ObjectMapper;

import ru.mcu.marshrut.persistence.PersistentCaches;

/**
 * The durable audit log of decisions: one Infinispan cache with a soft-index file store under the data
 * directory, {@code decisions}: decision id → the decision as UTF-8 JSON, written through before a decision
 * is answered. Two indexes live in memory and are rebuilt from the store at start: (municipality, item id) →
 * decision id (idempotency without a disk read per new item; item ids are unique only within a municipality) and
 * municipality → decisions by time of receipt (listings).
 */
public final class DecisionStore {

    static final String DECISIONS = "decisions";
    /** How long a concurrent call for the same item waits for the first call's write. */
    private static final long WAIT_FOR_WINNER_MS = 10_000;

    private final Cache<String, byte[]> decisions;
    /** Writes of new, unique keys: no previous value to load from the store or to return. */
    private final org.infinispan.AdvancedCache<String, byte[]> writes;
    private final ObjectMapper json;
    private final Map<String, String> byItem = new ConcurrentHashMap<>();
    /** Writes under way in this process, by decision id: a concurrent call for the same item waits on its outcome. */
    private final Map<String, java.util.concurrent.CompletableFuture<RoutingDecision>> pending = new ConcurrentHashMap<>();
    /** Test seam: runs before a decision's write (a test makes it slow or fail). */
    java.util.function.Consumer<RoutingDecision> beforeWrite = d -> {
    };
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

    private DecisionStore(Cache<String, byte[]> decisions, ObjectMapper json) {
        this.decisions = decisions;
        this.writes = decisions.getAdvancedCache().withFlags(org.infinispan.context.Flag.IGNORE_RETURN_VALUES,
                org.infinispan.context.Flag.SKIP_CACHE_LOAD);
        this.json = json;
    }

    public static DecisionStore open(EmbeddedCacheManager manager, Path dataDir, boolean syncWrites, ObjectMapper json) {
        DecisionStore store = new DecisionStore(PersistentCaches.open(manager, dataDir, DECISIONS, syncWrites), json);
        store.decisions.values().forEach(bytes -> {
            RoutingDecision d = store.parse(bytes);
            store.byItem.put(itemKey(d.municipality(), d.itemId()), d.decisionId());
            store.index(d);
        });
        return store;
    }

    /**
     * Stores a new decision and returns the one that stands for its item: this one, or the first one when an
     * earlier or concurrent call for the same item won. The winner's write completes before it answers.
     */
    public RoutingDecision save(RoutingDecision decision) {
        String key = itemKey(decision.municipality(), decision.itemId());
        while (true) {
            var outcome = new java.util.concurrent.CompletableFuture<RoutingDecision>();
            pending.put(decision.decisionId(), outcome);
            String winner = byItem.putIfAbsent(key, decision.decisionId());
            if (winner == null) {
                try {
                    beforeWrite.accept(decision);
                    writes.put(decision.decisionId(), write(decision));
                } catch (RuntimeException e) {
                    byItem.remove(key, decision.decisionId()); // nothing stored: a retry may try again
                    pending.remove(decision.decisionId());
                    outcome.completeExceptionally(e);
                    throw e;
                }
                index(decision);
                pending.remove(decision.decisionId());
                outcome.complete(decision);
                return decision;
            }
            pending.remove(decision.decisionId());
            Optional<RoutingDecision> first = awaitStored(winner);
            if (first.isPresent()) {
                return first.get();
            }
            // The first call's write failed and released the item: this call tries to store its own decision.
        }
    }

    public Optional<RoutingDecision> find(String decisionId) {
        return Optional.ofNullable(decisions.get(decisionId)).map(this::parse);
    }

    /** The decision for an item of a municipality: the same item id elsewhere is another item. */
    public Optional<RoutingDecision> findByItemId(String municipality, String itemId) {
        String id = byItem.get(itemKey(municipality, itemId));
        return id == null ? Optional.empty() : awaitStored(id);
    }

    /**
     * A decision id is claimed before its write finishes: a concurrent caller waits for that write's outcome, without
     * polling, and learns at once when it failed (empty: the item is free again).
     */
    private Optional<RoutingDecision> awaitStored(String decisionId) {
        var outcome = pending.get(decisionId);
        if (outcome != null) {
            try {
                return Optional.of(outcome.get(WAIT_FOR_WINNER_MS, java.util.concurrent.TimeUnit.MILLISECONDS));
            } catch (java.util.concurrent.ExecutionException failed) {
                return Optional.empty();
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("Decision " + decisionId + " was claimed but not stored in time");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        // Stored already (the write completes before the claim's future is removed), or released by a failed write.
        return find(decisionId);
    }

    /** Decisions of a municipality whose item was received in [from, to), oldest first. */
    public Page list(String municipality, Instant from, Instant to, int page, int size) {
        List<RoutingDecision> items = new ArrayList<>(size);
        long skip = (long) page * size;
        long total = 0;
        for (TimeKey k : range(municipality, from, to)) {
            if (total >= skip && items.size() < size) {
                find(k.decisionId()).ifPresent(items::add);
            }
            total++;
        }
        return new Page(items, page, size, total);
    }

    /** Every decision of a municipality received in [from, to), oldest first, without paging. */
    public void forEach(String municipality, Instant from, Instant to, Consumer<RoutingDecision> action) {
        for (TimeKey k : range(municipality, from, to)) {
            find(k.decisionId()).ifPresent(action);
        }
    }

    private NavigableSet<TimeKey> range(String municipality, Instant from, Instant to) {
        NavigableSet<TimeKey> all = byMunicipality.get(municipality);
        if (all == null) {
            return new java.util.TreeSet<>();
        }
        return all.subSet(new TimeKey(from.toEpochMilli(), ""), true, new TimeKey(to.toEpochMilli(), ""), false);
    }

    /** Municipality ids contain no '/', so the key is unambiguous whatever the item id holds. */
    static String itemKey(String municipality, String itemId) {
        return municipality + '/' + itemId;
    }

    public long count() {
        return decisions.size();
    }

    private void index(RoutingDecision d) {
        byMunicipality.computeIfAbsent(d.municipality(), m -> new ConcurrentSkipListSet<>())
                .add(new TimeKey(d.input().receivedAt().toInstant().toEpochMilli(), d.decisionId()));
    }

    private byte[] write(RoutingDecision d) {
        return ru.mcu.marshrut.persistence.JsonBytes.write(json, d);
    }

    private RoutingDecision parse(byte[] bytes) {
        return ru.mcu.marshrut.persistence.JsonBytes.read(json, bytes, RoutingDecision.class);
    }
}
