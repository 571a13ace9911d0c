package ru.mcu.marshrut.security;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.infinispan.Cache;
import org.infinispan.manager.EmbeddedCacheManager;

import com.fasterxml.jackson.databind.ObjectMapper;

import ru.mcu.marshrut.persistence.PersistentCaches;

/**
 * API keys and users, durable (written through with fsync: principals change rarely and must survive power
 * loss). {@code p/<id>} holds the record; {@code key/<sha256 of the key>} and {@code login/<login>} point at the
 * active ones, so a request costs two cache reads and no scan.
 */
public final class PrincipalStore {

    private final Cache<String, byte[]> cache;
    private final ObjectMapper json;

    private PrincipalStore(Cache<String, byte[]> cache, ObjectMapper json) {
        this.cache = cache;
        this.json = json;
    }

    public static PrincipalStore open(EmbeddedCacheManager manager, Path dataDir, ObjectMapper json) {
        return new PrincipalStore(PersistentCaches.open(manager, dataDir, "principals", true,
                PersistentCaches.Spread.REPLICATED), json);
    }

    /** Whether any principal was ever stored (revoked ones included); a claimed login or key alone is none. */
    public boolean hasPrincipals() {
        boolean[] found = { false };
        PersistentCaches.forEachEntry(cache, (k, v) -> found[0] |= k.startsWith("p/"));
        return found[0];
    }

    public Optional<StoredPrincipal> byId(String id) {
        byte[] b = cache.get("p/" + id);
        return b == null ? Optional.empty() : Optional.of(parse(b));
    }

    public Optional<StoredPrincipal> byKeyHash(String sha256Hex) {
        return pointer("key/" + sha256Hex);
    }

    public Optional<StoredPrincipal> byLogin(String login) {
        return pointer("login/" + normalise(login));
    }

    /**
     * Stores a new principal; false (nothing stored) when its login is taken — on any node: the login is claimed
     * with an atomic putIfAbsent before the principal is written. A claim whose principal was never written (the
     * process died between the two writes) holds nothing: it is taken over, or the login would be "taken" for good
     * by nobody.
     */
    public boolean create(StoredPrincipal p) {
        String index = index(p);
        byte[] mine = p.id().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] taken = cache.putIfAbsent(index, mine);
        if (taken != null && (byId(new String(taken, java.nio.charset.StandardCharsets.UTF_8)).isPresent()
                || cache.remove(index) == null || cache.putIfAbsent(index, mine) != null)) {
            return false;
        }
        cache.put("p/" + p.id(), write(p));
        return true;
    }

    /** Marks the principal revoked and removes its secret from the lookup: the next request with it fails. */
    public void revoke(StoredPrincipal revoked) {
        // The record first: until the index goes, a new principal's claim on the login still finds it taken, and once
        // the login is free the revoked record is there to say whose it was
        cache.put("p/" + revoked.id(), write(revoked));
        cache.remove(index(revoked));
    }

    /** A principal's record with the bytes it was read from: what {@link #swap} compares with. */
    public record Versioned(byte[] bytes, StoredPrincipal principal) {
    }

    public Optional<Versioned> versioned(String id) {
        byte[] b = cache.get("p/" + id);
        return b == null ? Optional.empty() : Optional.of(new Versioned(b, parse(b)));
    }

    /**
     * Writes {@code next} only if the record is still the one read ({@code read}), compared by content on the entry's
     * owner under its lock — on any node: a revocation or another password change meanwhile wins, and this write is
     * not made. The login's pointer names the id, not the secret, and stays.
     */
    public boolean swap(Versioned read, StoredPrincipal next) {
        byte[] bytes = write(next);
        byte[] now = cache.compute("p/" + next.id(), new ru.mcu.marshrut.persistence.SwapIfEqual(read.bytes(), bytes));
        return java.util.Arrays.equals(now, bytes);
    }

    /** Active principals, oldest first. Principals are few (keys and people of a region), a scan is fine here. */
    public List<StoredPrincipal> active() {
        List<StoredPrincipal> out = new ArrayList<>();
        PersistentCaches.forEachEntry(cache, (k, v) -> {
            if (k.startsWith("p/")) {
                StoredPrincipal p = parse(v);
                if (!p.revoked()) {
                    out.add(p);
                }
            }
        });
        out.sort(Comparator.comparing(StoredPrincipal::createdAt).thenComparing(StoredPrincipal::id));
        return out;
    }

    /** Revoked users that had this login: a revocation frees the login for a new user. */
    public List<StoredPrincipal> revokedUsers(String login) {
        String wanted = normalise(login);
        List<StoredPrincipal> out = new ArrayList<>();
        PersistentCaches.forEachEntry(cache, (k, v) -> {
            if (k.startsWith("p/")) {
                StoredPrincipal p = parse(v);
                if (p.revoked() && p.kind() == Actor.Kind.USER && normalise(p.name()).equals(wanted)) {
                    out.add(p);
                }
            }
        });
        return out;
    }

    private Optional<StoredPrincipal> pointer(String key) {
        byte[] id = cache.get(key);
        return id == null ? Optional.empty()
                : byId(new String(id, java.nio.charset.StandardCharsets.UTF_8)).filter(p -> !p.revoked());
    }

    private static String index(StoredPrincipal p) {
        return p.kind() == Actor.Kind.USER ? "login/" + normalise(p.name()) : "key/" + p.secretHash();
    }

    static String normalise(String login) {
        return login.strip().toLowerCase(Locale.ROOT);
    }

    private byte[] write(StoredPrincipal p) {
        return ru.mcu.marshrut.persistence.JsonBytes.write(json, p);
    }

    /**
     * Every request authenticates, and its principal's record rarely changes: the record last parsed is kept with the
     * bytes it came from and reused while the store holds the same bytes. The store is still read on every request,
     * so a revocation or a change (on any node) counts from the next request on.
     */
    private StoredPrincipal parse(byte[] b) {
        int hash = java.util.Arrays.hashCode(b);
        Parsed last = parsed.get(hash);
        if (last != null && java.util.Arrays.equals(last.bytes, b)) {
            return last.principal;
        }
        StoredPrincipal p = ru.mcu.marshrut.persistence.JsonBytes.read(json, b, StoredPrincipal.class);
        if (parsed.size() >= PARSED_LIMIT) {
            parsed.clear();
        }
        parsed.put(hash, new Parsed(b.clone(), p));
        return p;
    }

    /** Records parsed, by the hash of their bytes (the bytes decide). */
    private final java.util.Map<Integer, Parsed> parsed = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int PARSED_LIMIT = 4_096;

    private record Parsed(byte[] bytes, StoredPrincipal principal) {
    }
}
