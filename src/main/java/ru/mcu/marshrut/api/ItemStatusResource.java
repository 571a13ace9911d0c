package ru.mcu.marshrut.api;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import ru.mcu.marshrut.deadlines.CalendarRangeException;
import ru.mcu.marshrut.deadlines.DeadlineService;
import ru.mcu.marshrut.events.DeadlineStatus;
import ru.mcu.marshrut.events.ItemLifecycle;
import ru.mcu.marshrut.municipalities.Municipality;
import ru.mcu.marshrut.routing.DecisionStore;
import ru.mcu.marshrut.security.Access;
import ru.mcu.marshrut.security.Roles;

/** Open items of a municipality by holder: on track, at risk or overdue (the МЦУ's daily check). */
@Path("/api/v1/municipalities/{municipality}/items/deadline-status")
@Produces(MediaType.APPLICATION_JSON)
public class ItemStatusResource {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ItemStatusResource.class);

    private final Access access;
    private final DecisionStore decisions;
    private final ru.mcu.marshrut.events.EventService events;
    private final DeadlineService deadlines;

    public ItemStatusResource(Access access, DecisionStore decisions, ru.mcu.marshrut.events.EventService events,
            DeadlineService deadlines) {
        this.access = access;
        this.decisions = decisions;
        this.events = events;
        this.deadlines = deadlines;
    }

    @GET
    @RolesAllowed({ Roles.PLATFORM, Roles.COORDINATOR, Roles.ADMIN, Roles.AUDITOR, Roles.CENTRE })
    public Status status(@PathParam("municipality") String municipality, @QueryParam("at") String at) {
        Municipality m = access.municipality(municipality);
        ZonedDateTime moment;
        try {
            OffsetDateTime asked = at == null || at.isBlank() ? null : OffsetDateTime.parse(at);
            if (asked != null) {
                PeriodBoundary.requireSupported("at", at, asked.getYear());
            }
            moment = asked == null ? ZonedDateTime.now(m.zone()) : asked.atZoneSameInstant(m.zone());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid("at", "must be a date-time with offset, e.g. 2026-03-02T10:00:00+03:00 (got \"" + at + "\")");
        }
        Map<String, List<DeadlineStatus.OpenItem>> byHolder = new HashMap<>();
        Map<String, List<DeadlineStatus.OpenItem>> waitingByDesk = new HashMap<>();
        if (at != null && !at.isBlank()) {
            try {
                deadlines.calculator().calendar().isWorkingDay(moment.toLocalDate()); // a moment the calendars cover, past or future
            } catch (CalendarRangeException e) {
                throw ProblemException.unprocessable("at", e.getMessage());
            }
        }
        if (at == null || at.isBlank() || !moment.toInstant().isBefore(java.time.Instant.now())) {
            // Now (or later): the items open now, from their summaries — no history replayed.
            try {
                nowFromSummaries(m, moment, byHolder, waitingByDesk);
            } catch (CalendarRangeException e) {
                throw ProblemException.unprocessable("at", e.getMessage());
            }
            return new Status(m.id(), moment.toOffsetDateTime().toString(), DeadlineStatus.AT_RISK_SHARE,
                    DeadlineStatus.byHolder(m, byHolder, waitingByDesk));
        }
        decisions.openAt(m.id(), moment.toInstant()).forEach(d -> {
            // Routed items, and moderated ones once the coordinator assigned them: whoever holds an open item; and
            // those still waiting for the coordinator past their answer's due date, on its desk's row
            try {
                ItemLifecycle.State s = events.state(d, moment.toInstant());
                if (s.open() && s.holder() != null) {
                    byHolder.computeIfAbsent(s.holder(), h -> new ArrayList<>())
                            .add(DeadlineStatus.classify(d, s, deadlines.calculator(), m, moment));
                } else if (s.open() && s.deadline() != null) {
                    DeadlineStatus.waitingPastDue(d.itemId(), d.decisionId(), d.input().receivedAt(), s.deadline().dueAt(),
                            s.deadline().provisional(), moment).ifPresent(i -> waitingByDesk
                                    .computeIfAbsent(moderatingDesk(m, d), h -> new ArrayList<>()).add(i));
                }
            } catch (CalendarRangeException e) {
                // An item received on a day the calendars do not cover (stored before routing refused one): left out,
                // as from the check of now (EventService.summaries), not failing the whole check
                LOG.warnf("Item %s/%s left out of the check at %s: %s", m.id(), d.itemId(), moment, e.getMessage());
            }
        });
        return new Status(m.id(), moment.toOffsetDateTime().toString(), DeadlineStatus.AT_RISK_SHARE,
                DeadlineStatus.byHolder(m, byHolder, waitingByDesk));
    }

    private void nowFromSummaries(Municipality m, ZonedDateTime moment, Map<String, List<DeadlineStatus.OpenItem>> byHolder,
            Map<String, List<DeadlineStatus.OpenItem>> waitingByDesk) {
        List<ru.mcu.marshrut.events.ItemSummary> open = new ArrayList<>();
        events.openSummaries(m.id(), s -> {
            if (s.open()) {
                open.add(s);
            }
        });
        open.sort(java.util.Comparator.comparing((ru.mcu.marshrut.events.ItemSummary s) -> s.receivedAt().toInstant())
                .thenComparing(ru.mcu.marshrut.events.ItemSummary::decisionId));
        for (var s : open) {
            if (s.holder() != null) {
                byHolder.computeIfAbsent(s.holder(), h -> new ArrayList<>())
                        .add(DeadlineStatus.classify(s, deadlines.calculator(), m, moment));
                continue;
            }
            // Waiting for the coordinator: shown once its answer's due date has passed, on the row of the desk that
            // moderates it (the decision's recipient; read for these items only)
            // (one point read per such item: a queue's backlog past its terms, not every open item)
            DeadlineStatus.waitingPastDue(s.itemId(), s.decisionId(), s.receivedAt(), s.dueAt(), s.dueProvisional(), moment)
                    .ifPresent(i -> waitingByDesk.computeIfAbsent(decisions.find(s.decisionId())
                            .map(d -> moderatingDesk(m, d)).orElseGet(() -> m.coordinator().id()), h -> new ArrayList<>())
                            .add(i));
        }
    }

    /** The desk whose moderation queue the item waits in: the decision's recipient, the coordinator if it names none. */
    private static String moderatingDesk(Municipality m, ru.mcu.marshrut.routing.RoutingDecision d) {
        return d.recipient() != null ? d.recipient().id() : m.coordinator().id();
    }

    /**
     * Open items by holder at a moment: on track, at risk (more than {@code atRiskShare} of the time used) or
     * overdue.
     */
    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "DeadlineStatusReport")
    public record Status(String municipality, String at, double atRiskShare, List<DeadlineStatus.RecipientStatus> recipients) {
    }
}
