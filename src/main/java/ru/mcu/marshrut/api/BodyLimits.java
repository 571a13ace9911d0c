package ru.mcu.marshrut.api;

import java.util.List;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import ru.mcu.marshrut.MarshrutConfig;
import ru.mcu.marshrut.rulesets.SourceBudget;

/**
 * Refuses a body over the endpoint's limit with a 413 before it is read, by its declared length; a body sent
 * without a length (chunked) is counted as it is read and refused as soon as it passes the limit. An upload's body
 * (autorule table, rating formula) also takes its share of the upload budget before it is read — its declared length,
 * or the endpoint's whole limit when sent in chunks — and holds it until its answer is sent: one beyond it is a 503
 * with Retry-After, unread. Before that the municipality of its path is checked against the caller's scope (the
 * resource's own 403 or 404, the body unread), and the share is counted against that municipality's part of the budget.
 */
public class BodyLimits {

    private final long request;
    private final long upload;
    private final long formula;
    private final long batch;
    /** The upload bodies received and held now. */
    private final SourceBudget uploads;
    /** The part of {@link #uploads} each municipality's bodies may hold, by municipality (known ids only: checked first). */
    private final java.util.Map<String, SourceBudget> shares = new java.util.concurrent.ConcurrentHashMap<>();
    private final long share;
    private final ru.mcu.marshrut.security.Access access;
    /** The limit of each resource method, looked up once (this filter runs on every request). */
    private final java.util.Map<java.lang.reflect.Method, Limit> limits = new java.util.concurrent.ConcurrentHashMap<>();

    /** An endpoint's body limit, and whether its body takes the upload budget. */
    record Limit(long bytes, boolean upload) {
    }

    public BodyLimits(MarshrutConfig config, ru.mcu.marshrut.security.Access access) {
        this.access = access;
        this.share = config.rulesets().uploadShareBytes();
        if (share < 1) { // each municipality's part is made on its first upload: refused here, not then
            throw new IllegalArgumentException("marshrut.rulesets.upload-share-bytes must be positive: " + share);
        }
        this.request = config.security().maxRequestBytes();
        this.upload = config.rulesets().maxUploadBytes();
        this.formula = config.rating().maxFormulaBytes();
        this.batch = config.security().maxBatchBytes();
        // Each upload was read whole before the source budget was asked for: forty of the largest at once ran the
        // 512 MB heap out of memory (docs/BENCHMARKS.md, twenty-seventh session)
        this.uploads = new SourceBudget(config.rulesets().uploadBudgetBytes(), "marshrut.rulesets.upload-budget-bytes",
                "upload bodies being received and worked on");
    }

    Limit limitFor(BodyLimit annotation) {
        if (annotation == null) {
            return new Limit(request, false);
        }
        return switch (annotation.value()) {
            case UPLOAD -> new Limit(upload, true);
            case FORMULA -> new Limit(formula, true);
            case BATCH -> new Limit(batch, false);
            case REQUEST -> new Limit(request, false);
        };
    }

    @ServerRequestFilter
    public Response check(ContainerRequestContext ctx, ResourceInfo resource, io.vertx.core.http.HttpServerRequest request,
            io.vertx.ext.web.RoutingContext routing) {
        if (resource == null || resource.getResourceMethod() == null) {
            return null;
        }
        Limit limit = limits.computeIfAbsent(resource.getResourceMethod(), m -> limitFor(m.getAnnotation(BodyLimit.class)));
        String length = ctx.getHeaderString("Content-Length");
        if (length == null) {
            if (ctx.getHeaderString("Transfer-Encoding") != null) {
                Response busy = hold(limit, limit.bytes(), ctx, request, routing);
                if (busy != null) {
                    return busy;
                }
                // Sent in chunks: counted as it is read, and refused once past the limit — not only at the
                // server-wide limit (64 MB), which a few such bodies in parallel would hold in a 512 MB heap.
                ctx.setEntityStream(new Bounded(ctx.getEntityStream(), limit.bytes()));
            }
            return null;
        }
        long declared = declaredLength(length);
        if (declared <= limit.bytes()) {
            return declared > 0 ? hold(limit, declared, ctx, request, routing) : null;
        }
        drop(request);
        return tooLarge(declared, limit.bytes());
    }

    /**
     * An upload's share of the budget and of its municipality's part, held until its answer is sent or its connection
     * closes; else the 503. A municipality outside the caller's scope is refused first, as the resource would refuse it.
     */
    private Response hold(Limit limit, long bytes, ContainerRequestContext ctx, io.vertx.core.http.HttpServerRequest request,
            io.vertx.ext.web.RoutingContext routing) {
        if (!limit.upload()) {
            return null;
        }
        SourceBudget own;
        try {
            own = municipalityShare(ctx.getUriInfo().getPathParameters().getFirst("municipality"));
        } catch (ru.mcu.marshrut.security.Access.ScopeException e) {
            drop(request);
            return ProblemMappers.respond(ProblemMappers.scopeProblem(e));
        }
        SourceBudget.Work mine;
        try {
            mine = own.take(bytes);
        } catch (SourceBudget.Busy busy) {
            return refused(busy, request);
        }
        SourceBudget.Work held;
        try {
            held = uploads.take(bytes);
        } catch (SourceBudget.Busy busy) {
            mine.close();
            return refused(busy, request);
        }
        routing.addEndHandler(done -> {
            held.close();
            mine.close();
        });
        return null;
    }

    /** The 503 of a body beyond a budget, answered unread. */
    private static Response refused(SourceBudget.Busy busy, io.vertx.core.http.HttpServerRequest request) {
        drop(request);
        return ProblemMappers.busyResponse(busy);
    }

    /** The part of the upload budget of the path's municipality, once the caller is seen to act in it. */
    private SourceBudget municipalityShare(String municipality) {
        String id = access.municipality(municipality).id();
        return shares.computeIfAbsent(id, m -> new SourceBudget(share, "marshrut.rulesets.upload-share-bytes",
                "upload bodies of " + m + " being received and worked on"));
    }

    /**
     * The body is not read, but the client is still sending it and reads the answer only when done: take what
     * arrives and drop it, so that the answer reaches the client and the connection stays usable.
     */
    static void drop(io.vertx.core.http.HttpServerRequest request) {
        request.handler(chunk -> {
        });
        request.resume();
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
