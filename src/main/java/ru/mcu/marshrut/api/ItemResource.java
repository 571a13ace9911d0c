package ru.mcu.marshrut.api;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.annotation.JsonInclude;

import ru.mcu.marshrut.deadlines.CalendarRangeException;
import ru.mcu.marshrut.deadlines.Deadline;
import ru.mcu.marshrut.events.EventService;
import ru.mcu.marshrut.events.EventStore;
import ru.mcu.marshrut.events.ItemEvent;
import ru.mcu.marshrut.events.ItemLifecycle;
import ru.mcu.marshrut.municipalities.Municipality;
import ru.mcu.marshrut.routing.DecisionStore;
import ru.mcu.marshrut.routing.RoutingDecision;
import ru.mcu.marshrut.security.Access;
import ru.mcu.marshrut.security.Roles;

/**
 * Items as they stand now, replayed from their decision and events: one item's view, and the moderation queue — the
 * items the coordinator has yet to assign, oldest first.
 */
@Path("/api/v1/municipalities/{municipality}")
@Produces(MediaType.APPLICATION_JSON)
public class ItemResource {

    private final Access access;
    private final DecisionStore decisions;
    private final EventStore events;
    private final EventService lifecycle;

    public ItemResource(Access access, DecisionStore decisions, EventStore events, EventService lifecycle) {
        this.access = access;
        this.decisions = decisions;
        this.events = events;
        this.lifecycle = lifecycle;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ItemView(String itemId, String municipality, String decisionId, String outcome,
            RoutingDecision.RecipientRef holder, List<RoutingDecision.RecipientRef> coExecutors, boolean open,
            Deadline deadline, Deadline moderationDeadline, OffsetDateTime receivedAt, OffsetDateTime assignedAt,
            OffsetDateTime answeredAt, Boolean answeredOnTime, OffsetDateTime interimAt, Boolean interimAnsweredOnTime,
            int extensions,
            @org.eclipse.microprofile.openapi.annotations.media.Schema(description = "When the coordinator declined the"
                    + " message at moderation (MODERATION_DECLINE): closed unanswered, no one's to answer; absent otherwise")
            OffsetDateTime declinedAt,
            @org.eclipse.microprofile.openapi.annotations.media.Schema(description = "Why it was declined, as the decline said")
            String declineReason,
            List<ItemLifecycle.DeadlineChange> deadlineHistory, List<ItemEvent> events,
            @org.eclipse.microprofile.openapi.annotations.media.Schema(description = "The events of the history recorded"
                    + " without effect where their time puts them, each with why (Russian); absent when every event had one")
            List<WithoutEffect> withoutEffect) {
    }

    /** An event of the item's history that changed nothing, and why. */
    public record WithoutEffect(String eventId, String reason) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Waiting(String itemId, String decisionId, OffsetDateTime receivedAt, String channel, String category,
            String subcategory,
            @org.eclipse.microprofile.openapi.annotations.media.Schema(description = "The citizen's text, as sent: what"
                    + " the coordinator distributes the item by (absent when the item had none)") String text,
            String reason, RoutingDecision.RecipientRef coordinator, Deadline moderationDeadline, boolean overdue,
            Deadline deadline) {
    }

    @GET
    @Path("items/{itemId}")
    @RolesAllowed({ Roles.PLATFORM, Roles.COORDINATOR, Roles.ADMIN, Roles.AUDITOR, Roles.CENTRE })
    public ItemView item(@PathParam("municipality") String municipality, @PathParam("itemId") String itemId) {
        Municipality m = access.municipality(municipality);
        RoutingDecision d = decisions.findByItemId(m.id(), itemId)
                .orElseThrow(() -> ProblemException.notFound("No item \"" + itemId + "\" in " + m.id()));
        ItemLifecycle.State s = state(d);
        List<ItemEvent> history = new ArrayList<>(events.ofItem(m.id(), itemId));
        history.sort(ru.mcu.marshrut.events.ItemLifecycle.ORDER);
        List<RoutingDecision.RecipientRef> co = s.coExecutors().stream().map(id -> ref(m, id)).toList();
        return new ItemView(d.itemId(), m.id(), d.decisionId(), d.outcome(), s.holder() == null ? null : ref(m, s.holder()),
                co, s.open(), s.deadline(), lifecycle.moderationDeadline(d), d.input().receivedAt(), s.assignedAt(), s.answeredAt(),
                s.answeredAt() == null ? null : s.answeredOnTime(), s.interimAt(),
                // The deadline shown after an interim answer is the final answer's: whether the interim one came in time
                // is said here (a rating counts a late one)
                s.interimAt() == null ? null : !s.interimLate(), s.extensions(), s.declinedAt(), s.declineReason(),
                s.deadlineHistory(),
                history, withoutEffect(s, history));
    }

    @GET
    @Path("moderation-queue")
    @RolesAllowed({ Roles.PLATFORM, Roles.COORDINATOR, Roles.ADMIN, Roles.AUDITOR, Roles.CENTRE })
    public Queue queue(@PathParam("municipality") String municipality) {
        Municipality m = access.municipality(municipality);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<Waiting> waiting = new ArrayList<>();
        decisions.openNow(m.id()).forEach(d -> {
            if (!RoutingDecision.MODERATION.equals(d.outcome())) {
                return;
            }
            ItemLifecycle.State s = state(d);
            if (s.holder() == null && s.open()) {
                Deadline moderation = lifecycle.moderationDeadline(d);
                waiting.add(new Waiting(d.itemId(), d.decisionId(), d.input().receivedAt(), d.input().channel(),
                        d.intake() != null && d.intake().category() != null ? d.intake().category() : d.input().category(),
                        // The intake's reading whole: keywords that gave another category give no subcategory of it
                        d.intake() != null ? d.intake().subcategory() : d.input().subcategory(),
                        d.input().text(), d.moderationReason(), d.recipient(), moderation,
                        moderation != null && now.isAfter(moderation.dueAt()),
                        s.deadline() != null ? s.deadline() : d.deadline())); // an interim answer or extension moves it
            }
        });
        return new Queue(m.id(), waiting.size(), waiting);
    }

    private static List<WithoutEffect> withoutEffect(ItemLifecycle.State s, List<ItemEvent> history) {
        List<WithoutEffect> out = new ArrayList<>();
        for (ItemEvent e : history) {
            String why = s.whyWithoutEffect(e.eventId());
            if (why != null) {
                out.add(new WithoutEffect(e.eventId(), why));
            }
        }
        return out.isEmpty() ? null : out;
    }

    /** The moderation queue: items no autorule routed and no coordinator assigned yet, oldest first. */
    public record Queue(String municipality, int total, List<Waiting> items) {
    }

    private ItemLifecycle.State state(RoutingDecision d) {
        try {
            return lifecycle.state(d);
        } catch (CalendarRangeException e) {
            throw ProblemException.unprocessable("itemId", e.getMessage());
        }
    }

    private static RoutingDecision.RecipientRef ref(Municipality m, String id) {
        return new RoutingDecision.RecipientRef(id, m.recipient(id).map(r -> r.name()).orElse(id));
    }
}
