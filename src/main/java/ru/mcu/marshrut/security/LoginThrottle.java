package ru.mcu.marshrut.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Slows password guessing at the console's login: after {@link #MAX_FAILURES} wrong passwords for one login within
 * {@link #WINDOW}, that login is refused without checking the password until the window has passed. Each check is
 * counted as a failure before the password is checked ({@link #reserve}) and taken back if it was right
 * ({@link #release}): counted after, guesses sent in parallel were all checked before any was counted (60 of 60), and a
 * success that cleared the count gave a guesser nine more after each call of the real user's script. Kept per node and
 * in memory: it bounds guessing, it is not an account lock.
 */
@ApplicationScoped
public class LoginThrottle {

    static final int MAX_FAILURES = 10;
    static final Duration WINDOW = Duration.ofMinutes(15);
    static final int MAX_TRACKED = 100_000;

    private record Failures(int count, Instant since) {
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final Clock clock;

    public LoginThrottle() {
        this(Clock.systemUTC());
    }

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /**
     * One try of the login's password, counted as a failure at once (one atomic step): empty when the password may be
     * checked now, or when the login may be tried again if it may not be now (nothing is counted then).
     */
    public Optional<Instant> reserve(String login) {
        Instant now = clock.instant();
        if (failures.size() >= MAX_TRACKED) {
            failures.values().removeIf(f -> !now.isBefore(f.since().plus(WINDOW)));
        }
        Instant[] blocked = { null };
        failures.compute(key(login), (k, f) -> {
            if (f == null || !now.isBefore(f.since().plus(WINDOW))) {
                return new Failures(1, now);
            }
            if (f.count() >= MAX_FAILURES) {
                blocked[0] = f.since().plus(WINDOW);
                return f;
            }
            return new Failures(f.count() + 1, f.since());
        });
        return Optional.ofNullable(blocked[0]);
    }

    /** The try {@link #reserve}d was not a wrong password: it is not counted (the others in the window still are). */
    public void release(String login) {
        failures.computeIfPresent(key(login), (k, f) -> f.count() <= 1 ? null : new Failures(f.count() - 1, f.since()));
    }

    private static String key(String login) {
        return login.strip().toLowerCase(Locale.ROOT);
    }
}
