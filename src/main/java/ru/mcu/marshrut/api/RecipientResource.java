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
import com.fasterxml.jackson.databind.ObjectMapper;

import ru.mcu.marshrut.municipalities.Municipality;
import ru.mcu.marshrut.municipalities.Recipient;
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
    private final ObjectMapper json;
    private final ru.mcu.marshrut.rating.RatingService ratings;
    private final ru.mcu.marshrut.audit.log.AuditLog log;

    public RecipientResource(Access access, RecipientStateStore states, ObjectMapper json,
            ru.mcu.marshrut.rating.RatingService ratings, ru.mcu.marshrut.audit.log.AuditLog log) {
        this.log = log;
        this.access = access;
        this.states = states;
        this.json = json;
        this.ratings = ratings;
    }

    public record RecipientView(String id, String name, String kind, String parentId, String deputyId, List<String> children,
            String timeZone, ru.mcu.marshrut.deadlines.WorkingHours workingHours, RecipientState state,
            ru.mcu.marshrut.rating.RatingMetrics currentMonth) {
    }

    @GET
    @RolesAllowed({ Roles.COORDINATOR, Roles.ADMIN, Roles.AUDITOR, Roles.CENTRE })
    public Map<String, Object> registry(@PathParam("municipality") String municipality) {
        Municipality m = municipality(municipality);
        List<RecipientView> views = new ArrayList<>();
        Map<String, ru.mcu.marshrut.rating.RatingMetrics> month = currentMonth(m);
        m.recipients().values().stream().sorted(java.util.Comparator.comparing(Recipient::id))
                .forEach(r -> views.add(view(m, r, month)));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("municipality", m.id());
        out.put("name", m.name());
        out.put("timeZone", m.zone().getId());
        out.put("workingHours", m.workingHours());
        out.put("coordinator", m.coordinator().id());
        Map<String, String> byChannel = new java.util.TreeMap<>();
        m.channelCoordinators().forEach((channel, r) -> byChannel.put(channel, r.id()));
        out.put("channelCoordinators", byChannel);
        out.put("channelCoExecutors", new java.util.TreeMap<>(m.channelCoExecutors()));
        out.put("recipients", views);
        return out;
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
            byte[] body) {
        Municipality m = municipality(municipality);
        Recipient r = recipient(m, id);
        JsonFields f = JsonFields.parse(json, body);
        RecipientState.Absence absence = f.has("absence") ? absence(f, m, r) : null;
        Integer capacity = f.integer("capacity", false, 1, 100_000);
        Integer openItems = f.integer("openItems", false, 0, 1_000_000);
        f.throwIfInvalid();
        // The deputy rules span recipients: checked and written as one step, or two opposite deputy assignments
        // sent at once would both pass and make a cycle.
        return states.change(m.id(), () -> {
            if (absence != null) {
                checkNotCoveringOthers(m, r, absence);
                checkDeputyPresent(m, absence);
            }
            RecipientState next = new RecipientState(r.id(), absence, capacity,
                    openItems == null ? states.get(m.id(), r.id()).openItems() : openItems)
                    .setBy(access.actor().signature(), java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC));
            states.put(m.id(), next);
            log.append(m.id(), "RECIPIENT_STATE_SET", next.updatedBy(), "recipient-state/" + r.id() + "/" + next.updatedAt(), next);
            return next;
        });
    }

    private RecipientState.Absence absence(JsonFields f, Municipality m, Recipient r) {
        JsonNode a = f.node("absence");
        if (!a.isObject()) {
            f.error("absence", "must be an object {from, to, deputyId} or null");
            return null;
        }
        LocalDate from = date(f, a, "absence.from", "from");
        LocalDate to = date(f, a, "absence.to", "to");
        String deputyId = a.hasNonNull("deputyId") ? a.get("deputyId").asText().strip() : null;
        if (from != null && to != null && to.isBefore(from)) {
            f.error("absence.to", "must not be before absence.from");
        }
        if (deputyId != null) {
            if (deputyId.equals(r.id())) {
                f.error("absence.deputyId", "a recipient cannot be its own deputy");
            } else if (m.recipient(deputyId).isEmpty()) {
                f.error("absence.deputyId", "unknown recipient \"" + deputyId + "\" in " + m.id());
            }
        }
        return from == null || to == null ? null : new RecipientState.Absence(from, to, deputyId);
    }

    private void checkDeputyPresent(Municipality m, RecipientState.Absence absence) {
        if (absence.deputyId() == null) {
            return;
        }
        RecipientState deputy = states.get(m.id(), absence.deputyId());
        if (deputy.absence() != null && deputy.absence().overlaps(absence)) {
            throw ProblemException.invalid("absence.deputyId", "the deputy \"" + absence.deputyId()
                    + "\" is absent themselves from " + deputy.absence().from() + " to " + deputy.absence().to());
        }
    }

    private void checkNotCoveringOthers(Municipality m, Recipient r, RecipientState.Absence absence) {
        for (Recipient other : m.recipients().values()) {
            RecipientState s = states.get(m.id(), other.id());
            if (s.absence() != null && r.id().equals(s.absence().deputyId()) && s.absence().overlaps(absence)) {
                throw new ProblemException(new Problem("/problems/conflict", "Conflict", 409, "absence: \"" + r.id()
                        + "\" is the deputy of \"" + other.id() + "\" from " + s.absence().from() + " to "
                        + s.absence().to() + "; name another deputy there first (no deputy cycles)",
                        List.of(new Problem.FieldError("absence", "overlaps a period in which this recipient is a deputy"))));
            }
        }
    }

    private static LocalDate date(JsonFields f, JsonNode a, String field, String key) {
        JsonNode n = a.get(key);
        if (n == null || !n.isTextual()) {
            f.error(field, "is required, a date such as 2026-06-12");
            return null;
        }
        try {
            return LocalDate.parse(n.asText());
        } catch (DateTimeParseException e) {
            f.error(field, "must be a date such as 2026-06-12 (got \"" + n.asText() + "\")");
            return null;
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
        Map<String, ru.mcu.marshrut.rating.RatingMetrics> out = new java.util.HashMap<>();
        try {
            ratings.rate(m, ru.mcu.marshrut.rating.RatingPeriod.parse(month, m.zone()))
                    .forEach(row -> out.put(row.recipientId(), row.numbers()));
        } catch (ru.mcu.marshrut.deadlines.CalendarRangeException notCovered) {
            return Map.of();
        }
        return out;
    }

    private Municipality municipality(String id) {
        return access.municipality(id);
    }

    private static Recipient recipient(Municipality m, String id) {
        return m.recipient(id).orElseThrow(() -> ProblemException.notFound("Unknown recipient \"" + id + "\" in " + m.id()));
    }
}
