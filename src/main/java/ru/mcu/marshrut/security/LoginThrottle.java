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
 * {@link #WINDOW}, that login is refused without checking the password until the window has passed. A success
 * clears the count. Kept per node and in memory: it bounds guessing, it is not an account lock.
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

    /** When the login may be tried again, if it may not be now. */
    public Optional<Instant> blockedUntil(String login) {
        Failures f = failures.get(key(login));
        if (f == null || f.count() < MAX_FAILURES) {
            return Optional.empty();
        }
        Instant until = f.since().plus(WINDOW);
        return clock.instant().isBefore(until) ? Optional.of(until) : Optional.empty();
    }

    public void failed(String login) {
        Instant now = clock.instant();
        if (failures.size() >= MAX_TRACKED) {
            failures.values().removeIf(f -> !now.isBefore(f.since().plus(WINDOW)));
        }
        failures.compute(key(login), (k, f) -> f == null || !now.isBefore(f.since().plus(WINDOW)) ? new Failures(1, now)
                : new Failures(f.count() + 1, f.since()));
    }

    public void succeeded(String login) {
        failures.remove(key(login));
    }

    private static String key(String login) {
        return login.strip().toLowerCase(Locale.ROOT);
    }
}
