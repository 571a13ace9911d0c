package ru.mcu.marshrut.api;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import ru.mcu.marshrut.MarshrutConfig;

/**
 * Reads the body of a routing call on the connection's event loop, as it arrives, before the call goes to a worker
 * thread. Without it the worker reads the body itself and waits for each part the event loop hands it (a wait, a
 * wake-up and two thread switches per call; ≈ 4 % of the worker's CPU on the routing load, docs/BENCHMARKS.md). The
 * resource reads the buffered bytes as before. Only a body of declared length is read so, bounded by the ordinary
 * request limit (a larger one is answered with the API's 413 before it is read), over HTTP/1.x; a body sent in chunks
 * or over HTTP/2 is read by the worker as it comes.
 */
@Singleton
public class RoutingBody {

    void install(@Observes Router router, MarshrutConfig config, ObjectMapper json) {
        long limit = config.security().maxRequestBytes();
        BodyHandler buffered = BodyHandler.create(false).setBodyLimit(limit);
        router.post(RoutingResource.PATH).order(RouteConstants.ROUTE_ORDER_BODY_HANDLER)
                .handler(ctx -> {
                    // HTTP/2 (over HTTPS, where a deployment configures it; plain HTTP is HTTP/1.1, ClearTextHttp1) is
                    // left as it was: REST pauses the request when it takes it over, which an HTTP/2 stream refuses once
                    // its body has been read (a 500).
                    if (ctx.request().version() != HttpVersion.HTTP_2
                            && declaresABody(ctx.request().getHeader("Content-Length"))) {
                        buffered.handle(ctx);
                    } else {
                        ctx.next(); // no body, one sent in chunks, or HTTP/2: the resource reads it as it comes
                    }
                })
                .failureHandler(ctx -> failed(ctx, limit, json));
    }

    /** A length is declared and is not zero (a malformed one is left to the resource's own checks). */
    static boolean declaresABody(String contentLength) {
        return BodyLimits.declaredLength(contentLength) > 0;
    }

    /** Over the limit: the API's problem+json 413, as {@link BodyLimits} answers it; anything else goes on as it was. */
    static void failed(RoutingContext ctx, long limit, ObjectMapper json) {
        if (ctx.statusCode() != 413 || ctx.response().ended() || ctx.response().headWritten()) {
            ctx.next();
            return;
        }
        String declared = ctx.request().getHeader("Content-Length");
        Problem p = BodyLimits.tooLarge(declared == null ? "more than " + limit : declared.strip(), limit);
        try {
            ctx.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .end(Buffer.buffer(json.writeValueAsBytes(p)));
        } catch (JsonProcessingException e) {
            ctx.fail(413, e);
        }
    }
}
