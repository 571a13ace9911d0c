package ru.mcu.marshrut.open311;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkus.vertx.http.runtime.RouteConstants;
import java.util.List;
import java.util.Map;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import ru.mcu.marshrut.MarshrutConfig;

/**
 * Reads the form body of {@code /open311/} calls before anything else, so that the spec's {@code api_key} form field
 * can authenticate the call ({@code CredentialMechanism}) and the resource reads the same parsed fields. Bounded by
 * the ordinary request limit; file parts of a multipart form are not kept.
 */
@Singleton
public class Open311Body {

    /**
     * After the filters that must see every request: a filter of priority p is routed at order -p, and the drain's
     * check (GracefulShutdown, Integer.MAX_VALUE) and the access log (Integer.MAX_VALUE - 1) come first; at Quarkus's
     * body-handler order a form over the limit was answered 413 before them, and the access log had no line for it.
     * Still before authentication (priority 200), which reads the form's api_key.
     */
    static final int ORDER = RouteConstants.ROUTE_ORDER_BODY_HANDLER + 2;

    void install(@Observes Router router, MarshrutConfig config) {
        router.route().pathRegex("/open311/.*").order(ORDER)
                .handler(BodyHandler.create(false).setBodyLimit(config.security().maxRequestBytes())
                        .setMergeFormAttributes(false))
                .failureHandler(Open311Body::failed);
    }

    /** A body that cannot be read (too large, a field over the form limit, malformed) is answered in the spec's format. */
    static void failed(RoutingContext ctx) {
        int status = ctx.statusCode() == 413 ? 413 : 400;
        String description = status == 413 ? "body: larger than this endpoint takes"
                : "body: the form cannot be read (malformed, or a field longer than the limit)";
        if (ctx.response().ended() || ctx.response().headWritten()) {
            return;
        }
        Open311Format f = Open311Format.ofPath(ctx.normalizedPath());
        ctx.response().setStatusCode(status).putHeader("Content-Type", f.mediaType()).end(Buffer.buffer(
                f.write("errors", "error", List.of(Map.of("code", status, "description", description)))));
    }
}
