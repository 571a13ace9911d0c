package ru.mcu.marshrut.operations;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.handlers.ConsoleHandler;
import org.jboss.logmanager.handlers.WriterHandler;

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
 * ({@link AccessLogWriter}), formatted by the console handler's own formatter, through the same {@code System.out}
 * (or {@code System.err}) the console handler writes to, whose lock keeps each write whole. The logger's level
 * ({@code quarkus.log.category."ru.mcu.marshrut.operations.AccessLog".level}) and each handler's level and filter apply
 * as to any logged line.
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
            @ConfigProperty(name = "quarkus.log.console.stderr", defaultValue = "false") boolean stderr) {
        this.enabled = config.accessLog().enabled();
        this.writer = enabled ? new AccessLogWriter(targets(LogContext.getLogContext(), stderr ? System.err : System.out),
                CAPACITY, INTERVAL_MS, TimeUnit.MILLISECONDS) : null;
    }

    /**
     * The handlers a line of the access log's category reaches, as for any logged line: the category's own (a named
     * handler set with {@code quarkus.log.category."…AccessLog".handlers}), then each parent's up to the root's while
     * the logger passes lines up ({@code use-parent-handlers}). Quarkus's wrappers are looked through (its delayed
     * handler, and the async handler of {@code quarkus.log.console.async}): the writer is a thread of its own already.
     * The first console handler is written in batches; the others are given each line.
     */
    static AccessLogWriter.Targets targets(LogContext context, OutputStream consoleStream) {
        java.util.logging.Logger category = context.getLogger(AccessLogWriter.LOGGER_NAME);
        List<Handler> leaves = new ArrayList<>();
        for (java.util.logging.Logger logger = category; logger != null; logger = logger.getParent()) {
            collect(logger.getHandlers(), leaves);
            if (!logger.getUseParentHandlers()) {
                break;
            }
        }
        Handler console = null;
        List<Handler> others = new ArrayList<>();
        for (Handler handler : leaves) {
            if (console == null && handler instanceof ConsoleHandler) {
                console = handler;
            } else {
                others.add(handler);
            }
        }
        return new AccessLogWriter.Targets(category, console, consoleStream, List.copyOf(others));
    }

    private static void collect(Handler[] handlers, List<Handler> to) {
        for (Handler handler : handlers) {
            if (handler instanceof ExtHandler wrapper && !(handler instanceof WriterHandler)
                    && wrapper.getHandlers().length > 0) {
                collect(wrapper.getHandlers(), to);
            } else if (!to.contains(handler)) {
                to.add(handler);
            }
        }
    }

    void install(@Observes Filters filters) {
        if (enabled) {
            // Right after the drain's check (GracefulShutdown): a request it refuses is closed unanswered.
            filters.register(this::handle, Integer.MAX_VALUE - 1);
        }
    }

    private void handle(RoutingContext rc) {
        if (!writer.wanted()) {
            rc.next(); // the category's level is above INFO, or OFF
            return;
        }
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
            Thread thread = Thread.currentThread();
            writer.add(new AccessLogWriter.Line(System.currentTimeMillis(), remote == null ? "-" : remote.host(),
                    rc.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity().getPrincipal().getName()
                            : null,
                    method, path == null ? "-" : path, rc.response().getStatusCode(), rc.response().bytesWritten(),
                    (System.nanoTime() - start) / 1000, thread.getName(), thread.getId()));
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
