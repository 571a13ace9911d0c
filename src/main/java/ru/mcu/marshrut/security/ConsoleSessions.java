package ru.mcu.marshrut.security;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import ru.mcu.marshrut.MarshrutConfig;

/**
 * The web console's logins. A session is a random 256-bit id held in an HttpOnly, SameSite=Strict cookie and a second
 * random token the page sends in {@link #CSRF_HEADER} with every change: a cross-site page can neither send the cookie
 * (SameSite) nor read the token (same-origin policy). Only SHA-256 of the id is kept, so a heap dump gives no cookie.
 * Sessions live in this node's memory: a restart or another node asks for a new login (documented in the README).
 */
@ApplicationScoped
public class ConsoleSessions {

    public static final String COOKIE = "marshrut_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    /** More live sessions than this and the oldest are dropped first: logins cannot fill the heap. */
    static final int MAX_SESSIONS = 10_000;
    /**
     * More live sessions of one principal than this and its own least recently used is dropped: one user logging in
     * again and again had filled the table and pushed every other user's session out, in every municipality.
     */
    static final int MAX_PER_PRINCIPAL = 16;

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * One login: whose, its CSRF token, when it began and was last used. A login through the identity provider keeps
     * the principal it gave ({@code external}) until the token's own expiry ({@code notAfter}); a user's is read
     * again from the registry at every call, and must still have the password the session was opened with
     * ({@code credentialStamp}).
     */
    public record Session(String principalId, String csrfToken, Instant createdAt, Instant lastUsed, Actor external,
            Instant notAfter, String credentialStamp, String pendingStamp) {

        Session used(Instant at) {
            return new Session(principalId, csrfToken, createdAt, at, external, notAfter, credentialStamp, pendingStamp);
        }
    }

    /** A new login: the cookie value (given once) and the session. */
    public record Started(String cookieValue, Session session) {
    }

    private final Map<String, Session> byIdHash = new ConcurrentHashMap<>();
    private final Duration idle;
    private final Duration maxAge;
    private final Clock clock;

    @Inject
    public ConsoleSessions(MarshrutConfig config) {
        this(config.security().console().idleTimeout(), config.security().console().maxAge(), Clock.systemUTC());
    }

    ConsoleSessions(Duration idle, Duration maxAge, Clock clock) {
        this.idle = idle;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** A user's login (by password): the principal is read from the registry at every call. */
    public Started start(Actor actor, String credentialStamp) {
        return start(actor, null, null, credentialStamp);
    }

    /** A login through the identity provider: its principal as the token described it, until the token expires. */
    public Started startExternal(Actor actor, Instant notAfter) {
        return start(actor, actor, notAfter, null);
    }

    private Started start(Actor actor, Actor external, Instant notAfter, String credentialStamp) {
        sweep();
        java.util.List<Map.Entry<String, Session>> own = byIdHash.entrySet().stream()
                .filter(e -> e.getValue().principalId().equals(actor.id()))
                .sorted(Map.Entry.comparingByValue(java.util.Comparator.comparing(Session::lastUsed))).toList();
        for (int i = 0; i <= own.size() - MAX_PER_PRINCIPAL; i++) {
            byIdHash.remove(own.get(i).getKey());
        }
        String id = token();
        Instant now = clock.instant();
        Session s = new Session(actor.id(), token(), now, now, external, notAfter, credentialStamp, null);
        byIdHash.put(Secrets.sha256Hex(id), s);
        return new Started(id, s);
    }

    /** The live session of a cookie value, its use recorded; empty when unknown, idle too long or too old. */
    public Optional<Session> touch(String cookieValue) {
        if (cookieValue == null || cookieValue.isBlank()) {
            return Optional.empty();
        }
        String key = Secrets.sha256Hex(cookieValue);
        Instant now = clock.instant();
        Session s = byIdHash.computeIfPresent(key, (k, old) -> expired(old, now) ? null : old.used(now));
        return Optional.ofNullable(s);
    }

    /**
     * The session a user changed the password from goes on with the new one (every other session of the user, on
     * any node, ends at its next call: its stamp is the old password's).
     */
    public void restamp(String cookieValue, String principalId, String credentialStamp) {
        update(cookieValue, principalId, old -> new Session(old.principalId(), old.csrfToken(), old.createdAt(),
                old.lastUsed(), null, null, credentialStamp, null));
    }

    /**
     * The password this session's user is changing to, accepted as well as the current one until {@link #restamp}
     * (or {@code null}: the change did not happen): a call of the same session while the new password is being
     * stored is not taken for a call with an old password.
     */
    public void expect(String cookieValue, String principalId, String pendingStamp) {
        update(cookieValue, principalId, old -> new Session(old.principalId(), old.csrfToken(), old.createdAt(),
                old.lastUsed(), null, null, old.credentialStamp(), pendingStamp));
    }

    /** The pending password dropped, if it is still {@code pendingStamp} (a second change meanwhile set its own). */
    public void unexpect(String cookieValue, String principalId, String pendingStamp) {
        update(cookieValue, principalId, old -> !java.util.Objects.equals(old.pendingStamp(), pendingStamp) ? old
                : new Session(old.principalId(), old.csrfToken(), old.createdAt(), old.lastUsed(), null, null,
                        old.credentialStamp(), null));
    }

    private void update(String cookieValue, String principalId, java.util.function.UnaryOperator<Session> change) {
        if (cookieValue != null && !cookieValue.isBlank()) {
            byIdHash.computeIfPresent(Secrets.sha256Hex(cookieValue), (k, old) -> !old.principalId().equals(principalId)
                    || old.external() != null ? old : change.apply(old));
        }
    }

    public void end(String cookieValue) {
        if (cookieValue != null) {
            byIdHash.remove(Secrets.sha256Hex(cookieValue));
        }
    }

    /** Constant-time comparison of the token a call sent with the session's. */
    public static boolean csrfMatches(Session s, String sent) {
        return sent != null && MessageDigest.isEqual(s.csrfToken().getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                sent.strip().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    int size() {
        return byIdHash.size();
    }

    private boolean expired(Session s, Instant now) {
        return now.isAfter(s.lastUsed().plus(idle)) || now.isAfter(s.createdAt().plus(maxAge))
                || s.notAfter() != null && now.isAfter(s.notAfter());
    }

    private void sweep() {
        Instant now = clock.instant();
        byIdHash.values().removeIf(s -> expired(s, now));
        while (byIdHash.size() >= MAX_SESSIONS) {
            byIdHash.entrySet().stream().min(Map.Entry.comparingByValue(java.util.Comparator.comparing(Session::lastUsed)))
                    .ifPresent(e -> byIdHash.remove(e.getKey()));
        }
    }

    static String token() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
