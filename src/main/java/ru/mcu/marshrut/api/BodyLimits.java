package ru.mcu.marshrut.api;

import java.util.List;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import ru.mcu.marshrut.MarshrutConfig;

/**
 * Refuses a body over the endpoint's limit with a 413 before it is read, by its declared length. A body sent
 * without a length (chunked) is bounded by the server-wide limit ({@code quarkus.http.limits.max-body-size}, just
 * above the upload limit) and by each field's own length check.
 */
public class BodyLimits {

    private final long request;
    private final long upload;
    private final long batch;
    /** The limit of each resource method, looked up once (this filter runs on every request). */
    private final java.util.Map<java.lang.reflect.Method, Long> limits = new java.util.concurrent.ConcurrentHashMap<>();

    public BodyLimits(MarshrutConfig config) {
        this.request = config.security().maxRequestBytes();
        this.upload = config.rulesets().maxUploadBytes();
        this.batch = config.security().maxBatchBytes();
    }

    long limitFor(BodyLimit annotation) {
        if (annotation == null) {
            return request;
        }
        return switch (annotation.value()) {
            case UPLOAD -> upload;
            case BATCH -> batch;
            case REQUEST -> request;
        };
    }

    @ServerRequestFilter
    public Response check(ContainerRequestContext ctx, ResourceInfo resource, io.vertx.core.http.HttpServerRequest request) {
        String length = ctx.getHeaderString("Content-Length");
        if (length == null || resource == null || resource.getResourceMethod() == null) {
            return null;
        }
        long limit = limits.computeIfAbsent(resource.getResourceMethod(), m -> limitFor(m.getAnnotation(BodyLimit.class)));
        long declared = declaredLength(length);
        if (declared <= limit) {
            return null;
        }
        // The body is not read, but the client is still sending it and reads the answer only when done: take
        // what arrives and drop it, so that the 413 reaches the client and the connection stays usable.
        request.handler(chunk -> {
        });
        request.resume();
        return tooLarge(declared, limit);
    }

    /** The body's length as its {@code Content-Length} declares it; -1 when none is declared or it is malformed. */
    static long declaredLength(String contentLength) {
        if (contentLength == null) {
            return -1;
        }
        try {
            return Long.parseLong(contentLength.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static Response tooLarge(long size, long limit) {
        return ProblemMappers.respond(tooLarge(Long.toString(size), limit));
    }

    /** The 413 of a body of {@code size} bytes (as declared, or "more than N") over an endpoint's {@code limit}. */
    static Problem tooLarge(String size, long limit) {
        return new Problem("/problems/too-large", "Payload too large", 413,
                "body: " + size + " bytes; this endpoint takes at most " + limit,
                List.of(new Problem.FieldError("body", "larger than " + limit + " bytes")));
    }
}
