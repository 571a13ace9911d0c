package ru.mcu.marshrut.open311;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.infinispan.Cache;
import org.infinispan.manager.EmbeddedCacheManager;

import com.fasterxml.jackson.databind.ObjectMapper;

import ru.mcu.marshrut.MarshrutConfig;
import ru.mcu.marshrut.persistence.TimeBuckets;
import ru.mcu.marshrut.persistence.JsonBytes;
import ru.mcu.marshrut.persistence.PersistentCaches;

/**
 * Open311 service requests by id, written through to a file store under the data directory ({@code open311-requests})
 * before the item is routed; filed by municipality and hour of request ({@code open311-times}, see
 * {@link TimeBuckets}) for listings; and, until their item is routed, listed in {@code open311-pending}, which the
 * check at start reads instead of every request ever made.
 */
@ApplicationScoped
public class Open311Store {

    private final Cache<String, byte[]> requests;
    private final Cache<String, String> pending;
    private final TimeBuckets times;
    private final ObjectMapper json;

    @jakarta.inject.Inject
    public Open311Store(EmbeddedCacheManager manager, MarshrutConfig config, ObjectMapper json) {
        this(manager, Path.of(config.dataDir()), config.audit().syncWrites(), json);
    }

    /** Engine-level use (tests): the store on a cache manager and data directory of one's own. */
    Open311Store(EmbeddedCacheManager manager, Path dir, boolean sync, ObjectMapper json) {
        this.requests = PersistentCaches.open(manager, dir, "open311-requests", sync);
        this.pending = PersistentCaches.open(manager, dir, "open311-pending", sync);
        this.times = new TimeBuckets(PersistentCaches.open(manager, dir, "open311-times", sync));
        this.json = json;
        if (times.isEmpty() && !requests.isEmpty()) {
            // A data directory from before the time index: filed once; each is checked once more at this start.
            PersistentCaches.forEachValue(requests, b -> {
                Open311Request r = parse(b);
                times.add(r.municipality(), r.requestedAt().toInstant(), r.serviceRequestId());
                pending.put(r.serviceRequestId(), "");
            });
        }
    }

    /**
     * Stores a new request, pending until {@link #routed}; false (nothing written) when its id is taken. Its time slot
     * is filed first: a request stored but missing from the time index would be missing from listings for good (a
     * slot whose request is missing is skipped); and when a write fails nothing stays behind that the start would
     * route — the caller was told of an error and sends the request again.
     */
    public boolean create(Open311Request r) {
        pending.put(r.serviceRequestId(), "");
        String slot = null;
        try {
            slot = times.add(r.municipality(), r.requestedAt().toInstant(), r.serviceRequestId());
            if (requests.putIfAbsent(r.serviceRequestId(), JsonBytes.write(json, r)) != null) {
                times.remove(slot);
                return false; // the pending mark stays: the request under this id is checked at start, harmlessly
            }
            return true;
        } catch (RuntimeException e) {
            if (slot != null) {
                times.remove(slot);
            }
            pending.remove(r.serviceRequestId());
            throw e;
        }
    }

    /** Its item is routed: nothing left to do for it at a start. */
    public void routed(Open311Request r) {
        pending.remove(r.serviceRequestId());
    }

    /** Takes back a request that was not accepted (its item could not be routed); its time slot reads as empty. */
    public void remove(Open311Request r) {
        requests.remove(r.serviceRequestId());
        pending.remove(r.serviceRequestId());
    }

    public Optional<Open311Request> find(String id) {
        return Optional.ofNullable(requests.get(id)).map(this::parse);
    }

    /** Requests of a municipality made in [from, to), oldest first, at most {@code limit}; reads that period only. */
    public List<Open311Request> list(String municipality, Instant from, Instant to, int limit,
            java.util.function.Predicate<Open311Request> filter) {
        List<Open311Request> out = new ArrayList<>();
        times.forEach(municipality, from, to, hour -> {
            if (out.size() >= limit) {
                return;
            }
            List<Open311Request> found = new ArrayList<>();
            requests.getAdvancedCache().getAll(new java.util.LinkedHashSet<>(hour.ids())).values().forEach(b -> {
                Open311Request r = parse(b);
                Instant at = r.requestedAt().toInstant();
                if (!at.isBefore(from) && at.isBefore(to) && filter.test(r)) {
                    found.add(r);
                }
            });
            found.sort(java.util.Comparator.comparing((Open311Request r) -> r.requestedAt().toInstant())
                    .thenComparing(Open311Request::serviceRequestId));
            found.stream().limit(limit - out.size()).forEach(out::add);
        });
        return out;
    }

    /** The requests stored but not known to be routed: what the check at start looks at. */
    public List<Open311Request> pending() {
        List<Open311Request> out = new ArrayList<>();
        PersistentCaches.forEachEntry(pending, (id, mark) -> find(id).ifPresent(out::add));
        return out;
    }

    private Open311Request parse(byte[] b) {
        return JsonBytes.read(json, b, Open311Request.class);
    }
}
