package ru.mcu.marshrut.rating;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import org.infinispan.Cache;
import org.infinispan.manager.EmbeddedCacheManager;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.Startup;

import ru.mcu.marshrut.MarshrutConfig;
import ru.mcu.marshrut.audit.PersistentCaches;
import ru.mcu.marshrut.rulesets.RuleSources;

/**
 * Versions of the rating formula, editable like autorules: uploaded as DMN, checked, stored in Infinispan,
 * activated by one reference swap. decisions/rating.dmn is version 1; after a restart the active version stays.
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

    private final Cache<String, byte[]> store;
    private final ObjectMapper json;
    private final AtomicReference<Active> active = new AtomicReference<>();

    public RatingFormulaRegistry(EmbeddedCacheManager manager, MarshrutConfig config, ObjectMapper json) {
        this.store = PersistentCaches.open(manager, Path.of(config.dataDir()), "rating-formula", true);
        this.json = json;
        byte[] pointer = store.get("active");
        if (pointer == null) {
            String xml = RuleSources.decision(RatingFormula.SOURCE);
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            put(new Version(1, RuleSources.sha256(xml), "поставка Маршрута", "decisions/rating.dmn", now, false, xml,
                    "поставка Маршрута", now));
            store.put("active", "1".getBytes());
            active.set(new Active(1, RatingFormula.fromXml(xml)));
        } else {
            int v = Integer.parseInt(new String(pointer));
            active.set(new Active(v, RatingFormula.fromXml(get(v).orElseThrow().xml())));
        }
    }

    public RatingFormula formula() {
        return active.get().formula();
    }

    public int activeVersion() {
        return active.get().version();
    }

    /** Checks the DMN (it compiles and rates a sample) and stores it as a new, inactive version. */
    public synchronized Version upload(String xml, String author, String comment) {
        RatingFormula f = RatingFormula.fromXml(xml);
        f.evaluate(new RatingMetrics("sample", 4, 3, 2, 2, 8, 16, 1, 0, 1, 1, 0));
        int next = versions().stream().mapToInt(Version::version).max().orElse(0) + 1;
        Version v = new Version(next, f.hash(), author, comment, OffsetDateTime.now(ZoneOffset.UTC), false, xml, null, null);
        put(v);
        return v.summary(false);
    }

    /** {@code by}: the principal's signature, kept with the version. */
    public synchronized Version activate(int version, String by) {
        Version v = get(version).orElseThrow().activatedBy(by, OffsetDateTime.now(ZoneOffset.UTC));
        RatingFormula f = RatingFormula.fromXml(v.xml());
        put(v);
        store.put("active", String.valueOf(version).getBytes());
        active.set(new Active(version, f));
        return v.summary(true);
    }

    public List<Version> versions() {
        List<Version> out = new ArrayList<>();
        store.forEach((k, b) -> {
            if (k.startsWith("v/")) {
                Version v = parse(b);
                out.add(v.summary(active.get() != null && v.version() == active.get().version()));
            }
        });
        out.sort(Comparator.comparingInt(Version::version));
        return out;
    }

    public Optional<Version> get(int version) {
        byte[] b = store.get("v/" + version);
        return b == null ? Optional.empty() : Optional.of(parse(b));
    }

    private void put(Version v) {
        try {
            store.put("v/" + v.version(), json.writeValueAsBytes(v));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Version parse(byte[] b) {
        try {
            return json.readValue(b, Version.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
