package ru.mcu.marshrut.open311;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

import jakarta.enterprise.context.ApplicationScoped;

import org.infinispan.Cache;
import org.infinispan.manager.EmbeddedCacheManager;

import com.fasterxml.jackson.databind.ObjectMapper;

import ru.mcu.marshrut.MarshrutConfig;
import ru.mcu.marshrut.persistence.ClusterFeed;
import ru.mcu.marshrut.persistence.JsonBytes;
import ru.mcu.marshrut.persistence.PersistentCaches;

/**
 * Open311 service requests by id, written through to a file store under the data directory ({@code open311-requests})
 * before the item is routed; the per-municipality index by time of request is kept in memory and rebuilt at start.
 */
@ApplicationScoped
public class Open311Store {

    private final Cache<String, byte[]> requests;
    private final ObjectMapper json;
    private final Map<String, NavigableSet<TimeKey>> byMunicipality = new ConcurrentHashMap<>();

    private record TimeKey(long requestedAtMillis, String id) implements Comparable<TimeKey> {
        @Override
        public int compareTo(TimeKey o) {
            int c = Long.compare(requestedAtMillis, o.requestedAtMillis);
            return c != 0 ? c : id.compareTo(o.id);
        }
    }

    public Open311Store(EmbeddedCacheManager manager, MarshrutConfig config, ObjectMapper json) {
        this.requests = PersistentCaches.open(manager, Path.of(config.dataDir()), "open311-requests",
                config.audit().syncWrites());
        this.json = json;
        ClusterFeed.follow(requests, b -> index(parse(b)), b -> unindex(parse(b))); // requests made on other nodes
        PersistentCaches.forEachValue(requests, b -> index(parse(b)));
    }

    /** Stores a new request; false (nothing written) when its id is taken. */
    public boolean create(Open311Request r) {
        if (requests.putIfAbsent(r.serviceRequestId(), JsonBytes.write(json, r)) != null) {
            return false;
        }
        index(r);
        return true;
    }

    /** Takes back a request that was not accepted (its item could not be routed). */
    public void remove(Open311Request r) {
        requests.remove(r.serviceRequestId());
        unindex(r);
    }

    private void unindex(Open311Request r) {
        NavigableSet<TimeKey> set = byMunicipality.get(r.municipality());
        if (set != null) {
            set.remove(key(r));
        }
    }

    public Optional<Open311Request> find(String id) {
        return Optional.ofNullable(requests.get(id)).map(this::parse);
    }

    /** Requests of a municipality made in [from, to), oldest first, at most {@code limit}. */
    public List<Open311Request> list(String municipality, Instant from, Instant to, int limit,
            java.util.function.Predicate<Open311Request> filter) {
        List<Open311Request> out = new ArrayList<>();
        NavigableSet<TimeKey> all = byMunicipality.get(municipality);
        if (all == null) {
            return out;
        }
        for (TimeKey k : all.subSet(new TimeKey(from.toEpochMilli(), ""), true, new TimeKey(to.toEpochMilli(), ""), false)) {
            if (out.size() >= limit) {
                break;
            }
            find(k.id()).filter(filter).ifPresent(out::add);
        }
        return out;
    }

    /** Every stored request, for the check at start that each one has its routed item. */
    public List<Open311Request> all() {
        List<Open311Request> out = new ArrayList<>();
        PersistentCaches.forEachValue(requests, b -> out.add(parse(b)));
        return out;
    }

    private void index(Open311Request r) {
        byMunicipality.computeIfAbsent(r.municipality(), m -> new ConcurrentSkipListSet<>()).add(key(r));
    }

    private static TimeKey key(Open311Request r) {
        return new TimeKey(r.requestedAt().toInstant().toEpochMilli(), r.serviceRequestId());
    }

    private Open311Request parse(byte[] b) {
        return JsonBytes.read(json, b, Open311Request.class);
    }
}
