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

    private record Active(int version, RatingFormula formula) {
    }

    static final String SHIPPED_AUTHOR = "поставка Маршрута";

    private final Cache<String, byte[]> store;
    private final ObjectMapper json;
    private final Map<String, Active> active = new ConcurrentHashMap<>();
    private final ru.mcu.marshrut.audit.log.AuditLog log;

    public RatingFormulaRegistry(EmbeddedCacheManager manager, MarshrutConfig config, ObjectMapper json,
            MunicipalityCatalog municipalities, ru.mcu.marshrut.audit.log.AuditLog log) {
        this.log = log;
        this.store = PersistentCaches.open(manager, Path.of(config.dataDir()), "rating-formula", true,
                PersistentCaches.Spread.REPLICATED);
        this.json = json;
        String shippedXml = RuleSources.decision(RatingFormula.SOURCE);
        RatingFormula shipped = RatingFormula.fromXml(shippedXml);
        for (String m : municipalities.ids()) {
            byte[] pointer = store.get(m + "/active");
            if (pointer == null) {
                OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                put(m, new Version(1, shipped.hash(), SHIPPED_AUTHOR, "decisions/rating.dmn", now, false, shippedXml,
                        SHIPPED_AUTHOR, now));
                store.put(m + "/active", "1".getBytes());
                active.put(m, new Active(1, shipped));
            } else {
                int v = Integer.parseInt(new String(pointer));
                Version version = get(m, v).orElseThrow();
                // The shipped formula is compiled once for every municipality that uses it.
                active.put(m, new Active(v, version.hash().equals(shipped.hash()) ? shipped : RatingFormula.fromXml(version.xml())));
            }
        }
        store.addListener(new PointerFeed());
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

    public RatingFormula formula(String municipality) {
        return active.get(municipality).formula();
    }

    public int activeVersion(String municipality) {
        return active.get(municipality).version();
    }

    /** Checks the DMN (it compiles and rates a sample) and stores it as a new, inactive version. */
    public synchronized Version upload(String municipality, String xml, String author, String comment) {
        RatingFormula f = RatingFormula.fromXml(xml);
        f.evaluate(new RatingMetrics("sample", 4, 3, 2, 2, 8, 16, 0.5, 1, 0, 1, 1, 0));
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
        Version v = get(municipality, version).orElseThrow().activatedBy(by, OffsetDateTime.now(ZoneOffset.UTC));
        RatingFormula f = RatingFormula.fromXml(v.xml());
        put(municipality, v);
        store.put(municipality + "/active", String.valueOf(version).getBytes());
        active.put(municipality, new Active(version, f));
        log.append(municipality, "RATING_FORMULA_ACTIVATED", by, "rating-formula/" + version + "/" + v.activatedAt(),
                v.summary(true));
        return v.summary(true);
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
