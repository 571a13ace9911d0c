package ru.mcu.marshrut.api;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;

import ru.mcu.marshrut.municipalities.Municipality;
import ru.mcu.marshrut.recipients.Recipient;
import ru.mcu.marshrut.recipients.RecipientState;
import ru.mcu.marshrut.recipients.RecipientStateStore;
import ru.mcu.marshrut.security.Access;
import ru.mcu.marshrut.security.Roles;

/** A municipality's recipient registry with each recipient's state; the state is set here. */
@Path("/api/v1/municipalities/{municipality}/recipients")
@Produces(MediaType.APPLICATION_JSON)
public class RecipientResource {

    private final Access access;
    private final RecipientStateStore states;
    private final ru.mcu.marshrut.rating.RatingService ratings;
    private final ru.mcu.marshrut.audit.log.AuditLog log;

    public RecipientResource(Access access, RecipientStateStore states, ru.mcu.marshrut.rating.RatingService ratings, ru.mcu.marshrut.audit.log.AuditLog log) {
        this.log = log;
        this.access = access;
        this.states = states;
        this.ratings = ratings;
    }

    public record RecipientView(String id, String name, String kind, @org.eclipse.microprofile.openapi.annotations.media.Schema(nullable = true) String parentId,
            @org.eclipse.microprofile.openapi.annotations.media.Schema(nullable = true) String deputyId, List<String> children,
            String timeZone, ru.mcu.marshrut.deadlines.WorkingHours workingHours, RecipientState state,
            @org.eclipse.microprofile.openapi.annotations.media.Schema(nullable = true, description = "Its figures of the current month; null when it received no item in it")
            ru.mcu.marshrut.rating.RatingMetrics currentMonth) {
    }

    @GET
    @RolesAllowed({ Roles.COORDINATOR, Roles.ADMIN, Roles.AUDITOR, Roles.CENTRE })
    public Registry registry(@PathParam("municipality") String municipality) {
        Municipality m = municipality(municipality);
        List<RecipientView> views = new ArrayList<>();
        Map<String, ru.mcu.marshrut.rating.RatingMetrics> month = currentMonth(m);
        m.recipients().values().stream().sorted(java.util.Comparator.comparing(Recipient::id))
                .forEach(r -> views.add(view(m, r, month)));
        Map<String, String> byChannel = new java.util.TreeMap<>();
        m.channelCoordinators().forEach((channel, r) -> byChannel.put(channel, r.id()));
        return new Registry(m.id(), m.name(), m.zone().getId(), m.workingHours(), m.coordinator().id(), byChannel,
                new java.util.TreeMap<>(m.channelCoExecutors()), views);
    }

    /**
     * A municipality's recipients with their state and this month's figures; who coordinates each channel and which
     * desk joins each channel's items as co-executor.
     */
    public record Registry(String municipality, String name, String timeZone,
            ru.mcu.marshrut.deadlines.WorkingHours workingHours, String coordinator,
            Map<String, String> channelCoordinators, Map<String, String> channelCoExecutors, List<RecipientView> recipients) {
    }

    @GET
    @Path("{recipientId}")
    @RolesAllowed({ Roles.COORDINATOR, Roles.ADMIN, Roles.AUDITOR, Roles.CENTRE })
    public RecipientView one(@PathParam("municipality") String municipality, @PathParam("recipientId") String id) {
        Municipality m = municipality(municipality);
        return view(m, recipient(m, id), currentMonth(m));
    }

    /**
     * Sets absence (with deputy), capacity and open items. A deputy must exist, differ from the recipient and not
     * be absent during the absence; a recipient who covers someone else's absence cannot go absent over it.
     */
    @PUT
    @Path("{recipientId}/state")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ADMIN, Roles.CENTRE })
    public RecipientState setState(@PathParam("municipality") String municipality, @PathParam("recipientId") String id,
            RecipientStateRequest body) {
        Municipality m = municipality(municipality);
        Recipient r = recipient(m, id);
        RecipientState.Absence absence = body.absence() == null ? null : body.absence().state();
        Integer capacity = body.capacity();
        Integer openItems = body.openItems();
        if (absence != null && absence.deputyId() != null) {
            if (absence.deputyId().equals(r.id())) {
                throw ProblemException.invalid("absence.deputyId", "a recipient cannot be its own deputy");
            } else if (m.recipient(absence.deputyId()).isEmpty()) {
                throw ProblemException.invalid("absence.deputyId", "unknown recipient \"" + absence.deputyId() + "\" in " + m.id());
            }
        }
        // The deputy rules span recipients: checked and written as one step, or two opposite deputy assignments
        // sent at once would both pass and make a cycle.
        return states.change(m.id(), () -> {
            if (absence != null) {
                checkNotCoveringOthers(m, r, absence);
                checkDeputyPresent(m, r, absence);
            }
            RecipientState next = new RecipientState(r.id(), absence, capacity,
                    openItems == null ? states.get(m.id(), r.id()).openItems() : openItems)
                    .setBy(access.actor().signature(), java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC));
            if (openItems == null) {
                states.putSettings(m.id(), next);
            } else {
                states.put(m.id(), next); // a correction of the counter by the administrator
            }
            log.append(m.id(), "RECIPIENT_STATE_SET", next.updatedBy(), "recipient-state/" + r.id() + "/" + next.updatedAt(), next);
            return next;
        });
    }

    private void checkDeputyPresent(Municipality m, Recipient r, RecipientState.Absence absence) {
        // The deputy named for the absence, else the registry's standing one (routing gives the items to either; the
        // standing one was not checked, so the order of two requests decided whether a covering deputy could be absent)
        String deputyId = absence.deputyOr(r.deputyId());
        if (deputyId == null || m.recipient(deputyId).isEmpty()) {
            return;
        }
        RecipientState deputy = states.get(m.id(), deputyId);
        if (deputy.absence() != null && deputy.absence().overlaps(absence)) {
            throw ProblemException.invalid("absence.deputyId", "the deputy \"" + deputyId + "\""
                    + (absence.deputyId() == null ? " (the registry's standing deputy; name another)" : "")
                    + " is absent themselves from " + deputy.absence().from() + " to " + deputy.absence().to());
        }
    }

    private void checkNotCoveringOthers(Municipality m, Recipient r, RecipientState.Absence absence) {
        for (Recipient other : m.recipients().values()) {
            RecipientState s = states.get(m.id(), other.id());
            // The deputy named for the absence, else the registry's standing one: routing gives the items to either
            // (only the named one was checked, so a standing deputy could go absent over the days it covers)
            String covering = s.absence() == null ? null
                    : s.absence().deputyOr(other.deputyId());
            if (s.absence() != null && r.id().equals(covering) && s.absence().overlaps(absence)) {
                throw new ProblemException(new Problem("/problems/conflict", "Conflict", 409, "absence: \"" + r.id()
                        + "\" is the deputy of \"" + other.id() + "\" from " + s.absence().from() + " to "
                        + s.absence().to() + "; name another deputy there first (no deputy cycles)",
                        List.of(new Problem.FieldError("absence", "overlaps a period in which this recipient is a deputy"))));
            }
        }
    }

    private RecipientView view(Municipality m, Recipient r, Map<String, ru.mcu.marshrut.rating.RatingMetrics> month) {
        List<String> children = m.recipients().values().stream().filter(c -> r.id().equals(c.parentId()))
                .map(Recipient::id).sorted().toList();
        Municipality clock = m.asSeenBy(r);
        return new RecipientView(r.id(), r.name(), r.kind(), r.parentId(), r.deputyId(), children, clock.zone().getId(),
                clock.workingHours(), states.get(m.id(), r.id()), month.get(r.id()));
    }

    /**
     * This month's figures per recipient; none when the production calendar does not cover this month (the
     * registry itself is still answered; readiness reports the missing calendar).
     */
    private Map<String, ru.mcu.marshrut.rating.RatingMetrics> currentMonth(Municipality m) {
        String month = java.time.YearMonth.now(m.zone()).toString();
        try {
            // The figures only: the registry does not run the rating formula (one failing on them fails the rating)
            return ratings.figures(m, ru.mcu.marshrut.rating.RatingPeriod.parse(month, m.zone()));
        } catch (ru.mcu.marshrut.deadlines.CalendarRangeException notCovered) {
            return Map.of();
        }
    }

    private Municipality municipality(String id) {
        return access.municipality(id);
    }

    private static Recipient recipient(Municipality m, String id) {
        return m.recipient(id).orElseThrow(() -> ProblemException.notFound("Unknown recipient \"" + id + "\" in " + m.id()));
    }
}
