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
 * Ruleset versions, durable: {@code rulesets} holds each version (with its DMN) by {@code municipality/version};
 * {@code rulesets-active} points each municipality at its active version. The pointer is the truth after a
 * restart; version states are reconciled to it.
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
        RulesetStore store = new RulesetStore(PersistentCaches.open(manager, dataDir, "rulesets", syncWrites),
                PersistentCaches.open(manager, dataDir, "rulesets-active", syncWrites), json);
        store.versions.values().forEach(v -> store.remember(store.parse(v)));
        return store;
    }

    public synchronized void put(RulesetVersion v) {
        versions.put(key(v.municipality(), v.version()), write(v));
        remember(v);
    }

    public Optional<RulesetVersion> get(String municipality, int version) {
        return Optional.ofNullable(versions.get(key(municipality, version))).map(this::parse);
    }

    public List<RulesetVersion> list(String municipality) {
        TreeMap<Integer, RulesetVersion> m = index.get(municipality);
        return m == null ? List.of() : List.copyOf(m.values());
    }

    public synchronized int nextVersion(String municipality) {
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

    private synchronized void remember(RulesetVersion v) {
        index.computeIfAbsent(v.municipality(), m -> new TreeMap<>()).put(v.version(), v.summary());
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
