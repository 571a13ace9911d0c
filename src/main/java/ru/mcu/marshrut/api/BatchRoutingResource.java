package ru.mcu.marshrut.api;

import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import ru.mcu.marshrut.deadlines.CalendarRangeException;
import ru.mcu.marshrut.routing.RoutingDecision;
import ru.mcu.marshrut.routing.RoutingItem;
import ru.mcu.marshrut.routing.RoutingService;
import ru.mcu.marshrut.security.Access;
import ru.mcu.marshrut.security.Roles;

/**
 * Many routing requests in one call, for platforms that sync in bulk: each item is read, checked and routed exactly
 * as by {@code POST /api/v1/routing-decisions} (idempotent by municipality and item id), and answered in input order
 * with its own status; one bad item does not fail the others.
 */
@Path("/api/v1/routing-decisions:batch")
@Produces(MediaType.APPLICATION_JSON)
public class BatchRoutingResource {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(BatchRoutingResource.class);

    private final RoutingService routing;
    private final RoutingRequests requests;
    private final Access access;
    /** Stores the items of batches; bounded, so that a few batches cannot take every worker thread. */
    private final java.util.concurrent.ExecutorService parallel = java.util.concurrent.Executors.newFixedThreadPool(
            Math.max(4, 2 * Runtime.getRuntime().availableProcessors()), r -> {
                Thread t = new Thread(r, "marshrut-batch");
                t.setDaemon(true);
                return t;
            });
    /**
     * How many of one batch's items wait in the pool's queue at a time: the next is queued as one is done. A batch
     * used to queue all its items at once, and a two-item batch of another municipality waited behind ten of a
     * thousand (11 s); now it waits behind this many of each batch running.
     */
    static final int IN_FLIGHT = 4;

    public BatchRoutingResource(RoutingService routing, RoutingRequests requests, Access access) {
        this.routing = routing;
        this.requests = requests;
        this.access = access;
    }

    /** One item's answer: 201 (new) or 200 (earlier) with the decision, or its problem. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ItemResult(int status, RoutingDecision decision, Problem problem) {
    }

    public record BatchResult(List<ItemResult> results) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @BodyLimit(BodyLimit.Kind.BATCH)
    @RolesAllowed({ Roles.PLATFORM, Roles.CENTRE })
    public BatchResult route(@org.eclipse.microprofile.openapi.annotations.parameters.RequestBody(required = true)
            BatchRoutingRequest body) {
        List<JsonNode> items = body.items();
        String by = access.actor().signature();
        // Read and scope-check every item here, on the request's thread (the principal's context); then decide them
        // in order and store them in parallel. A repeated item waits for its first occurrence, so that the first is
        // the one answered 201.
        ItemResult[] results = new ItemResult[items.size()];
        RoutingItem[] read = new RoutingItem[items.size()];
        List<Integer> firsts = new ArrayList<>();
        List<Integer> repeats = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode node = items.get(i);
            if (node == null || !node.isObject()) { // the element itself: no field of an item to name
                results[i] = new ItemResult(400, null, ProblemException.invalid("items[" + i + "]", "must be a JSON object (got "
                        + (node == null || node.isNull() ? "null" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT))
                        + ")").problem());
                continue;
            }
            try {
                read[i] = requests.accept(node);
                (seen.add(read[i].municipality() + '\u0000' + read[i].itemId()) ? firsts : repeats).add(i);
            } catch (ProblemException e) {
                results[i] = new ItemResult(e.problem().status(), null, e.problem());
            } catch (Access.ScopeException e) {
                results[i] = new ItemResult(e.status(), null, ProblemMappers.scopeProblem(e));
            }
        }
        // Decided one by one in the batch's order (a recipient's capacity is taken by its first items, as sent one
        // by one), stored in parallel: a decision mostly waits for its durable writes
        RoutingService.Decided[] decided = new RoutingService.Decided[items.size()];
        List<Integer> toStore = new ArrayList<>(firsts.size());
        for (int i : firsts) {
            try {
                decided[i] = routing.decide(read[i], by);
                toStore.add(i);
            } catch (RuntimeException e) {
                results[i] = failed(read[i], e);
            }
        }
        if (toStore.size() > 1) {
            new Lane(toStore, i -> results[i] = storeOne(read[i], decided[i])).run();
        } else {
            toStore.forEach(i -> results[i] = storeOne(read[i], decided[i]));
        }
        repeats.forEach(i -> results[i] = routeOne(read[i], by));
        for (int i : toStore) {
            if (results[i] == null) { // its worker ended in an Error (logged by the pool): the others are answered
                results[i] = notCompleted();
            }
        }
        return new BatchResult(List.of(results));
    }

    /** One batch's items through the shared pool, at most {@link #IN_FLIGHT} of them queued or running at a time. */
    private final class Lane {
        private final List<Integer> indexes;
        private final java.util.function.IntConsumer task;
        private final java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.concurrent.CountDownLatch done;

        Lane(List<Integer> indexes, java.util.function.IntConsumer task) {
            this.indexes = indexes;
            this.task = task;
            this.done = new java.util.concurrent.CountDownLatch(indexes.size());
        }

        void run() {
            for (int k = 0; k < Math.min(IN_FLIGHT, indexes.size()); k++) {
                parallel.execute(this::step);
            }
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the batch was stored", e);
            }
        }

        /** One item, then the next at the queue's end (behind other batches' items queued meanwhile). */
        private void step() {
            int k = next.getAndIncrement();
            if (k >= indexes.size()) {
                return;
            }
            try {
                task.accept(indexes.get(k));
            } finally {
                done.countDown();
                if (next.get() < indexes.size()) { // else every item is taken: this step's chain ends
                    parallel.execute(this::step);
                }
            }
        }
    }

    private ItemResult routeOne(RoutingItem item, String by) {
        try {
            return storeOne(item, routing.decide(item, by));
        } catch (RuntimeException e) {
            return failed(item, e);
        }
    }

    private ItemResult storeOne(RoutingItem item, RoutingService.Decided decided) {
        try {
            RoutingService.Routed routed = routing.store(decided);
            return new ItemResult(routed.created() ? 201 : 200, routed.decision().answer(), null);
        } catch (RuntimeException e) {
            return failed(item, e);
        } finally {
            org.jboss.logging.MDC.remove("decisionId"); // a pool thread: the next item is another decision
        }
    }

    /** This item only, answered as the single call would answer it: the others are still routed and answered. */
    static ItemResult failed(RoutingItem item, RuntimeException e) {
        if (e instanceof CalendarRangeException c) {
            ProblemException p = ProblemException.unprocessable(c.platformDate() ? "answerAt" : "receivedAt", c.getMessage());
            return new ItemResult(422, null, p.problem());
        }
        if (e instanceof ProblemException p) {
            return new ItemResult(p.problem().status(), null, p.problem());
        }
        if (e instanceof Access.ScopeException scope) {
            return new ItemResult(scope.status(), null, ProblemMappers.scopeProblem(scope));
        }
        if (e instanceof ru.mcu.marshrut.audit.log.AuditLog.DamagedLogException damaged) {
            LOG.error(damaged.getMessage());
            return new ItemResult(500, null, ProblemMappers.damagedLogProblem(damaged));
        }
        LOG.errorf(e, "Batch item %s of %s not routed", item.itemId(), item.municipality());
        return notCompleted();
    }

    private static ItemResult notCompleted() {
        // As the single call's: a store that timed out may have stored it all the same
        return new ItemResult(500, null, new Problem("/problems/internal", "Internal error", 500,
                "This item was not completed. Whether it was routed is not known here: send it again (routing is"
                        + " idempotent by item id, so its decision is answered if it was). See the server log.",
                List.of()));
    }
}
