package ru.mcu.marshrut.api;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.ObjectMapper;

import ru.mcu.marshrut.events.EventService;
import ru.mcu.marshrut.events.ItemEvent;
import ru.mcu.marshrut.municipalities.MunicipalityCatalog;
import ru.mcu.marshrut.routing.RoutingDecision;
import ru.mcu.marshrut.security.Access;
import ru.mcu.marshrut.security.Roles;

/** Item lifecycle events from the platform: idempotent by eventId, accepted in any order. */
@Path("/api/v1/events")
@Produces(MediaType.APPLICATION_JSON)
public class EventResource {

    private final EventService events;
    private final ru.mcu.marshrut.audit.DecisionStore decisions;
    private final MunicipalityCatalog municipalities;
    private final ObjectMapper json;
    private final Access access;

    public EventResource(EventService events, ru.mcu.marshrut.audit.DecisionStore decisions,
            MunicipalityCatalog municipalities, ObjectMapper json, Access access) {
        this.events = events;
        this.decisions = decisions;
        this.municipalities = municipalities;
        this.json = json;
        this.access = access;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.PLATFORM, Roles.COORDINATOR, Roles.ADMIN, Roles.CENTRE })
    public Response record(byte[] body) {
        JsonFields f = JsonFields.parse(json, body);
        String eventId = f.string("eventId", true, 200);
        String municipality = f.string("municipality", true, 100);
        if (municipality != null && municipalities.find(municipality).isEmpty()) {
            f.error("municipality", "unknown municipality \"" + municipality + "\"; yours: " + access.municipalityIds());
        }
        String itemId = f.string("itemId", true, 200);
        String type = f.oneOf("type", ItemEvent.TYPES, null, true);
        OffsetDateTime occurredAt = f.dateTime("occurredAt", true);
        String recipientId = f.string("recipientId", false, 200);
        List<String> coExecutors = f.strings("coExecutors", false, 20, 200);
        String reason = f.string("reason", false, 2000);
        String satisfaction = f.oneOf("satisfaction", ItemEvent.SATISFACTION, null, false);
        if (type != null && ItemEvent.NAME_A_RECIPIENT.contains(type) && recipientId == null && !f.hasError("recipientId")) {
            f.error("recipientId", "is required for " + type + ": the recipient who holds the item afterwards");
        }
        if (coExecutors != null && !coExecutors.isEmpty() && !"ASSIGN".equals(type)) {
            f.error("coExecutors", "only an ASSIGN names co-executors");
        }
        if (type != null && ItemEvent.NEED_A_REASON.contains(type) && reason == null && !f.hasError("reason")) {
            f.error("reason", "is required for " + type + ("POSTPONE".equals(type)
                    ? ": why the 59-ФЗ deadline is extended (art. 12 part 2)" : ": the competent body the appeal goes to"));
        }
        if ("SATISFACTION".equals(type) && satisfaction == null && !f.hasError("satisfaction")) {
            f.error("satisfaction", "is required for SATISFACTION: one of " + ItemEvent.SATISFACTION);
        }
        f.throwIfInvalid();
        access.require("municipality", municipality);
        RoutingDecision decision = decisions.findByItemId(municipality, itemId).orElseThrow(() -> new ProblemException(
                new Problem("/problems/unknown-item", "Unknown item", 422, "itemId: no routing decision for item \"" + itemId
                        + "\" in " + municipality + "; route it first", List.of(new Problem.FieldError("itemId", "unknown item")))));
        var m = municipalities.find(municipality).orElseThrow();
        if (recipientId != null && m.recipient(recipientId).isEmpty()) {
            f.error("recipientId", "unknown recipient \"" + recipientId + "\" in " + municipality);
        }
        if (coExecutors != null) {
            coExecutors.stream().filter(c -> m.recipient(c).isEmpty())
                    .forEach(c -> f.error("coExecutors", "unknown recipient \"" + c + "\" in " + municipality));
        }
        f.throwIfInvalid();
        EventService.Recorded r;
        try {
            r = events.record(new ItemEvent(eventId, municipality, itemId, type, occurredAt, recipientId,
                    coExecutors == null || coExecutors.isEmpty() ? null : coExecutors, reason, satisfaction,
                    access.actor().signature()), decision);
        } catch (EventService.ConflictingEvent e) {
            throw new ProblemException(new Problem("/problems/conflict", "Conflict", 409, e.getMessage(),
                    List.of(new Problem.FieldError("eventId", "already used for a different event"))));
        } catch (EventService.NotAllowed e) {
            throw new ProblemException(new Problem("/problems/not-allowed", "Not allowed by the item's history", 409,
                    e.getMessage(), List.of(new Problem.FieldError("type", e.getMessage()))));
        } catch (ru.mcu.marshrut.deadlines.CalendarRangeException e) {
            throw ProblemException.unprocessable("occurredAt", e.getMessage());
        }
        return Response.status(r.duplicate() ? Response.Status.OK : Response.Status.CREATED).entity(r).build();
    }
}
