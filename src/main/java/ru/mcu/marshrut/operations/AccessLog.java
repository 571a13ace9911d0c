package ru.mcu.marshrut.operations;

import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

import ru.mcu.marshrut.MarshrutConfig;

/**
 * One access-log line per HTTP request on the console: client, principal, method, path (never the query string),
 * status, bytes, and the time the request took. Quarkus's own access log handed each line to the logging system as
 * the request ended — a log record, a wake-up of the console's thread, a JSON object and a write per request: 16 % of
 * the process's CPU on the routing load (docs/BENCHMARKS.md). Here the lines are written in batches
 * ({@link AccessLogWriter}), as JSON objects when the console's lines are JSON ({@code quarkus.log.console.json}),
 * through the same {@code System.out} the console handler writes to, whose lock keeps each write whole.
 */
@ApplicationScoped
public class AccessLog {

    /** The writer wakes this often; a line is on the console at most this long after its request ended. */
    static final long INTERVAL_MS = 200;
    /** Lines waiting at most; more make a request wait for the writer. */
    static final int CAPACITY = 1 << 16;

    private static final String SEEN = AccessLog.class.getName();

    private final boolean enabled;
    private final AccessLogWriter writer;

    public AccessLog(MarshrutConfig config,
            @ConfigProperty(name = "quarkus.log.console.json", defaultValue = "false") boolean json) {
        this.enabled = config.accessLog().enabled();
        this.writer = enabled ? new AccessLogWriter(System.out, json, CAPACITY, INTERVAL_MS, TimeUnit.MILLISECONDS)
                : null;
    }

    void install(@Observes Filters filters) {
        if (enabled) {
            // Right after the drain's check (GracefulShutdown): a request it refuses is closed unanswered.
            filters.register(this::handle, Integer.MAX_VALUE - 1);
        }
    }

    private void handle(RoutingContext rc) {
        if (rc.get(SEEN) != null) {
            rc.next(); // rerouted (api/CustomMethodPaths): the line of the request as it came is already on its way
            return;
        }
        rc.put(SEEN, Boolean.TRUE);
        long start = System.nanoTime();
        HttpServerRequest request = rc.request();
        String method = request.method().name();
        String path = request.path();
        rc.addEndHandler(done -> {
            SocketAddress remote = request.remoteAddress();
            writer.add(new AccessLogWriter.Line(System.currentTimeMillis(), remote == null ? "-" : remote.host(),
                    rc.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity().getPrincipal().getName()
                            : null,
                    method, path == null ? "-" : path, rc.response().getStatusCode(), rc.response().bytesWritten(),
                    (System.nanoTime() - start) / 1000));
        });
        rc.next();
    }

    @PreDestroy
    void close() {
        if (writer != null) {
            writer.close();
        }
    }
}
