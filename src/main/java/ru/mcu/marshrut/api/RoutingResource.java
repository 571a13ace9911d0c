package ru.mcu.marshrut.api;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import ru.mcu.marshrut.deadlines.CalendarRangeException;
import ru.mcu.marshrut.municipalities.Municipality;
import ru.mcu.marshrut.municipalities.MunicipalityCatalog;
import ru.mcu.marshrut.routing.DecisionStore;
import ru.mcu.marshrut.routing.RoutingDecision;
import ru.mcu.marshrut.routing.RoutingItem;
import ru.mcu.marshrut.routing.RoutingService;
import ru.mcu.marshrut.security.Access;
import ru.mcu.marshrut.security.Roles;

@Path(RoutingResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
public class RoutingResource {

    static final String PATH = "/api/v1/routing-decisions";

    static final int MAX_PAGE_SIZE = 500;

    private final RoutingService routing;
    private final DecisionStore store;
    private final MunicipalityCatalog municipalities;
    private final Access access;
    private final ru.mcu.marshrut.audit.log.AuditLog log;
    private final ru.mcu.marshrut.audit.Replay replay;
    private final ru.mcu.marshrut.rulesets.RulesetStore rulesets;
    private final ru.mcu.marshrut.rulesets.RulesetRegistry registry;
    private final RoutingRequests requests;
    private final ru.mcu.marshrut.rulesets.SourceBudget budget;

    public RoutingResource(RoutingService routing, DecisionStore store, MunicipalityCatalog municipalities,
            Access access, ru.mcu.marshrut.audit.log.AuditLog log, ru.mcu.marshrut.audit.Replay replay,
            ru.mcu.marshrut.rulesets.RulesetStore rulesets, ru.mcu.marshrut.rulesets.RulesetRegistry registry,
            RoutingRequests requests, ru.mcu.marshrut.rulesets.SourceBudget budget) {
        this.budget = budget;
        this.requests = requests;
        this.log = log;
        this.replay = replay;
        this.rulesets = rulesets;
        this.registry = registry;
        this.routing = routing;
        this.store = store;
        this.municipalities = municipalities;
        this.access = access;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.PLATFORM, Roles.CENTRE })
    @BodyLimit(BodyLimit.Kind.REQUEST)
    @RequestBody(required = true)
    @APIResponse(responseCode = "201", description = "A new decision", content = @Content(schema = @Schema(implementation = RoutingDecision.class)))
    @APIResponse(responseCode = "200", description = "The item was routed before: its first decision", content = @Content(schema = @Schema(implementation = RoutingDecision.class)))
    public Response route(RoutingRequest body) {
        RoutingItem item = requests.accept(body);
        RoutingService.Routed routed;
        try {
            routed = routing.route(item, access.actor().signature());
        } catch (CalendarRangeException e) {
            throw ProblemException.unprocessable(e.platformDate() ? "answerAt" : "receivedAt", e.getMessage());
        }
        RoutingDecision d = routed.decision();
        // A new decision's answer was serialized with the stored decision: sent as those bytes, not serialized again
        // (an earlier decision's answer, the record without its audit fields, is serialized here).
        byte[] json = routed.answerJson(); // a copy cut out of the stored bytes: once
        Object answer = json != null ? json : d.answer();
        return Response.status(routed.created() ? Response.Status.CREATED : Response.Status.OK)
                .header("Location", PATH + "/" + d.decisionId())
                .type(MediaType.APPLICATION_JSON_TYPE).entity(answer).build();
    }

    /** A decision of another municipality is answered exactly as one that does not exist. */
    @GET
    @Path("{decisionId}")
    @RolesAllowed({ Roles.PLATFORM, Roles.COORDINATOR, Roles.ADMIN, Roles.AUDITOR, Roles.CENTRE })
    public RoutingDecision get(@PathParam("decisionId") String decisionId) {
        return store.find(decisionId).filter(d -> access.sees(d.municipality()))
                .orElseThrow(() -> ProblemException.notFound("No decision with id " + decisionId));
    }

    /** The decision's inclusion proof in its municipality's audit log, with the signed head of that tree size. */
    @GET
    @Path("{decisionId}/proof")
    @RolesAllowed({ Roles.PLATFORM, Roles.COORDINATOR, Roles.ADMIN, Roles.AUDITOR, Roles.CENTRE })
    public ru.mcu.marshrut.audit.log.AuditLog.Proof proof(@PathParam("decisionId") String decisionId) {
        RoutingDecision d = get(decisionId);
        long index = log.indexOf(d.municipality(), d.decisionId())
                .orElseThrow(() -> ProblemException.notFound("Decision " + decisionId + " has no entry in the audit log"));
        // proof() waits two merge delays for the hasher first: this is a hasher that fell behind, not a new entry
        return log.proof(d.municipality(), index).orElseThrow(() -> ProblemException.notYet("/problems/not-yet-logged",
                "Not yet in a signed tree head", "The entry " + index + " is not hashed yet; try again in a second", 1));
    }

    /**
     * The decision as its log signed it, or the 500 that says the log is damaged. A decision id that names its entry
     * (every decision since the log was written once) is read from that entry (DecisionStore.find): the entry must be
     * there and signed — one removed let a copy planted in the old cache be replayed. A decision of the old store is
     * read from that store, which the log does not cover byte for byte: taken as it is.
     */
    private void signed(RoutingDecision d) {
        var named = ru.mcu.marshrut.audit.log.DecisionIds.parse(d.decisionId());
        if (named.isPresent()) {
            if (log.entry(d.municipality(), named.get().index()).isEmpty()) {
                throw new ru.mcu.marshrut.audit.log.AuditLog.DamagedLogException(d.municipality(), "запись решения "
                        + d.decisionId() + " отсутствует в журнале");
            }
            log.requireSigned(d.municipality(), named.get().index());
        }
    }

    /**
     * Re-evaluates the stored input with exactly the sources and recipient-state snapshot the decision records:
     * {@code identical}, or the differences field by field (a finding: the engine changed behaviour).
     */
    @POST
    @Path("{decisionId}/replay")
    @RolesAllowed({ Roles.ADMIN, Roles.AUDITOR, Roles.CENTRE })
    public ru.mcu.marshrut.audit.Replay.Result replay(@PathParam("decisionId") String decisionId) {
        RoutingDecision d = get(decisionId);
        signed(d);
        try {
            return replay.replay(d);
        } catch (ru.mcu.marshrut.audit.Replay.SourceMissing e) {
            throw ProblemException.unprocessable("decisionId", "cannot replay: " + e.getMessage());
        }
    }

    /**
     * What the active autorules ({@code ruleset=active}, default) or a version (a draft too) and today's recipient
     * state would decide, side by side with what was decided; each difference says whether the rules or the
     * recipients' state made it.
     */
    @POST
    @Path("{decisionId}/what-if")
    @RolesAllowed({ Roles.ADMIN, Roles.AUDITOR, Roles.CENTRE })
    public ru.mcu.marshrut.audit.Replay.WhatIf whatIf(@PathParam("decisionId") String decisionId,
            @QueryParam("ruleset") String ruleset) {
        RoutingDecision d = get(decisionId);
        signed(d);
        ru.mcu.marshrut.rulesets.Ruleset r;
        if (ruleset == null || ruleset.isBlank() || ruleset.strip().equals("active")) {
            r = registry.active(d.municipality()).orElseThrow(() -> ProblemException.unprocessable("ruleset",
                    d.municipality() + " has no active autorules"));
        } else {
            String given = ruleset.strip();
            if (!VersionNumber.canonical(given)) { // as a version is named in its path: not +2 or 02
                throw ProblemException.invalid("ruleset", "must be \"active\" or a version number (got \"" + ruleset + "\")");
            }
            int v = Integer.parseInt(given);
            var version = rulesets.get(d.municipality(), v).orElseThrow(() -> ProblemException.notFound(
                    "Autorules of " + d.municipality() + " have no version " + v));
            try (var work = budget.take(version.xml().length())) {
                r = ru.mcu.marshrut.rulesets.Ruleset.compile(d.municipality(), v, "autorules/" + d.municipality() + "@" + v,
                        version.xml());
            } catch (ru.mcu.marshrut.dmn.InvalidRulesetException e) {
                throw ProblemException.unprocessable("ruleset", "version " + v + " does not compile: " + e.getMessage());
            }
        }
        try {
            return replay.whatIf(d, r);
        } catch (CalendarRangeException e) {
            throw ProblemException.unprocessable("receivedAt", e.getMessage());
        }
    }

    /**
     * By item id (in the caller's municipalities, or in the one named), or a municipality's decisions of a period,
     * optionally only those of a recipient (holder or co-executor), an outcome or an autorule that matched. Only the
     * caller's municipalities are ever listed.
     */
    @GET
    @RolesAllowed({ Roles.PLATFORM, Roles.COORDINATOR, Roles.ADMIN, Roles.AUDITOR, Roles.CENTRE })
    public DecisionStore.Page list(@QueryParam("itemId") String itemId, @QueryParam("municipality") String municipality,
            @QueryParam("from") String from, @QueryParam("to") String to, @org.eclipse.microprofile.openapi.annotations.parameters.Parameter(schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.INTEGER))
            @QueryParam("page") String page,
            @org.eclipse.microprofile.openapi.annotations.parameters.Parameter(schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.INTEGER))
            @QueryParam("size") String size, @QueryParam("recipient") String recipient,
            @QueryParam("outcome") String outcome, @QueryParam("ruleId") String ruleId) {
        // Read here, not by JAX-RS: a query parameter it cannot convert is answered 404, naming nothing
        int p = wholeNumber("page", page, 0);
        int s = wholeNumber("size", size, 50);
        if (p < 0) {
            throw ProblemException.invalid("page", "must be 0 or more");
        }
        if (s < 1 || s > MAX_PAGE_SIZE) {
            throw ProblemException.invalid("size", "must be between 1 and " + MAX_PAGE_SIZE);
        }
        if (itemId != null && !itemId.isBlank()) {
            java.util.Collection<String> where = municipality == null || municipality.isBlank() ? access.municipalityIds()
                    : List.of(listed(municipality.strip()).id());
            List<RoutingDecision> items = where.stream()
                    .flatMap(m -> store.findByItemId(m, itemId.strip()).stream()).toList();
            return new DecisionStore.Page(p == 0 ? items : List.of(), p, s, items.size());
        }
        if (municipality == null || municipality.isBlank()) {
            throw ProblemException.invalid("municipality", "give itemId, or municipality with from and to");
        }
        Municipality m = listed(municipality.strip());
        Instant fromInstant = PeriodBoundary.parse("from", from, m.zone());
        Instant toInstant = PeriodBoundary.parse("to", to, m.zone());
        if (!fromInstant.isBefore(toInstant)) {
            throw ProblemException.invalid("to", "must be after from");
        }
        java.util.function.Predicate<RoutingDecision> filter = filter(recipient, outcome, ruleId);
        return filter == null ? store.list(m.id(), fromInstant, toInstant, p, s)
                : store.list(m.id(), fromInstant, toInstant, p, s, filter);
    }

    /** The decisions a search keeps; null when it keeps all. */
    private static java.util.function.Predicate<RoutingDecision> filter(String recipient, String outcome, String ruleId) {
        java.util.function.Predicate<RoutingDecision> f = null;
        if (outcome != null && !outcome.isBlank()) {
            String o = outcome.strip();
            if (!o.equals(RoutingDecision.ROUTED) && !o.equals(RoutingDecision.MODERATION)) {
                throw ProblemException.invalid("outcome", "must be ROUTED or MODERATION (got \"" + outcome + "\")");
            }
            f = d -> o.equals(d.outcome());
        }
        if (recipient != null && !recipient.isBlank()) {
            String r = recipient.strip();
            java.util.function.Predicate<RoutingDecision> byRecipient = d -> d.recipient() != null && r.equals(d.recipient().id())
                    || d.coExecutors() != null && d.coExecutors().stream().anyMatch(c -> r.equals(c.id()));
            f = f == null ? byRecipient : f.and(byRecipient);
        }
        if (ruleId != null && !ruleId.isBlank()) {
            String id = ruleId.strip();
            java.util.function.Predicate<RoutingDecision> byRule = d -> d.rules() != null && (id.equals(d.rules().selected())
                    || d.rules().matched() != null && d.rules().matched().contains(id));
            f = f == null ? byRule : f.and(byRule);
        }
        return f;
    }

    /**
     * A municipality of the query: outside the caller's scope a 403; unknown a bad parameter (400) for a caller that
     * may be told so, the same 403 for any other ({@link Access#mayBeToldUnknown}).
     */
    private Municipality listed(String municipality) {
        var known = municipalities.find(municipality);
        if (known.isEmpty() && !access.mayBeToldUnknown(municipality)) {
            access.require("municipality", municipality);
        }
        Municipality m = known.orElseThrow(() -> ProblemException.invalid("municipality",
                "unknown municipality \"" + municipality + "\"; yours: " + access.municipalityIds()));
        access.require("municipality", m.id());
        return m;
    }

    private static int wholeNumber(String field, String value, int absent) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.invalid(field, "must be a whole number (got \"" + value + "\")");
        }
    }
}
