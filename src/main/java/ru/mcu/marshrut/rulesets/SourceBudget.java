package ru.mcu.marshrut.rulesets;

import java.util.concurrent.Semaphore;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import ru.mcu.marshrut.MarshrutConfig;

/**
 * How much uploaded rule source (autorule tables, rating formulas) the process reads, checks and compiles at once, in
 * bytes of source. Working on the largest upload (20 MB) takes 5–10 times that in heap for a few seconds: three or
 * four at once ran the README's 512 MB heap out of memory (docs/BENCHMARKS.md), failing routing requests meanwhile;
 * the container exits on it ({@code -XX:+ExitOnOutOfMemoryError}). Work that does not fit is refused at once
 * ({@link Busy}, a 503 with Retry-After), not queued: a queued upload would hold its body meanwhile. Small tables fit
 * beside anything but a full budget; a source larger than the whole budget runs alone. The body filter
 * ({@code api.BodyLimits}) keeps a second one for upload bodies, taken before a body is read.
 */
@Singleton
public class SourceBudget {

    /** Seconds a refused caller is asked to wait: about what the largest upload takes to check and compile. */
    public static final int RETRY_AFTER_SECONDS = 10;

    private final int total;
    private final Semaphore free;
    /** What takes this budget, as the refusal names it. */
    private final String takenBy;

    @Inject
    public SourceBudget(MarshrutConfig config) {
        this(config.rulesets().sourceBudgetBytes());
    }

    public SourceBudget(long bytes) {
        this(bytes, "marshrut.rulesets.source-budget-bytes", "rule sources being checked and compiled");
    }

    /** A budget of {@code bytes} set by {@code property}, taken by what {@code takenBy} names (for the refusal). */
    public SourceBudget(long bytes, String property, String takenBy) {
        if (bytes < 1) {
            throw new IllegalArgumentException(property + " must be positive: " + bytes);
        }
        this.total = (int) Math.min(Integer.MAX_VALUE, bytes);
        this.free = new Semaphore(total);
        this.takenBy = takenBy;
    }

    /** Takes {@code bytes} of the budget (at least one, at most all) until the work is closed, or throws {@link Busy}. */
    public Work take(long bytes) {
        int want = (int) Math.max(1, Math.min(total, bytes));
        if (!free.tryAcquire(want)) {
            throw new Busy(takenBy, want, total - free.availablePermits(), total);
        }
        return new Work(want);
    }

    /** Bytes not taken now. */
    public int available() {
        return free.availablePermits();
    }

    /** A piece of work holding its share of the budget; closing it gives the share back (once). */
    public final class Work implements AutoCloseable {
        private int held;

        private Work(int held) {
            this.held = held;
        }

        @Override
        public void close() {
            if (held > 0) {
                free.release(held);
                held = 0;
            }
        }
    }

    /** The budget is taken by other work now; nothing was read or stored. */
    public static final class Busy extends RuntimeException {
        public Busy(String takenBy, long wanted, long taken, long total) {
            super(takenBy + " now take " + taken + " of the " + total
                    + " bytes this service gives them, and this one needs " + wanted
                    + "; nothing was stored: try again in " + RETRY_AFTER_SECONDS + " seconds");
        }
    }
}
