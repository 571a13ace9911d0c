package ru.mcu.marshrut.rating;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.infinispan.Cache;
import org.infinispan.manager.EmbeddedCacheManager;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.Startup;

import ru.mcu.marshrut.MarshrutConfig;
import ru.mcu.marshrut.dmn.InvalidRulesetException;
import ru.mcu.marshrut.dmn.RuleSources;
import ru.mcu.marshrut.municipalities.MunicipalityCatalog;
import ru.mcu.marshrut.persistence.PersistentCaches;

/**
 * Versions of each municipality's rating formula, editable like autorules: uploaded as DMN, checked, stored in
 * Infinispan, activated by one reference swap. decisions/rating.dmn is every municipality's version 1 (the default
 * the decrees' clauses are mapped to, README); a municipality's administrator edits its own. After a restart each
 * municipality's active version stays.
 */
@ApplicationScoped
@Startup
public class RatingFormulaRegistry {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Version(int version, String hash, String author, String comment, OffsetDateTime createdAt,
            boolean active, String xml, String activatedBy, OffsetDateTime activatedAt) {
        public Version summary(boolean isActive) {
            return new Version(version, hash, author, comment, createdAt, isActive, null, activatedBy, activatedAt);
        }

        Version activatedBy(String by, OffsetDateTime at) {
            return new Version(version, hash, author, comment, createdAt, active, xml, by, at);
        }
    }

    /**
     * A municipality's active version: its compiled formula, or its compile — started by the first who needs it, a
     * rating (which waits for it) or readiness asking whether every formula is compiled ({@link #notCompiled}; the
     * service asks once its HTTP server listens), not by the start: the DMN compiler's first use costs about half a
     * second of CPU, which two cores have no room for on the path to the first routing answer.
     */
    private record Active(int version, Compile compile) {
        Active(int version, RatingFormula formula) {
            this(version, new Compile(java.util.concurrent.CompletableFuture.completedFuture(formula)));
        }

        RatingFormula formula() {
            try {
                return compile.started().join();
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
    }

    /**
     * A formula's compile on a thread of its own, started once, when first asked for; counted in {@code started}. The
     * text is read from the store when the compile starts and dropped by it: held here, a formula stored before the
     * upload limit was lowered (20 MB) would stay on the heap as text for as long as it is active, compiled or not.
     */
    static final class Compile {
        private java.util.function.Supplier<String> xml;
        private final java.util.concurrent.atomic.AtomicInteger started;
        private java.util.concurrent.CompletableFuture<RatingFormula> future;

        Compile(java.util.function.Supplier<String> xml, java.util.concurrent.atomic.AtomicInteger started) {
            this.xml = xml;
            this.started = started;
        }

        Compile(java.util.concurrent.CompletableFuture<RatingFormula> done) {
            this(null, null);
            this.future = done;
        }

        synchronized java.util.concurrent.CompletableFuture<RatingFormula> started() {
            if (future == null) {
                future = compileAside(xml);
                xml = null;
                started.incrementAndGet();
            }
            return future;
        }
    }

    static final String SHIPPED_AUTHOR = "поставка Маршрута";

    private final Cache<String, byte[]> store;
    private final ObjectMapper json;
    private final Map<String, Active> active = new ConcurrentHashMap<>();
    /** The compiles this registry started (tests: nothing is compiled before it is asked for). */
    private final java.util.concurrent.atomic.AtomicInteger compilesStarted = new java.util.concurrent.atomic.AtomicInteger();
    private final ru.mcu.marshrut.audit.log.AuditLog log;

    @jakarta.inject.Inject
    public RatingFormulaRegistry(EmbeddedCacheManager manager, MarshrutConfig config, ObjectMapper json,
            MunicipalityCatalog municipalities, ru.mcu.marshrut.audit.log.AuditLog log) {
        this(manager, Path.of(config.dataDir()), json, municipalities.ids(), log);
    }

    /** Engine-level use (tests): the registry of these municipalities on a cache manager and data directory. */
    public RatingFormulaRegistry(EmbeddedCacheManager manager, Path dataDir, ObjectMapper json,
            java.util.Collection<String> municipalities, ru.mcu.marshrut.audit.log.AuditLog log) {
        this.log = log;
        this.store = PersistentCaches.open(manager, dataDir, "rating-formula", true, PersistentCaches.Spread.REPLICATED);
        this.json = json;
        String shippedXml = RuleSources.decision(RatingFormula.SOURCE);
        String shippedHash = RuleSources.sha256(shippedXml);
        // The shipped formula is compiled once for every municipality that uses it.
        var shipped = new Compile(() -> shippedXml, compilesStarted);
        for (String m : municipalities) {
            byte[] pointer = store.get(m + "/active");
            if (pointer == null) {
                OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                put(m, new Version(1, shippedHash, SHIPPED_AUTHOR, "decisions/rating.dmn", now, false, shippedXml,
                        SHIPPED_AUTHOR, now));
                store.put(m + "/active", "1".getBytes());
                active.put(m, new Active(1, shipped));
            } else {
                int v = Integer.parseInt(new String(pointer));
                Version version = get(m, v).orElseThrow();
                active.put(m, new Active(v, version.hash().equals(shippedHash) ? shipped
                        : new Compile(() -> get(m, v).orElseThrow().xml(), compilesStarted)));
            }
        }
        store.addListener(new PointerFeed());
    }

    /**
     * Compiles a stored formula on a thread of its own (the DMN compiler's first use takes about half a second on two
     * cores); a failure is logged here and thrown to whoever rates with it, and keeps the service from being ready
     * ({@link #notCompiled}).
     */
    private static java.util.concurrent.CompletableFuture<RatingFormula> compileAside(java.util.function.Supplier<String> xml) {
        var compiled = java.util.concurrent.CompletableFuture.supplyAsync(() -> RatingFormula.fromXml(xml.get()), task -> {
            Thread t = new Thread(task, "marshrut-rating-formula");
            t.setDaemon(true);
            t.start();
        });
        compiled.whenComplete((f, e) -> {
            if (e != null) {
                org.jboss.logging.Logger.getLogger(RatingFormulaRegistry.class).errorf(e, "A stored rating formula does not compile");
            }
        });
        return compiled;
    }

    /**
     * The compiles under way or failed, by municipality (for readiness): empty once every active formula is compiled.
     * Asking starts the compiles not yet started.
     */
    public Map<String, String> notCompiled() {
        Map<String, String> out = new java.util.TreeMap<>();
        active.forEach((m, a) -> {
            var compiled = a.compile().started();
            if (!compiled.isDone()) {
                out.put(m, "compiling");
            } else if (compiled.isCompletedExceptionally()) {
                out.put(m, "failed");
            }
        });
        return out;
    }

    /** A formula activated on another node becomes active here too (compiled off the replication thread). */
    @org.infinispan.notifications.Listener(sync = false, observation = org.infinispan.notifications.Listener.Observation.POST)
    public final class PointerFeed {
        @org.infinispan.notifications.cachelistener.annotation.CacheEntryCreated
        @org.infinispan.notifications.cachelistener.annotation.CacheEntryModified
        public void written(org.infinispan.notifications.cachelistener.event.CacheEntryEvent<String, byte[]> e) {
            if (e.isOriginLocal() || !e.getKey().endsWith("/active") || e.getValue() == null) {
                return;
            }
            String m = e.getKey().substring(0, e.getKey().length() - "/active".length());
            int version = Integer.parseInt(new String(e.getValue(), java.nio.charset.StandardCharsets.US_ASCII));
            get(m, version).ifPresent(v -> active.put(m, new Active(version, RatingFormula.fromXml(v.xml()))));
        }
    }

    int compilesStarted() {
        return compilesStarted.get();
    }

    public RatingFormula formula(String municipality) {
        return active.get(municipality).formula();
    }

    public int activeVersion(String municipality) {
        return active.get(municipality).version();
    }

    /**
     * Recipients a formula must be able to rate, however few their numbers: a formula that fails on one (a division by
     * a count that is zero) would, once active, refuse the whole rating and every report that holds it.
     */
    static final Map<String, RatingMetrics> SAMPLES = samples();

    private static Map<String, RatingMetrics> samples() {
        Map<String, RatingMetrics> s = new java.util.LinkedHashMap<>();
        s.put("a recipient with some of everything", new RatingMetrics("sample", 4, 3, 2, 2, 8, 16, 0.5, 1, 0, 1, 1, 0));
        s.put("a recipient with nothing due yet (2 items received, every other number 0)",
                new RatingMetrics("sample", 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        s.put("a recipient with nothing answered and everything overdue (2 received, 2 overdue)",
                new RatingMetrics("sample", 2, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0));
        s.put("a recipient with everything answered on time, no returns and no marks (3 of 3)",
                new RatingMetrics("sample", 3, 3, 3, 0, 4, 6, 0.3, 0, 0, 0, 0, 0));
        s.put("a recipient with one item answered late, returned and marked dissatisfied",
                new RatingMetrics("sample", 1, 1, 0, 1, 40, 40, 1, 1, 1, 0, 0, 1));
        return java.util.Collections.unmodifiableMap(s);
    }

    /**
     * Checks the DMN (it compiles and rates each sample) and stores it as a new, inactive version. The check holds no
     * lock: one municipality's upload does not wait for another's compilation (the registry is shared by all).
     */
    public Version upload(String municipality, String xml, String author, String comment) {
        RatingFormula f = RatingFormula.fromUpload(xml);
        SAMPLES.forEach((who, numbers) -> {
            try {
                f.evaluate(numbers, true);
            } catch (InvalidRulesetException e) {
                throw new InvalidRulesetException(InvalidRulesetException.Kind.RATING_FORMULA,
                        "it cannot rate " + who + ": " + e.getMessage());
            }
        });
        return store(municipality, f, xml, author, comment);
    }

    private synchronized Version store(String municipality, RatingFormula f, String xml, String author, String comment) {
        int next = versions(municipality).stream().mapToInt(Version::version).max().orElse(0);
        Version v;
        do { // a number another node took meanwhile is skipped
            next++;
            v = new Version(next, f.hash(), author, comment, OffsetDateTime.now(ZoneOffset.UTC), false, xml, null, null);
        } while (store.putIfAbsent(municipality + "/v/" + next, ru.mcu.marshrut.persistence.JsonBytes.write(json, v)) != null);
        log.append(municipality, "RATING_FORMULA_UPLOADED", author, "rating-formula/" + next, v.summary(false));
        return v.summary(false);
    }

    /** {@code by}: the principal's signature, kept with the version. */
    @io.micrometer.core.annotation.Timed(value = ru.mcu.marshrut.metrics.MetricNames.ACTIVATION,
            extraTags = { "what", "rating-formula" }, description = "Activating a version of autorules or a rating formula")
    public synchronized Version activate(String municipality, int version, String by) {
        byte[] before = store.get(municipality + "/active");
        // The stored pointer, read under the lock: two activations of the same version at once both passed a check of
        // the node's view before it, and the second rewrote who activated it
        if (before != null && new String(before, java.nio.charset.StandardCharsets.US_ASCII).equals(String.valueOf(version))) {
            throw new AlreadyActive("version: rating formula version " + version + " is already the one in use in "
                    + municipality);
        }
        Version v = get(municipality, version).orElseThrow().activatedBy(by, OffsetDateTime.now(ZoneOffset.UTC));
        // As an upload is checked: a version stored before the formula's allow-list may hold what rates for minutes
        // (or runs the heap out) on real figures, though it passed the samples
        RatingFormula f = RatingFormula.fromUpload(v.xml());
        // The lock above is this node's: another node's activation meanwhile wins, and this one is refused
        if (!movePointer(municipality, before, version)) {
            throw new ActivatedMeanwhile("another activation of the rating formula of " + municipality
                    + " came first; look at the versions and activate again if still wanted");
        }
        put(municipality, v);
        active.put(municipality, new Active(version, f));
        log.append(municipality, "RATING_FORMULA_ACTIVATED", by, "rating-formula/" + version + "/" + v.activatedAt(),
                v.summary(true));
        return v.summary(true);
    }

    /** Thrown for the version already in use: nothing changed (as for autorules). */
    public static class AlreadyActive extends RuntimeException {
        public AlreadyActive(String message) {
            super(message);
        }
    }

    /** Thrown when another activation moved the pointer between this one's read and its write; nothing changed. */
    public static class ActivatedMeanwhile extends RuntimeException {
        public ActivatedMeanwhile(String message) {
            super(message);
        }
    }

    /** Points the municipality at {@code version} if the pointer is still {@code expected} (compared inside the cache). */
    boolean movePointer(String municipality, byte[] expected, int version) {
        byte[] next = String.valueOf(version).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] now = expected == null ? store.putIfAbsent(municipality + "/active", next)
                : store.compute(municipality + "/active", new ru.mcu.marshrut.persistence.SwapIfEqual(expected, next));
        return expected == null ? now == null : java.util.Arrays.equals(now, next);
    }

    public List<Version> versions(String municipality) {
        List<Version> out = new ArrayList<>();
        String prefix = municipality + "/v/";
        Active a = active.get(municipality);
        PersistentCaches.forEachEntry(store, (k, b) -> {
            if (k.startsWith(prefix)) {
                Version v = parse(b);
                out.add(v.summary(a != null && v.version() == a.version()));
            }
        });
        out.sort(Comparator.comparingInt(Version::version));
        return out;
    }

    public Optional<Version> get(String municipality, int version) {
        byte[] b = store.get(municipality + "/v/" + version);
        return b == null ? Optional.empty() : Optional.of(parse(b));
    }

    private void put(String municipality, Version v) {
        store.put(municipality + "/v/" + v.version(), ru.mcu.marshrut.persistence.JsonBytes.write(json, v));
    }

    private Version parse(byte[] b) {
        return ru.mcu.marshrut.persistence.JsonBytes.read(json, b, Version.class);
    }
}
