package ru.mcu.marshrut.api;

import java.util.List;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import ru.mcu.marshrut.MarshrutConfig;

/**
 * Refuses a body over the endpoint's limit with a 413 before it is read, by its declared length; a body sent
 * without a length (chunked) is counted as it is read and refused as soon as it passes the limit.
 */
public class BodyLimits {

    private final long request;
    private final long upload;
    private final long formula;
    private final long batch;
    /** The limit of each resource method, looked up once (this filter runs on every request). */
    private final java.util.Map<java.lang.reflect.Method, Long> limits = new java.util.concurrent.ConcurrentHashMap<>();

    public BodyLimits(MarshrutConfig config) {
        this.request = config.security().maxRequestBytes();
        this.upload = config.rulesets().maxUploadBytes();
        this.formula = config.rating().maxFormulaBytes();
        this.batch = config.security().maxBatchBytes();
    }

    long limitFor(BodyLimit annotation) {
        if (annotation == null) {
            return request;
        }
        return switch (annotation.value()) {
            case UPLOAD -> upload;
            case FORMULA -> formula;
            case BATCH -> batch;
            case REQUEST -> request;
        };
    }

    @ServerRequestFilter
    public Response check(ContainerRequestContext ctx, ResourceInfo resource, io.vertx.core.http.HttpServerRequest request) {
        if (resource == null || resource.getResourceMethod() == null) {
            return null;
        }
        long limit = limits.computeIfAbsent(resource.getResourceMethod(), m -> limitFor(m.getAnnotation(BodyLimit.class)));
        String length = ctx.getHeaderString("Content-Length");
        if (length == null) {
            if (ctx.getHeaderString("Transfer-Encoding") != null) {
                // Sent in chunks: counted as it is read, and refused once past the limit — not only at the
                // server-wide limit (64 MB), which a few such bodies in parallel would hold in a 512 MB heap.
                ctx.setEntityStream(new Bounded(ctx.getEntityStream(), limit));
            }
            return null;
        }
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

    /** A body without a declared length, read up to the endpoint's limit: one byte more is the 413. */
    static final class Bounded extends java.io.FilterInputStream {
        private final long limit;
        private long read;

        Bounded(java.io.InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws java.io.IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws java.io.IOException {
            int n = super.read(b, off, (int) Math.min(len, limit - read + 1));
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > limit) {
                throw new ProblemException(tooLarge("more than " + limit, limit));
            }
        }
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
