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
    /** Routes the items of batches; bounded, so that a few batches cannot take every worker thread. */
    private final java.util.concurrent.ExecutorService parallel = java.util.concurrent.Executors.newFixedThreadPool(
            Math.max(4, 2 * Runtime.getRuntime().availableProcessors()), r -> {
                Thread t = new Thread(r, "marshrut-batch");
                t.setDaemon(true);
                return t;
            });

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
    public BatchResult route(BatchRoutingRequest body) {
        List<JsonNode> items = body.items();
        String by = access.actor().signature();
        // Read and scope-check every item here, on the request's thread (the principal's context); then route the
        // items in parallel, since a decision mostly waits for its durable writes. A repeated item waits for its
        // first occurrence, so that the first is the one answered 201.
        ItemResult[] results = new ItemResult[items.size()];
        RoutingItem[] read = new RoutingItem[items.size()];
        List<Integer> firsts = new ArrayList<>();
        List<Integer> repeats = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode node = items.get(i);
            try {
                read[i] = requests.accept(node);
                (seen.add(read[i].municipality() + '\u0000' + read[i].itemId()) ? firsts : repeats).add(i);
            } catch (ProblemException e) {
                results[i] = new ItemResult(e.problem().status(), null, e.problem());
            } catch (Access.ScopeException e) {
                results[i] = new ItemResult(e.status(), null, ProblemMappers.scopeProblem(e));
            }
        }
        if (firsts.size() > 1) {
            java.util.concurrent.CompletableFuture.allOf(firsts.stream().map(i -> java.util.concurrent.CompletableFuture
                    .runAsync(() -> results[i] = routeOne(read[i], by), parallel))
                    .toArray(java.util.concurrent.CompletableFuture[]::new)).join();
        } else {
            firsts.forEach(i -> results[i] = routeOne(read[i], by));
        }
        repeats.forEach(i -> results[i] = routeOne(read[i], by));
        return new BatchResult(List.of(results));
    }

    private ItemResult routeOne(RoutingItem item, String by) {
        try {
            RoutingService.Routed routed = routing.route(item, by);
            return new ItemResult(routed.created() ? 201 : 200, routed.decision().answer(), null);
        } catch (CalendarRangeException e) {
            ProblemException p = ProblemException.unprocessable(e.platformDate() ? "answerAt" : "receivedAt", e.getMessage());
            return new ItemResult(422, null, p.problem());
        } catch (RuntimeException e) {
            // This item only: the others are still routed and answered.
            LOG.errorf(e, "Batch item %s of %s not routed", item.itemId(), item.municipality());
            return new ItemResult(500, null, new Problem("/problems/internal", "Internal error", 500,
                    "This item was not routed; send it again (routing is idempotent by item id). See the server log.",
                    List.of()));
        } finally {
            org.jboss.logging.MDC.remove("decisionId"); // a pool thread: the next item is another decision
        }
    }
}
