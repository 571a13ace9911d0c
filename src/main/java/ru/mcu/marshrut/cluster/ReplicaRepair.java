package ru.mcu.marshrut.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.infinispan.AdvancedCache;
import org.infinispan.Cache;
import org.infinispan.commons.marshall.WrappedByteArray;
import org.infinispan.conflict.ConflictManager;
import org.infinispan.conflict.ConflictManagerFactory;
import org.infinispan.container.entries.CacheEntry;
import org.infinispan.container.entries.InternalCacheValue;
import org.infinispan.container.entries.NullCacheEntry;
import org.infinispan.context.Flag;
import org.infinispan.factories.ComponentRegistry;
import org.infinispan.manager.EmbeddedCacheManager;
import org.infinispan.notifications.Listener;
import org.infinispan.notifications.cachemanagerlistener.annotation.ViewChanged;
import org.infinispan.notifications.cachemanagerlistener.event.ViewChangedEvent;
import org.infinispan.persistence.manager.PersistenceManager;
import org.infinispan.remoting.transport.Address;
import org.jboss.logging.Logger;

/**
 * Makes the copies of the history caches agree again after the members of a cluster change.
 * <p>
 * Writes are not transactional. A node killed in the middle of a decision can leave one of its keys on one owner
 * only: it wrote its own copy and died before the other owner's, or the other way round. A read asks one owner, so
 * such a key is there for some reads and missing for others. A review (2026-12-07) saw a decision answered to a retry
 * go missing on one node after the killed node rejoined, and its item decided again. A node that rejoins also brings
 * back, in its own store, keys it wrote just before it was killed and that no other node has: Infinispan's state
 * transfer copies what the other owners hold onto it, but keeps a key that only it holds, and only its reads see it.
 * <p>
 * After each change of members, once no rebalance is running, each node reads every owner's copy of each key of
 * these caches ({@link ConflictManager#getConflicts()}, checked key by key, {@link #repair}) and writes, to all
 * owners, the value resolved from them.
 * Each write is conditional on what the primary owner holds, so a request writing the key meanwhile is not
 * overwritten. Keys written once ({@link #WRITE_ONCE}) take the value one copy has and another lacks; the time
 * indexes' lists and marks are merged ({@link #merge}). A cache whose entries are removed when done cannot be resolved
 * from its copies: a copy missing there may be a removal the rejoining node did not see (an item closed while it was
 * away comes back open on it), or a write that reached one owner only. Such a cache is repaired only with a resolver
 * that knows the answer from other data (an item's open entry from its decision and events); one without — pending
 * Open311 requests, received Open311 requests (removed when their item could not be routed) — is left as it is.
 */
public final class ReplicaRepair implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ReplicaRepair.class);

    /**
     * Caches whose keys are written once: audit entries, decisions, events, items' claims — repaired in this order, as
     * a claim's resolver reads its decision. A key there is removed only when its own write
     * failed before anything was answered (an entry not stored, a claim taken back): one that a rejoining node brings
     * back is an entry the hasher fills the index with anyway, or a claim that its domain resolver drops when its
     * decision is not stored (by default the first copy is kept).
     */
    static final List<String> WRITE_ONCE = List.of("audit-entries", "decisions", "item-events", "decision-items");
    /**
     * Caches whose values only grow, by bytes appended: the audit tree's tiles of hashes ({@code audit.log.AuditLog}),
     * each rewritten longer as the log grows. The longest copy that extends the others is the newest.
     */
    static final List<String> APPENDED = List.of("audit-nodes");
    /** Time indexes ({@code persistence.TimeBuckets}): slots written once, and lists and marks that only grow. */
    static final List<String> TIME_INDEXES = List.of("decision-times", "item-closings", "open311-times");

    /**
     * The value every owner of a key should hold, from the copies its owners hold now (none null; the primary owner's
     * first): null for none (every copy is removed).
     */
    @FunctionalInterface
    public interface Resolver {
        Object resolve(String key, List<Object> copies);
    }

    /** What one run repaired, by cache (caches without a difference are not listed), and when it ended. */
    public record Run(Map<String, Long> repaired, Instant finished) {
    }

    private final EmbeddedCacheManager manager;
    private final long settleMillis;
    private final ScheduledExecutorService runner = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "marshrut-replica-repair");
        t.setDaemon(true);
        return t;
    });
    private final ViewWatch watch = new ViewWatch();
    /** The caches repaired, in order (what a later one's resolver reads is repaired first), each with its resolver. */
    private final Map<String, Resolver> resolvers = new LinkedHashMap<>();
    /** Keys written, by cache, since this node started (runs cut short included). */
    private final Map<String, AtomicLong> totals = new java.util.concurrent.ConcurrentHashMap<>();
    private ScheduledFuture<?> next;
    private volatile Run last;
    /** Runs asked for (one per change of members, and each retry) and the last of them that finished. */
    private final AtomicLong asked = new AtomicLong();
    private volatile long finished;
    /** Caches whose copies on this node are checked first, each run, before the conflict stream. */
    private final java.util.Set<String> ownCopiesFirst;
    private volatile boolean ownCopiesChecked;

    /**
     * Starts watching the members of {@code manager}'s cluster: {@code settle} after a change (and after the next
     * change, when another comes meanwhile) this node repairs {@link #WRITE_ONCE}, {@link #APPENDED} and
     * {@link #TIME_INDEXES}, then the caches of {@code domain}, each by its resolver: caches whose right value is known
     * from other data (an item's open entry from its history) rather than from the copies alone. A resolver of
     * {@code domain} replaces the default of a cache named above (an item's claim).
     */
    public ReplicaRepair(EmbeddedCacheManager manager, Duration settle, Map<String, Resolver> domain) {
        this(manager, settle, domain, java.util.Set.of());
    }

    /**
     * As above; the caches of {@code ownCopiesFirst} have every copy this node keeps checked first at each run
     * ({@link #repairOwnCopies}). The first run is {@code settle} after this call: a node that joins a cluster sees no
     * change of members after its own join.
     */
    public ReplicaRepair(EmbeddedCacheManager manager, Duration settle, Map<String, Resolver> domain,
            java.util.Set<String> ownCopiesFirst) {
        this.manager = manager;
        this.ownCopiesFirst = ownCopiesFirst;
        this.settleMillis = settle.toMillis();
        for (String name : WRITE_ONCE) {
            resolvers.put(name, (key, copies) -> copies.get(0));
        }
        for (String name : APPENDED) {
            resolvers.put(name, (key, copies) -> longest(copies));
        }
        for (String name : TIME_INDEXES) {
            resolvers.put(name, (key, copies) -> merge(name, key, copies));
        }
        resolvers.putAll(domain);
        manager.addListener(watch);
        schedule(settleMillis);
    }

    @Listener(sync = false)
    public final class ViewWatch {
        @ViewChanged
        public void viewChanged(ViewChangedEvent e) {
            schedule(settleMillis);
        }
    }

    private synchronized void schedule(long delayMillis) {
        if (runner.isShutdown()) {
            return;
        }
        if (next != null) {
            next.cancel(false);
        }
        long run = asked.incrementAndGet();
        next = runner.schedule(() -> run(run), delayMillis, TimeUnit.MILLISECONDS);
    }

    private void run(long asking) {
        try {
            Run run = repairNow();
            if (run == null) {
                schedule(1_000); // a rebalance is running: after it
                return;
            }
            last = run;
            finished = asking;
            if (!run.repaired().isEmpty()) {
                LOG.warnf("Replica repair after a change of members: copies made to agree %s", run.repaired());
            }
        } catch (RuntimeException e) {
            if (runner.isShutdown()) {
                return;
            }
            // A member left or joined while the copies were read: the next view schedules another run; this one is
            // tried again in case none comes
            LOG.warnf("Replica repair did not finish (%s); trying again in 5 s", e.toString());
            schedule(5_000);
        }
    }

    /** Keys of {@code cache} written by repairs since this node started. */
    public long repaired(String cache) {
        AtomicLong n = totals.get(cache);
        return n == null ? 0 : n.get();
    }

    /** Whether the last run asked for has finished: none is waiting or running. */
    public boolean settled() {
        return finished == asked.get();
    }

    /**
     * For an operator (the storage readiness check): whether a run is waiting or running, else what the last one on this
     * node made to agree and when it finished.
     */
    public String describe() {
        Run run = last;
        if (!settled()) {
            return "waiting for the rebalance or running";
        }
        if (run == null) {
            return "none run since this node started";
        }
        Map<String, Long> sinceStart = new java.util.TreeMap<>();
        totals.forEach((cache, n) -> {
            if (n.get() > 0) {
                sinceStart.put(cache, n.get());
            }
        });
        // A later run that found nothing would hide what an earlier one did: the totals since the start stay
        return "finished " + run.finished() + (run.repaired().isEmpty() ? ": every copy agreed"
                : ": keys made to agree " + run.repaired())
                + (sinceStart.isEmpty() ? "" : "; since this node started: " + sinceStart);
    }

    /**
     * Repairs every cache of {@link #WRITE_ONCE}, {@link #APPENDED}, {@link #TIME_INDEXES} and the domain resolvers
     * running on this node, now; null (and nothing done) while a rebalance of one of them is running.
     */
    public Run repairNow() {
        List<Cache<String, Object>> caches = new ArrayList<>();
        for (String name : resolvers.keySet()) {
            if (manager.isRunning(name)) {
                Cache<String, Object> cache = manager.getCache(name);
                // A rebalance anywhere in the cluster, not only into this node: until a new owner has its copies,
                // they read as missing
                var distribution = cache.getAdvancedCache().getDistributionManager();
                if (distribution.isRehashInProgress()
                        || ConflictManagerFactory.get(cache.getAdvancedCache()).isStateTransferInProgress()
                        // joined, but the rebalance that gives it its share has not started: it owns nothing yet, and
                        // its own copies would all look like copies of keys it does not own
                        || distribution.getCacheTopology().getLocalWriteSegments().isEmpty()) {
                    return null;
                }
                caches.add(cache);
            }
        }
        Map<String, Long> repaired = new LinkedHashMap<>();
        // This node's own copies first, where a stale one does harm: the readiness check waits for them
        for (Cache<String, Object> cache : caches) {
            if (ownCopiesFirst.contains(cache.getName())) {
                add(repaired, cache.getName(), repairOwnCopies(cache.getAdvancedCache(), resolvers.get(cache.getName()),
                        total(cache.getName())));
            }
        }
        ownCopiesChecked = true;
        for (Cache<String, Object> cache : caches) {
            add(repaired, cache.getName(), repair(cache.getAdvancedCache(), resolvers.get(cache.getName()),
                    total(cache.getName())));
        }
        return new Run(repaired, Instant.now());
    }

    private AtomicLong total(String cache) {
        return totals.computeIfAbsent(cache, k -> new AtomicLong());
    }

    private static void add(Map<String, Long> repaired, String cache, long n) {
        if (n > 0) {
            repaired.merge(cache, n, Long::sum);
        }
    }

    /**
     * Whether this node's own copies of the caches it checks first ({@code ownCopiesFirst}) have been compared with
     * the other owners' since it started: until then a copy it alone kept may be read from it (an item closed while it
     * was away, open again on it).
     */
    public boolean ownCopiesChecked() {
        return ownCopiesChecked;
    }

    /**
     * Every copy this node keeps of a cache, its store included, checked with the other owners: the conflict stream
     * of this node cannot see its own copies on disk, and a node that owned a key once keeps its copy in its store
     * after it no longer does (the stores are not divided by segment), to be read again when it owns the key again
     * after a restart — whatever was removed meanwhile. A copy of a key this node does not own now is dropped; one
     * it owns is repaired as the stream's keys are. Meant for a cache that stays small (the items open now).
     */
    static long repairOwnCopies(AdvancedCache<String, Object> cache, Resolver resolver, AtomicLong total) {
        // From the store itself: the cache's own local iteration leaves out the segments this node does not own
        PersistenceManager stores = ComponentRegistry.of(cache).getComponent(PersistenceManager.class);
        List<Object> keys = io.reactivex.rxjava3.core.Flowable.fromPublisher(
                stores.publishKeys(null, PersistenceManager.AccessMode.PRIVATE)).toList().blockingGet();
        ConflictManager<String, Object> conflicts = ConflictManagerFactory.get(cache);
        var topology = cache.getDistributionManager();
        long repaired = 0;
        for (Object k : keys) {
            String key = (String) k;
            var distribution = topology.getCacheTopology().getDistribution(key);
            if (!distribution.isWriteOwner()) {
                if (topology.isRehashInProgress()) {
                    // it may be on its way to this node as an owner's copy: the run is tried again after the rebalance
                    throw new IllegalStateException("a rebalance started while this node's own copies were checked");
                }
                stores.deleteFromAllStores(key, distribution.segmentId(), PersistenceManager.AccessMode.PRIVATE)
                        .toCompletableFuture().join();
            } else if (repairKey(cache, conflicts, key, resolver)) {
                repaired++;
                total.incrementAndGet();
            }
        }
        return repaired;
    }

    /**
     * The keys of one cache whose copies differ, each written to all its owners as resolved; how many.
     * <p>
     * The conflict stream names the keys to look at, but its reading of this node's own copies is only what this node
     * holds in memory (Infinispan 15 reads the local data container, not the store, while other owners' copies come
     * from their stores too): most of a history is on disk only, so a named key is compared with this node's stored
     * copy, and checked again through every owner's store ({@link ConflictManager#getAllVersions}) before anything is
     * written. A key whose copies differ only on disk here is named by the stream of the node that lacks it, or of a
     * node that owns none of it: every node runs the repair.
     * <p>
     * Each write is conditional on the primary owner's copy, so that a request that wrote the key since the copies
     * were read is not overwritten: it wrote every owner's copy itself. (A value removed from copies the primary
     * lacks is there, for the moment between two writes, on every owner.)
     */
    static long repair(AdvancedCache<String, Object> cache, Resolver resolver, AtomicLong total) {
        AtomicLong repaired = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        ConflictManager<String, Object> conflicts = ConflictManagerFactory.get(cache);
        RuntimeException[] first = new RuntimeException[1];
        try (var stream = conflicts.getConflicts()) {
            // An exception out of this action would leave the stream unfinished, and the cache's conflict manager
            // refuses every later stream: each key's failure is kept, and the stream runs to its end
            AdvancedCache<String, Object> local = cache.withFlags(Flag.CACHE_MODE_LOCAL, Flag.SKIP_OWNERSHIP_CHECK);
            Address here = cache.getRpcManager().getAddress();
            stream.forEach(named -> {
                try {
                    String key = keyOf(named);
                    // This node's own copy from its store (microseconds) before the owners are asked (a round trip):
                    // on a long history nearly every key this node owns is named for being on disk only
                    if (named.containsKey(here) && agree(named, here, local.get(key))) {
                        return;
                    }
                    if (repairKey(cache, conflicts, key, resolver)) {
                        repaired.incrementAndGet();
                        total.incrementAndGet();
                    }
                } catch (RuntimeException e) {
                    if (failed.getAndIncrement() == 0) {
                        first[0] = e;
                    }
                }
            });
        }
        if (first[0] != null) {
            throw new IllegalStateException(failed.get() + " keys of " + cache.getName() + " not repaired", first[0]);
        }
        return repaired.get();
    }

    /** Whether every copy named, this node's as read from its store, is there and the same. */
    private static boolean agree(Map<Address, CacheEntry<String, Object>> named, Address here, Object ownCopy) {
        if (ownCopy == null) {
            return false;
        }
        for (var e : named.entrySet()) {
            Object v = e.getKey().equals(here) ? ownCopy
                    : e.getValue() == null || e.getValue() instanceof NullCacheEntry ? null : plain(e.getValue().getValue());
            if (v == null || !same(v, ownCopy)) {
                return false;
            }
        }
        return true;
    }

    /** One key: its copies read from every owner; false when they agree (or a request changed it meanwhile). */
    private static boolean repairKey(AdvancedCache<String, Object> cache, ConflictManager<String, Object> conflicts,
            String key, Resolver resolver) {
        Map<Address, InternalCacheValue<Object>> versions = conflicts.getAllVersions(key);
        Address primary = cache.getDistributionManager().getCacheTopology().getDistribution(key).primary();
        Object atPrimary = null;
        List<Object> values = new ArrayList<>();
        boolean missing = false;
        for (var e : versions.entrySet()) {
            Object v = e.getValue() == null ? null : plain(e.getValue().getValue());
            if (v == null) {
                missing = true;
            } else if (e.getKey().equals(primary)) {
                atPrimary = v;
                values.add(0, v);
            } else {
                values.add(v);
            }
        }
        if (values.isEmpty()) {
            return false; // removed everywhere since the stream named it
        }
        if (!missing && values.stream().allMatch(v -> same(v, values.get(0)))) {
            return false; // they agree: the stream's reading of this node's copy was from memory only
        }
        Object target = resolver.resolve(key, values);
        if (target != null && !missing && values.stream().allMatch(v -> same(v, target))) {
            return false;
        }
        if (target == null && atPrimary == null) {
            // Copies the primary lacks: a removal the primary has nothing to remove is not passed on to the other
            // owners, so the copy is given to it first and removed as that value (a request that filed the key
            // meanwhile is neither overwritten nor removed)
            Object stale = values.get(0);
            return cache.putIfAbsent(key, stale) == null && cache.remove(key, stale);
        }
        if (target == null) {
            return cache.remove(key, atPrimary);
        }
        return atPrimary == null ? cache.putIfAbsent(key, target) == null : cache.replace(key, atPrimary, target);
    }

    /** A value as the cache's readers know it: Infinispan holds a byte array wrapped (for its equality by content). */
    private static Object plain(Object v) {
        return v instanceof WrappedByteArray w ? w.getBytes() : v;
    }

    private static String keyOf(Map<Address, CacheEntry<String, Object>> copies) {
        for (CacheEntry<String, Object> e : copies.values()) {
            if (e != null && !(e instanceof NullCacheEntry)) {
                return e.getKey();
            }
        }
        throw new IllegalStateException("a conflict without any value: " + copies);
    }

    /**
     * The value every owner of {@code key} gets, from its non-null copies, the primary owner's first. A key written
     * once keeps the primary's value (what reads have seen), else the one there is. A time index's lists and marks
     * only grow: a span ({@code first,last} hours) is widened to cover every copy, writer lists are united in order, and
     * a high-water mark is the highest — a lower one would hide the slots past it from readers.
     */
    static Object merge(String cache, String key, List<Object> values) {
        Object first = values.get(0);
        if (!TIME_INDEXES.contains(cache) || values.size() == 1) {
            return first;
        }
        if (key.endsWith("/span")) {
            long from = Long.MAX_VALUE, to = Long.MIN_VALUE;
            for (Object v : values) {
                String s = (String) v;
                int comma = s.indexOf(',');
                from = Math.min(from, Long.parseLong(s.substring(0, comma)));
                to = Math.max(to, Long.parseLong(s.substring(comma + 1)));
            }
            return from + "," + to;
        }
        if (key.endsWith("/writers")) {
            LinkedHashSet<String> names = new LinkedHashSet<>();
            for (Object v : values) {
                names.addAll(Arrays.asList(((String) v).split(",")));
            }
            return String.join(",", names);
        }
        if (key.endsWith("/mark")) {
            long highest = Long.MIN_VALUE;
            for (Object v : values) {
                highest = Math.max(highest, Long.parseLong((String) v));
            }
            return Long.toString(highest);
        }
        return first;
    }

    /**
     * The longest copy of which every other is a beginning; the primary's (the first) when two differ in what they
     * share: that is not growth, and reads have been seeing the primary's.
     */
    static Object longest(List<Object> copies) {
        byte[] longest = (byte[]) copies.get(0);
        for (Object o : copies) {
            byte[] c = (byte[]) o;
            byte[] shorter = c.length < longest.length ? c : longest;
            byte[] longer = shorter == c ? longest : c;
            if (!Arrays.equals(shorter, 0, shorter.length, longer, 0, shorter.length)) {
                return copies.get(0);
            }
            longest = longer;
        }
        return longest;
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        return Objects.equals(a, b);
    }

    @Override
    public void close() {
        manager.removeListener(watch);
        runner.shutdownNow();
    }
}
