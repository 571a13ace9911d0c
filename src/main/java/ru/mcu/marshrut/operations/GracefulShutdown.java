package ru.mcu.marshrut.operations;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.infinispan.manager.EmbeddedCacheManager;
import org.jboss.logging.Logger;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import ru.mcu.marshrut.MarshrutConfig;
import ru.mcu.marshrut.audit.log.AuditLog;

/**
 * SIGTERM without losses: Quarkus's own graceful shutdown answers requests that arrive while it drains with 503, and
 * nothing closes the embedded cache manager. Here SIGTERM first stops taking requests — a new one has its connection
 * closed unanswered, so a client retries it (routing is idempotent by item) and never sees a 5xx — then waits for the
 * requests in flight to be answered (with {@code Connection: close}), then lets Quarkus stop, which closes the HTTP
 * server, the audit hasher and the caches, in that order.
 */
@ApplicationScoped
public class GracefulShutdown {

    private static final Logger LOG = Logger.getLogger(GracefulShutdown.class);

    private final MarshrutConfig config;
    private final EmbeddedCacheManager caches;
    private final AuditLog audit;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean draining;

    public GracefulShutdown(MarshrutConfig config, EmbeddedCacheManager caches, AuditLog audit) {
        this.config = config;
        this.caches = caches;
        this.audit = audit;
    }

    void track(@Observes Filters filters) {
        // Before every other route handler, security included: a refused request does no work at all.
        filters.register(this::handle, Integer.MAX_VALUE);
    }

    private void handle(RoutingContext rc) {
        if (draining) {
            rc.request().connection().close();
            return;
        }
        inFlight.incrementAndGet();
        rc.addEndHandler(done -> inFlight.decrementAndGet());
        rc.addHeadersEndHandler(v -> {
            if (draining) {
                rc.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
            }
        });
        rc.next();
    }

    void installSignalHandler(@Observes StartupEvent e) {
        if (!config.shutdown().drainOnSigterm()) {
            return;
        }
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> {
                Thread drain = new Thread(this::drainAndExit, "marshrut-drain");
                drain.start();
            });
        } catch (IllegalArgumentException | UnsupportedOperationException unsupported) {
            LOG.warnf("SIGTERM cannot be handled here (%s): the service stops without draining", unsupported);
        }
    }

    /** Visible for the readiness check: a draining node takes no new work. */
    public boolean draining() {
        return draining;
    }

    void drainAndExit() {
        if (draining) {
            return;
        }
        draining = true;
        long deadline = System.nanoTime() + config.shutdown().drainTimeout().toNanos();
        LOG.infof("SIGTERM: refusing new requests, waiting for %d in flight", inFlight.get());
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                TimeUnit.MILLISECONDS.sleep(10);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (inFlight.get() > 0) {
            LOG.warnf("Drain timed out with %d requests in flight; stopping anyway", inFlight.get());
        } else {
            LOG.info("All requests answered; stopping");
        }
        Quarkus.asyncExit(0);
    }

    /** The extension that made the cache manager never stops it: stop it, after the audit hasher, so the file stores close cleanly. */
    void closeCaches(@Observes ShutdownEvent e) {
        audit.stop();
        caches.stop();
        LOG.info("Caches closed");
    }
}
