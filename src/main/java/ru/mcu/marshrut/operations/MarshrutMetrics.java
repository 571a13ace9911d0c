package ru.mcu.marshrut.operations;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import ru.mcu.marshrut.MarshrutConfig;
import ru.mcu.marshrut.events.EventService;
import ru.mcu.marshrut.metrics.MetricNames;
import ru.mcu.marshrut.municipalities.MunicipalityCatalog;

/**
 * Open and overdue items per municipality as gauges (Prometheus at {@code /q/metrics}, README "Operating"), recounted
 * in the background every {@code item-gauges-refresh}. The other metrics Marshrut declares are listed in
 * {@link MetricNames}.
 */
@ApplicationScoped
public class MarshrutMetrics {

    private static final Logger LOG = Logger.getLogger(MarshrutMetrics.class);

    private final MunicipalityCatalog municipalities;
    private final EventService events;
    private final MarshrutConfig config;
    private final Map<String, AtomicLong> open = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> overdue = new ConcurrentHashMap<>();
    private ScheduledExecutorService recount;

    public MarshrutMetrics(MeterRegistry registry, MunicipalityCatalog municipalities, EventService events,
            MarshrutConfig config) {
        this.municipalities = municipalities;
        this.events = events;
        this.config = config;
        for (String m : municipalities.ids()) {
            Gauge.builder(MetricNames.OPEN_ITEMS, open.computeIfAbsent(m, k -> new AtomicLong()), AtomicLong::get)
                    .description("Items not yet closed").tag("municipality", m).register(registry);
            Gauge.builder(MetricNames.OVERDUE_ITEMS, overdue.computeIfAbsent(m, k -> new AtomicLong()), AtomicLong::get)
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

    /**
     * Stops the recount before the caches close ({@link GracefulShutdown#closeCaches} observes the same event later):
     * a recount running into closed caches logged a warning per municipality at every stop under load.
     */
    void stopRecount(@Observes @Priority(Interceptor.Priority.APPLICATION) ShutdownEvent e) {
        stop();
    }

    @PreDestroy
    void stop() {
        if (recount != null) {
            recount.shutdownNow();
            try {
                recount.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Recounts open and overdue items of every municipality: one scan of the open-item index, which files each open
     * item's holder and due date (no decision or summary is read for an item filed with its due date).
     */
    public void recountItems() {
        Instant now = Instant.now();
        for (String m : municipalities.ids()) {
            EventService.OpenCount c;
            try {
                c = events.countOpen(m, now);
            } catch (RuntimeException e) {
                if (recount != null && recount.isShutdown()) {
                    return; // stopping: interrupted, the caches about to close
                }
                LOG.warnf("Cannot recount the items of %s: %s", m, e.toString());
                continue;
            }
            open.get(m).set(c.open());
            overdue.get(m).set(c.overdue());
        }
    }
}
