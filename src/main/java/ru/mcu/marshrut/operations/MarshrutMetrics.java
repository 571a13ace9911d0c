package ru.mcu.marshrut.operations;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;

import ru.mcu.marshrut.MarshrutConfig;
import ru.mcu.marshrut.audit.DecisionStore;
import ru.mcu.marshrut.events.EventService;
import ru.mcu.marshrut.events.ItemLifecycle;
import ru.mcu.marshrut.municipalities.MunicipalityCatalog;
import ru.mcu.marshrut.routing.RoutingDecision;

/**
 * The metrics Marshrut declares (Prometheus at {@code /q/metrics}, README "Operating"): decisions by municipality,
 * outcome and moderation kind; timers of deciding, of the audit write, of activations and simulations; open and
 * overdue items per municipality as gauges, recounted in the background every {@code item-gauges-refresh}.
 */
@ApplicationScoped
public class MarshrutMetrics {

    private static final Logger LOG = Logger.getLogger(MarshrutMetrics.class);

    public static final String DECISIONS = "marshrut.decisions";
    public static final String DECIDE = "marshrut.decide";
    public static final String AUDIT_WRITE = "marshrut.audit.write";
    public static final String ACTIVATION = "marshrut.activation";
    public static final String SIMULATION = "marshrut.simulation";
    public static final String OPEN_ITEMS = "marshrut.items.open";
    public static final String OVERDUE_ITEMS = "marshrut.items.overdue";

    private final MeterRegistry registry;
    private final MunicipalityCatalog municipalities;
    private final DecisionStore decisions;
    private final EventService events;
    private final MarshrutConfig config;
    private final Timer decide;
    private final Timer auditWrite;
    private final Map<String, Counter> decided = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> open = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> overdue = new ConcurrentHashMap<>();
    private ScheduledExecutorService recount;

    public MarshrutMetrics(MeterRegistry registry, MunicipalityCatalog municipalities, DecisionStore decisions,
            EventService events, MarshrutConfig config) {
        this.registry = registry;
        this.municipalities = municipalities;
        this.decisions = decisions;
        this.events = events;
        this.config = config;
        this.decide = Timer.builder(DECIDE).description("Evaluating an item: intake rules, autorules, recipient, deadline")
                .publishPercentiles(0.5, 0.99).register(registry);
        this.auditWrite = Timer.builder(AUDIT_WRITE).description("Storing a decision and appending it to the audit log")
                .publishPercentiles(0.5, 0.99).register(registry);
        for (String m : municipalities.ids()) {
            Gauge.builder(OPEN_ITEMS, open.computeIfAbsent(m, k -> new AtomicLong()), AtomicLong::get)
                    .description("Items not yet closed").tag("municipality", m).register(registry);
            Gauge.builder(OVERDUE_ITEMS, overdue.computeIfAbsent(m, k -> new AtomicLong()), AtomicLong::get)
                    .description("Open items past their answer deadline").tag("municipality", m).register(registry);
        }
    }

    void start(@Observes StartupEvent e) {
        long period = Math.max(1, config.metrics().itemGaugesRefresh().toMillis());
        recount = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "marshrut-item-gauges");
            t.setDaemon(true);
            return t;
        });
        recount.scheduleWithFixedDelay(this::recountItems, 0, period, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (recount != null) {
            recount.shutdownNow();
        }
    }

    /** A new decision (not a repeated answer): counted once. */
    public void decided(RoutingDecision d) {
        ModerationKind kind = ModerationKind.of(d);
        decided.computeIfAbsent(d.municipality() + '\u0000' + d.outcome() + '\u0000' + kind, k -> Counter
                .builder(DECISIONS).description("Decisions made, by municipality, outcome and moderation kind")
                .tag("municipality", d.municipality()).tag("outcome", d.outcome()).tag("moderation", kind.tag())
                .register(registry)).increment();
    }

    public <T> T timeDecide(Supplier<T> work) {
        return decide.record(work);
    }

    public <T> T timeAuditWrite(Supplier<T> work) {
        return auditWrite.record(work);
    }

    /** Recounts open and overdue items of every municipality from the open items and their events. */
    public void recountItems() {
        Instant now = Instant.now();
        for (String m : municipalities.ids()) {
            long[] counts = new long[2];
            try {
                decisions.openNow(m).forEach(d -> {
                    ItemLifecycle.State s = events.state(d);
                    if (s.open()) {
                        counts[0]++;
                        OffsetDateTime due = s.deadline() == null ? null : s.deadline().dueAt();
                        if (due != null && due.toInstant().isBefore(now)) {
                            counts[1]++;
                        }
                    }
                });
            } catch (RuntimeException e) {
                LOG.warnf("Cannot recount the items of %s: %s", m, e.toString());
                continue;
            }
            open.get(m).set(counts[0]);
            overdue.get(m).set(counts[1]);
        }
    }
}
