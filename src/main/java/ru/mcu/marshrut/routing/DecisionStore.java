package ru.mcu.marshrut.routing;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.infinispan.Cache;
import org.infinispan.manager.EmbeddedCacheManager;

import com.fasterxml.jackson.databind.ObjectMapper;

import ru.mcu.marshrut.audit.log.AuditLog;
import ru.mcu.marshrut.persistence.JsonBytes;
import ru.mcu.marshrut.persistence.PersistentCaches;
import ru.mcu.marshrut.persistence.TimeBuckets;
import ru.mcu.marshrut.persistence.WriteScope;

/**
 * The durable store of decisions: Infinispan caches with soft-index file stores under the data directory.
 * {@code decisions}: decision id → the decision as UTF-8 JSON, written through before a decision is answered;
 * {@code decision-items}: (municipality, item id) → the id of the item's decision, the claim that makes an item's
 * decision unique: an atomic {@code putIfAbsent}, so the same item posted to two nodes at once gets one decision (item
 * ids are unique only within a municipality); {@code decision-times}: decisions by municipality and hour of receipt
 * ({@link TimeBuckets}), so that a listing or a report reads its period only; {@code open-items}: the items open now.
 * Nothing is kept in the heap per decision and nothing is rebuilt at start.
 * <p>
 * With the audit log (the service always has it), a decision is written once: as its entry in the municipality's log,
 * which the store reads back by decision id. What the API serves is then byte for byte what the log proves, and the
 * routing path pays for one write, not two. {@code decisions} holds only decisions written before that (read as
 * before) and those of a store without a log (engine-level tests, benchmarks).
 */
public final class DecisionStore {

    static final String DECISIONS = "decisions";
    static final String CLAIMS = "decision-items";
    /** How long a concurrent call for the same item waits for the first call's write. */
    private static final long WAIT_FOR_WINNER_MS = 10_000;

    private final Cache<String, byte[]> decisions;
    /** Writes of new, unique keys: no previous value to load from the store or to return. */
    private final org.infinispan.AdvancedCache<String, byte[]> writes;
    private final Cache<String, String> claims;
    /** Claims made straight in their store (a single node; null in a cluster, where the cache makes them). */
    private final ru.mcu.marshrut.persistence.DirectWrites newClaims;
    private final ObjectMapper json;
    /** Writes under way in this process, by decision id: a concurrent call for the same item waits on its outcome. */
    private final Map<String, java.util.concurrent.CompletableFuture<RoutingDecision>> pending = new ConcurrentHashMap<>();
    /** Test seam: runs before a decision's write (a test makes it slow or fail). */
    java.util.function.Consumer<RoutingDecision> beforeWrite = d -> {
    };
    /** Test seam: runs before the write batch of a single node is written (a test makes that write fail). */
    java.util.function.Consumer<RoutingDecision> beforeCommit = d -> {
    };
    private final TimeBuckets times;
    private final OpenItems open;
    private final AuditLog log;
    /**
     * A decision's writes — claim, time slot, open item, log entry — made durable as one write batch
     * ({@link WriteScope}). On a single node only: in a cluster the other owners write their copies each, and a
     * held write would be read by other nodes before it is durable here.
     */
    private final boolean grouped;

    public record Page(List<RoutingDecision> items, int page, int size, long total) {
    }

    private DecisionStore(Cache<String, byte[]> decisions, Cache<String, String> claims, TimeBuckets times,
            OpenItems open, ObjectMapper json, AuditLog log, boolean grouped) {
        this.log = log;
        this.grouped = grouped;
        this.decisions = decisions;
        this.claims = claims;
        this.newClaims = grouped ? ru.mcu.marshrut.persistence.DirectWrites.of(claims) : null;
        this.times = times;
        this.open = open;
        this.writes = decisions.getAdvancedCache().withFlags(org.infinispan.context.Flag.IGNORE_RETURN_VALUES,
                org.infinispan.context.Flag.SKIP_CACHE_LOAD);
        this.json = json;
    }

    /** A store that keeps decisions in its own cache (engine-level tests, benchmarks). */
    public static DecisionStore open(EmbeddedCacheManager manager, Path dataDir, boolean syncWrites, ObjectMapper json) {
        return open(manager, dataDir, syncWrites, json, null);
    }

    /** A store that writes each new decision as its entry in the audit log ({@code log} may be null: no log). */
    public static DecisionStore open(EmbeddedCacheManager manager, Path dataDir, boolean syncWrites, ObjectMapper json,
            AuditLog log) {
        DecisionStore store = new DecisionStore(PersistentCaches.open(manager, dataDir, DECISIONS, syncWrites),
                PersistentCaches.open(manager, dataDir, CLAIMS, syncWrites),
                new TimeBuckets(PersistentCaches.open(manager, dataDir, "decision-times", syncWrites)),
                new OpenItems(PersistentCaches.open(manager, dataDir, "open-items", syncWrites),
                        new TimeBuckets(PersistentCaches.open(manager, dataDir, "item-closings", syncWrites))),
                json, log, !PersistentCaches.clustered(manager));
        if (store.times.isEmpty() && !store.decisions.isEmpty()) {
            // A data directory from before the claims and the time index: built once from the stored decisions.
            PersistentCaches.forEachValue(store.decisions, bytes -> {
                RoutingDecision d = store.parse(bytes);
                store.claims.putIfAbsent(itemKey(d.municipality(), d.itemId()), d.decisionId());
                store.times.add(d.municipality(), d.input().receivedAt().toInstant(), d.decisionId());
            });
        }
        return store;
    }

    /**
     * The decision that stands for an item after {@link #store}, and whether it is the one given (false: an earlier);
     * for a new one also the JSON of its answer ({@link RoutingDecision#answer()}), cut out of the bytes written.
     */
    public record Saved(RoutingDecision decision, boolean created, byte[] answerJson) {

        static Saved earlier(RoutingDecision decision) {
            return new Saved(decision, false, null);
        }
    }

    /** {@link #store}, for callers that need only the decision that stands (no answer's JSON is cut out). */
    public RoutingDecision save(RoutingDecision decision) {
        return store(decision, false).decision();
    }

    /**
     * Stores a new decision and returns the one that stands for its item: this one, or the first one when an
     * earlier or concurrent call for the same item — on this node or another — won. The winner's write completes
     * before it answers. With the audit log the decision is stored under an id that names its log entry (the engine's
     * provisional id is replaced), the index taken before the item is claimed.
     */
    public Saved store(RoutingDecision proposed) {
        return store(proposed, true);
    }

    private Saved store(RoutingDecision proposed, boolean answer) {
        String m = proposed.municipality();
        String key = itemKey(m, proposed.itemId());
        boolean held = grouped && log != null;
        while (true) {
            long index = log == null ? -1 : held ? log.reserveHeld(m) : log.reserve(m);
            try {
                Saved saved = attempt(proposed, key, index, answer);
                if (saved != null) {
                    return saved;
                }
            } catch (ru.mcu.marshrut.audit.log.AuditLog.IndexTaken taken) {
                continue; // nothing of it stored, the item released: stored at a new index, under an id naming it
            } finally {
                if (held) {
                    log.settled(m, index); // stored, VOID, or (at worst) left for the hasher to fill
                }
            }
            // The first call's write failed and released the item: this call tries to store its own decision.
        }
    }

    /**
     * One try at {@link #store} with a log index taken: the saved decision (with its answer's JSON if {@code answer}),
     * or null to try again.
     */
    private Saved attempt(RoutingDecision proposed, String key, long index, boolean answer) {
        String m = proposed.municipality();
        RoutingDecision decision = log == null ? proposed
                : proposed.withDecisionId(ru.mcu.marshrut.audit.log.DecisionIds.of(m, index));
        var outcome = new java.util.concurrent.CompletableFuture<RoutingDecision>();
        pending.put(decision.decisionId(), outcome);
        String winner;
        WriteScope group = grouped ? WriteScope.open() : null;
        try {
            winner = claim(key, decision.decisionId());
        } catch (RuntimeException | Error e) { // an error too: a held write must not outlive its call
            if (group != null) {
                group.close();
            }
            pending.remove(decision.decisionId());
            voidEntry(decision, index, "решение не сохранено: ошибка записи");
            throw e;
        }
        if (winner != null) {
            if (group != null) {
                group.close(); // held nothing: the item had its decision
            }
            pending.remove(decision.decisionId());
            voidEntry(decision, index, "по обращению уже принято решение " + winner);
            if (grouped && log != null) {
                log.settled(m, index); // its VOID is stored: the hasher need not wait while this call waits below
            }
            Optional<RoutingDecision> first = awaitStored(key, winner);
            return first.map(Saved::earlier).orElse(null);
        }
        String slot = null;
        String filedOpen = null;
        boolean entryHeld = false;
        byte[] leaf = null;
        byte[] answerJson = null;
        try {
            // The indexes first: an index entry whose decision is missing is skipped by readers, a decision
            // missing from its indexes would be lost to them.
            slot = times.add(m, decision.input().receivedAt().toInstant(), decision.decisionId());
            filedOpen = open.openedNew(m, decision.itemId(),
                    RoutingDecision.ROUTED.equals(decision.outcome()) ? decision.recipient().id() : null,
                    OpenItems.due(decision.deadline()));
            beforeWrite.accept(decision);
            // The bytes stored are written into this thread's buffer: with the log, the entry's head, the decision
            // and the entry's closing brace; the answer is a part of them. On a single node they go from there to the
            // write batch's native memory (no copy on the heap: the largest allocation of a decision, ≈ 3 KB).
            JsonBytes.Buffer out = JsonBytes.buffer();
            try {
                int answerFrom = log == null ? 0
                        : log.decisionHead(out, m, index, decision.requestedBy(), decision.decisionId());
                int answerLast = DecisionJson.writeTo(json, decision, out);
                if (log != null) {
                    out.write('}');
                }
                if (log == null) {
                    writes.put(decision.decisionId(), out.toByteArray());
                } else if (group == null) {
                    log.writeDecision(m, index, out.toByteArray());
                } else {
                    entryHeld = true;
                    leaf = log.writeDecisionHeld(m, index, out);
                }
                if (answer) {
                    answerJson = DecisionJson.answer(out, answerFrom, answerLast);
                }
            } finally {
                JsonBytes.release(out);
            }
            if (group != null) {
                beforeCommit.accept(decision);
                group.commit();
                group.close();
            }
        } catch (RuntimeException | Error e) {
            // An error too: a held write must not outlive its call. Taken back while the claim still holds the
            // item — in the scope, if one is open: then dropped with it, and no call can claim the item meanwhile and
            // have its own entries taken back by this one.
            if (entryHeld) {
                takeBack(e, () -> log.decisionNotStored(m, index));
            }
            String takenSlot = slot;
            takeBack(e, () -> {
                if (takenSlot != null) {
                    times.remove(takenSlot);
                }
            });
            String takenOpen = filedOpen;
            takeBack(e, () -> {
                if (takenOpen != null) {
                    // Before the claim is released: a call that claims the item next files it again itself
                    open.forget(m, decision.itemId(), takenOpen);
                }
            });
            takeBack(e, () -> claims.remove(key, decision.decisionId())); // nothing stored: a retry may try again
            if (group != null) {
                group.close(); // nothing held is written; what follows is written at once
            }
            pending.remove(decision.decisionId());
            takeBack(e, () -> voidEntry(decision, index, "решение не сохранено: ошибка записи"));
            outcome.completeExceptionally(e);
            throw e;
        }
        if (entryHeld) {
            log.decisionStored(m, index, leaf);
        }
        pending.remove(decision.decisionId());
        outcome.complete(decision);
        return new Saved(decision, true, answerJson);
    }

    /**
     * Claims the item for the decision: null, or the id of the decision that claimed it first. On a single node the
     * claim is written straight to its store, atomically against every other claim of the item (all are made here);
     * in a cluster the cache's {@code putIfAbsent} decides between the nodes.
     */
    private String claim(String key, String decisionId) {
        if (newClaims == null) {
            return claims.putIfAbsent(key, decisionId);
        }
        while (true) {
            if (newClaims.claim(key, decisionId)) {
                return null;
            }
            String winner = claims.get(key);
            if (winner != null) {
                return winner;
            }
            // The claim found was being taken back (its write failed): the item is free in a moment.
            Thread.onSpinWait();
        }
    }

    /** One step of taking back a failed write: its own failure is added to the first, and the next steps still run. */
    private static void takeBack(Throwable failure, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** The log index taken for a decision that is not stored is filled at once, saying why (no gap in the log). */
    private void voidEntry(RoutingDecision decision, long index, String reason) {
        if (log != null) {
            log.writeVoid(decision.municipality(), index, decision.requestedBy(), decision.decisionId(),
                    Map.of("reason", reason, "itemId", decision.itemId()));
        }
    }

    public Optional<RoutingDecision> find(String decisionId) {
        if (log != null) {
            Optional<byte[]> entry = log.decisionEntry(decisionId);
            if (entry.isPresent()) {
                return fromEntry(decisionId, entry.get());
            }
        }
        return Optional.ofNullable(decisions.get(decisionId)).map(this::parse);
    }

    /** The decisions of these ids that are stored, in no particular order: from the log, then from the old cache. */
    private List<RoutingDecision> readAll(java.util.Collection<String> ids) {
        List<RoutingDecision> out = new ArrayList<>(ids.size());
        java.util.Set<String> rest = new java.util.LinkedHashSet<>(ids);
        if (log != null) {
            log.decisionEntries(ids).forEach((id, entry) -> {
                fromEntry(id, entry).ifPresent(out::add);
                rest.remove(id);
            });
        }
        if (!rest.isEmpty()) {
            for (byte[] b : decisions.getAdvancedCache().getAll(rest).values()) {
                if (b != null) {
                    out.add(parse(b));
                }
            }
        }
        return out;
    }

    /**
     * What every copy of an item's claim should hold once copies differ between a cluster's nodes ({@code
     * cluster.ReplicaRepair}): the first claim (the primary owner's first) whose decision is stored for that item, or
     * none. A claim left by a node killed before its decision was stored would make the item's next caller wait
     * {@value #WAIT_FOR_WINNER_MS} ms for a decision that never comes.
     */
    public Object repairedClaim(String key, List<Object> copies) {
        for (Object id : copies) {
            if (find((String) id).filter(d -> key.equals(itemKey(d.municipality(), d.itemId()))).isPresent()) {
                return id;
            }
        }
        return null;
    }

    /** The decision for an item of a municipality: the same item id elsewhere is another item. */
    public Optional<RoutingDecision> findByItemId(String municipality, String itemId) {
        String key = itemKey(municipality, itemId);
        if (newClaims != null && !newClaims.contains(key)) {
            return Optional.empty(); // a new item, the usual case: one store lookup, not one through the cache
        }
        String id = claims.get(key);
        return id == null ? Optional.empty() : awaitStored(key, id);
    }

    /**
     * A decision id is claimed before its write finishes: a concurrent caller waits for that write's outcome — on this
     * node without polling, and learns at once when it failed (empty: the item is free again); a claim made on another
     * node is polled, with growing pauses, until its decision appears or the claim is released. A claim whose writer
     * died before writing (its node was killed) is released after {@link #WAIT_FOR_WINNER_MS}.
     */
    private Optional<RoutingDecision> awaitStored(String key, String decisionId) {
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
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(WAIT_FOR_WINNER_MS);
        long pause = 1;
        while (true) {
            // The decision of this item only: in a cluster an index given twice names two items' decisions with one id
            // until the loser, finding its index taken, takes its claim back
            Optional<RoutingDecision> stored = find(decisionId)
                    .filter(d -> key.equals(itemKey(d.municipality(), d.itemId())));
            if (stored.isPresent() || !decisionId.equals(claims.get(key))) {
                return stored; // stored, or released by a failed write
            }
            if (System.nanoTime() > deadline) {
                claims.remove(key, decisionId); // its writer is gone: the item is free again
                return Optional.empty();
            }
            sleep(pause);
            pause = Math.min(pause * 2, 50);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Decisions of a municipality whose item was received in [from, to), oldest first. */
    public Page list(String municipality, Instant from, Instant to, int page, int size) {
        List<RoutingDecision> items = new ArrayList<>(size);
        long skip = (long) page * size;
        long[] total = { 0 };
        times.forEach(municipality, from, to, hour -> {
            if (hour.within(from, to) && (total[0] + hour.ids().size() <= skip || items.size() >= size)) {
                total[0] += hour.ids().size(); // counted, not read: before or after the page
                return;
            }
            for (RoutingDecision d : load(hour, from, to)) {
                if (total[0] >= skip && items.size() < size) {
                    items.add(d);
                }
                total[0]++;
            }
        });
        return new Page(items, page, size, total[0]);
    }

    /**
     * The decisions of a period that pass a filter (recipient, outcome, rule id…), oldest first: every decision of
     * the period is read, since a filter cannot be counted without reading.
     */
    public Page list(String municipality, Instant from, Instant to, int page, int size,
            java.util.function.Predicate<RoutingDecision> filter) {
        List<RoutingDecision> items = new ArrayList<>(size);
        long skip = (long) page * size;
        long[] total = { 0 };
        forEach(municipality, from, to, d -> {
            if (!filter.test(d)) {
                return;
            }
            if (total[0] >= skip && items.size() < size) {
                items.add(d);
            }
            total[0]++;
        });
        return new Page(items, page, size, total[0]);
    }

    /** Every decision of a municipality received in [from, to), oldest first, without paging; reads only that period. */
    public void forEach(String municipality, Instant from, Instant to, Consumer<RoutingDecision> action) {
        times.forEach(municipality, from, to, hour -> load(hour, from, to).forEach(action));
    }

    /**
     * The ids of the decisions filed in the hours that cover [from, to), an hour at a time: without reading the
     * decisions (the caller filters by receipt time from what it reads instead).
     */
    public void forEachIds(String municipality, Instant from, Instant to, Consumer<List<String>> action) {
        times.forEach(municipality, from, to, hour -> action.accept(hour.ids()));
    }

    /** The decision ids of the items open now: from the open items and the claims, no decision read. */
    public List<String> openDecisionIds(String municipality) {
        List<String> items = new ArrayList<>();
        open.forEach(municipality, (item, holder) -> items.add(item));
        return decisionIdsOfItems(municipality, items);
    }

    /** The decision ids of these items of a municipality, those that have one. */
    public List<String> decisionIdsOfItems(String municipality, java.util.Collection<String> itemIds) {
        if (itemIds.isEmpty()) {
            return List.of();
        }
        java.util.Set<String> keys = new java.util.LinkedHashSet<>();
        itemIds.forEach(item -> keys.add(itemKey(municipality, item)));
        List<String> out = new ArrayList<>(keys.size());
        claims.getAdvancedCache().getAll(keys).values().forEach(id -> {
            if (id != null) {
                out.add(id);
            }
        });
        return out;
    }

    /** The decisions of one hour that fall in [from, to), in order of receipt. */
    private List<RoutingDecision> load(TimeBuckets.Hour hour, Instant from, Instant to) {
        List<RoutingDecision> out = new ArrayList<>(hour.ids().size());
        for (RoutingDecision d : readAll(hour.ids())) {
            Instant at = d.input().receivedAt().toInstant();
            if (!at.isBefore(from) && at.isBefore(to)) {
                out.add(d);
            }
        }
        out.sort(java.util.Comparator.comparing((RoutingDecision d) -> d.input().receivedAt().toInstant())
                .thenComparing(RoutingDecision::decisionId));
        return out;
    }

    /** Municipality ids contain no '/', so the key is unambiguous whatever the item id holds. */
    static String itemKey(String municipality, String itemId) {
        return municipality + '/' + itemId;
    }

    /** Decisions in the store's own cache: those of a store without a log, or written before the log held them. */
    public long count() {
        return decisions.size();
    }

    /** The decisions of the items open now, oldest first: read from the open items, not from the history. */
    public List<RoutingDecision> openNow(String municipality) {
        List<String> items = new ArrayList<>();
        open.forEach(municipality, (item, holder) -> items.add(item));
        return byItems(municipality, items);
    }

    /**
     * The decisions of the items that may have been open at {@code at}, oldest first: those open now and those closed
     * since, received by then. The caller replays each to {@code at}; the cost follows the open items and the items
     * closed since, not the history.
     */
    public List<RoutingDecision> openAt(String municipality, Instant at) {
        java.util.Set<String> items = new java.util.LinkedHashSet<>();
        open.forEach(municipality, (item, holder) -> items.add(item));
        open.closedSince(municipality, at, items::add);
        return byItems(municipality, items).stream().filter(d -> !d.input().receivedAt().toInstant().isAfter(at)).toList();
    }

    private List<RoutingDecision> byItems(String municipality, java.util.Collection<String> itemIds) {
        java.util.Set<String> keys = new java.util.LinkedHashSet<>();
        itemIds.forEach(id -> keys.add(itemKey(municipality, id)));
        Map<String, String> ids = claims.getAdvancedCache().getAll(keys);
        List<RoutingDecision> out = readAll(new java.util.HashSet<>(ids.values()));
        out.sort(java.util.Comparator.comparing((RoutingDecision d) -> d.input().receivedAt().toInstant())
                .thenComparing(RoutingDecision::decisionId));
        return out;
    }

    /** The open items, maintained here as decisions are stored and by the item lifecycle as events change them. */
    public OpenItems openItems() {
        return open;
    }

    private RoutingDecision parse(byte[] bytes) {
        return ru.mcu.marshrut.persistence.JsonBytes.read(json, bytes, RoutingDecision.class);
    }

    /**
     * The decision a log entry holds as its payload, read in one pass (no intermediate tree) — if the entry is the
     * decision {@code decisionId} (an id names an index; a made-up id may name another entry, or a VOID one).
     */
    private Optional<RoutingDecision> fromEntry(String decisionId, byte[] entry) {
        try (com.fasterxml.jackson.core.JsonParser p = json.getFactory().createParser(entry)) {
            AuditLog.Header h;
            try {
                h = AuditLog.readHeader(p);
            } catch (com.fasterxml.jackson.core.JsonProcessingException notAnEntry) {
                return Optional.empty(); // the key a made-up id names holds no log entry: no such decision
            }
            boolean atPayload = p.currentToken() != null && p.currentToken() != com.fasterxml.jackson.core.JsonToken.END_OBJECT;
            return "DECISION".equals(h.kind()) && decisionId.equals(h.ref()) && atPayload
                    ? Optional.of(json.readValue(p, RoutingDecision.class))
                    : Optional.empty();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
