package ru.mcu.marshrut.rulesets;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.infinispan.Cache;
import org.infinispan.manager.EmbeddedCacheManager;

import com.fasterxml.jackson.databind.ObjectMapper;

import ru.mcu.marshrut.persistence.JsonBytes;
import ru.mcu.marshrut.persistence.PersistentCaches;

/**
 * Ruleset versions, durable and replicated to every node of a cluster: {@code rulesets} holds each version (with its
 * DMN) by {@code municipality/version}; {@code rulesets-active} points each municipality at its active version. The
 * pointer is the truth after a restart; version states are reconciled to it. New version numbers and pointer moves
 * are compare-and-set, so two nodes never hand out one number or switch from the same version at once.
 */
public final class RulesetStore {

    private final Cache<String, String> versions;
    private final Cache<String, String> active;
    private final ObjectMapper json;
    /** Metadata (without DMN) per municipality, ordered by version; rebuilt from the store at start. */
    private final Map<String, TreeMap<Integer, RulesetVersion>> index = new ConcurrentHashMap<>();

    private RulesetStore(Cache<String, String> versions, Cache<String, String> active, ObjectMapper json) {
        this.versions = versions;
        this.active = active;
        this.json = json;
    }

    public static RulesetStore open(EmbeddedCacheManager manager, Path dataDir, boolean syncWrites, ObjectMapper json) {
        var spread = PersistentCaches.Spread.REPLICATED;
        RulesetStore store = new RulesetStore(PersistentCaches.open(manager, dataDir, "rulesets", syncWrites, spread),
                PersistentCaches.open(manager, dataDir, "rulesets-active", syncWrites, spread), json);
        store.versions.addListener(store.new VersionFeed());
        PersistentCaches.forEachValue(store.versions, v -> store.remember(store.parse(v)));
        return store;
    }

    /** Versions written on any node (the cache is replicated: every node sees every write) reach this node's index. */
    @org.infinispan.notifications.Listener(observation = org.infinispan.notifications.Listener.Observation.POST)
    public final class VersionFeed {
        @org.infinispan.notifications.cachelistener.annotation.CacheEntryCreated
        @org.infinispan.notifications.cachelistener.annotation.CacheEntryModified
        public void written(org.infinispan.notifications.cachelistener.event.CacheEntryEvent<String, String> e) {
            if (e.getValue() != null) {
                remember(parse(e.getValue()));
            }
        }
    }

    /**
     * Calls {@code moved} with the municipality and its new active version whenever another node moves a pointer —
     * off the replication thread, so the writer is not kept waiting while this node compiles.
     */
    public void onActiveMovedElsewhere(java.util.function.BiConsumer<String, Integer> moved) {
        active.addListener(new ActiveFeed(moved));
    }

    @org.infinispan.notifications.Listener(sync = false, observation = org.infinispan.notifications.Listener.Observation.POST)
    public static final class ActiveFeed {
        private final java.util.function.BiConsumer<String, Integer> moved;

        ActiveFeed(java.util.function.BiConsumer<String, Integer> moved) {
            this.moved = moved;
        }

        @org.infinispan.notifications.cachelistener.annotation.CacheEntryCreated
        @org.infinispan.notifications.cachelistener.annotation.CacheEntryModified
        public void written(org.infinispan.notifications.cachelistener.event.CacheEntryEvent<String, String> e) {
            if (!e.isOriginLocal() && e.getValue() != null) {
                moved.accept(e.getKey(), Integer.parseInt(e.getValue()));
            }
        }
    }

    public synchronized void put(RulesetVersion v) {
        versions.put(key(v.municipality(), v.version()), write(v));
        remember(v);
    }

    /** Stores a new version under its number unless the number is taken (on any node): false, nothing written. */
    public boolean putNew(RulesetVersion v) {
        if (versions.putIfAbsent(key(v.municipality(), v.version()), write(v)) != null) {
            return false;
        }
        remember(v);
        return true;
    }

    public Optional<RulesetVersion> get(String municipality, int version) {
        return Optional.ofNullable(versions.get(key(municipality, version))).map(this::parse);
    }

    public List<RulesetVersion> list(String municipality) {
        TreeMap<Integer, RulesetVersion> m = index.get(municipality);
        return m == null ? List.of() : List.copyOf(m.values());
    }

    public int nextVersion(String municipality) {
        TreeMap<Integer, RulesetVersion> m = index.get(municipality);
        return m == null || m.isEmpty() ? 1 : m.lastKey() + 1;
    }

    public OptionalInt activeVersion(String municipality) {
        String v = active.get(municipality);
        return v == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(v));
    }

    public void setActive(String municipality, int version) {
        active.put(municipality, String.valueOf(version));
    }

    /** Moves the pointer from {@code expected} (null: none) to {@code version}; false when it was moved meanwhile. */
    public boolean moveActive(String municipality, Integer expected, int version) {
        String next = String.valueOf(version);
        return expected == null ? active.putIfAbsent(municipality, next) == null
                : active.replace(municipality, String.valueOf(expected), next);
    }

    private void remember(RulesetVersion v) {
        index.compute(v.municipality(), (m, versions) -> {
            TreeMap<Integer, RulesetVersion> next = versions == null ? new TreeMap<>() : new TreeMap<>(versions);
            next.put(v.version(), v.summary());
            return next;
        });
    }

    private static String key(String municipality, int version) {
        return municipality + "/" + version;
    }

    private String write(RulesetVersion v) {
        return JsonBytes.writeString(json, v);
    }

    private RulesetVersion parse(String s) {
        return JsonBytes.readString(json, s, RulesetVersion.class);
    }
}
