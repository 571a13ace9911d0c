package ru.mcu.marshrut.audit;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.infinispan.Cache;
import org.infinispan.manager.EmbeddedCacheManager;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import ru.mcu.marshrut.persistence.JsonBytes;
import ru.mcu.marshrut.persistence.PersistentCaches;

/**
 * Every rule source that ever decided anything, content-addressed by the hash its decisions record, kept as long as
 * the audit log: the intake DRL files and the deadline-class DMN (autorule versions are kept by the ruleset store
 * with their hash). A bundle is the named files, in order.
 */
public final class RuleSourceStore {

    private final Cache<String, byte[]> cache;
    private final ObjectMapper json;

    private RuleSourceStore(Cache<String, byte[]> cache, ObjectMapper json) {
        this.cache = cache;
        this.json = json;
    }

    public static RuleSourceStore open(EmbeddedCacheManager manager, Path dataDir, ObjectMapper json) {
        return new RuleSourceStore(PersistentCaches.open(manager, dataDir, "rule-sources", true,
                PersistentCaches.Spread.REPLICATED), json);
    }

    /** Keeps the bundle under its hash, once. */
    public void keep(String hash, Map<String, String> files) {
        if (!cache.containsKey(hash)) {
            cache.putIfAbsent(hash, JsonBytes.write(json, new LinkedHashMap<>(files)));
        }
    }

    public Optional<Map<String, String>> get(String hash) {
        byte[] b = hash == null ? null : cache.get(hash);
        if (b == null) {
            return Optional.empty();
        }
        return Optional.of(JsonBytes.read(json, b, new TypeReference<LinkedHashMap<String, String>>() {
        }));
    }
}
