package ru.mcu.marshrut.metrics;

/**
 * The metrics Marshrut declares (Prometheus at {@code /q/metrics}, README "Operating"): decisions by municipality,
 * outcome and moderation kind; timers of deciding, of the audit write, of activations and simulations; open and
 * overdue items per municipality as gauges. Routing registers its own (DecisionMetrics), the item gauges are
 * operations' (MarshrutMetrics); activations and simulations are timed where they run.
 */
public final class MetricNames {

    public static final String DECISIONS = "marshrut.decisions";
    public static final String DECIDE = "marshrut.decide";
    public static final String AUDIT_WRITE = "marshrut.audit.write";
    public static final String ACTIVATION = "marshrut.activation";
    public static final String SIMULATION = "marshrut.simulation";
    public static final String OPEN_ITEMS = "marshrut.items.open";
    public static final String OVERDUE_ITEMS = "marshrut.items.overdue";

    private MetricNames() {
    }
}
