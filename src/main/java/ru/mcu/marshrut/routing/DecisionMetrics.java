package ru.mcu.marshrut.routing;

import static ru.mcu.marshrut.metrics.MetricNames.AUDIT_WRITE;
import static ru.mcu.marshrut.metrics.MetricNames.DECIDE;
import static ru.mcu.marshrut.metrics.MetricNames.DECISIONS;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The metrics of the routing path: decisions by municipality, outcome and moderation kind, and timers of deciding and
 * of the audit write. Created with the routing service at start, so the timers are declared before the first item.
 */
@Singleton
public class DecisionMetrics {

    private final MeterRegistry registry;
    private final Timer decide;
    private final Timer auditWrite;
    private final Map<String, Counter> decided = new ConcurrentHashMap<>();

    public DecisionMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.decide = Timer.builder(DECIDE).description("Evaluating an item: intake rules, autorules, recipient, deadline")
                .publishPercentiles(0.5, 0.99).register(registry);
        this.auditWrite = Timer.builder(AUDIT_WRITE).description("Storing a decision and appending it to the audit log")
                .publishPercentiles(0.5, 0.99).register(registry);
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
}
