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

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

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
    private final ru.mcu.marshrut.routing.DecisionStore decisions;
    private final MunicipalityCatalog municipalities;
    private final Access access;

    public EventResource(EventService events, ru.mcu.marshrut.routing.DecisionStore decisions,
            MunicipalityCatalog municipalities, Access access) {
        this.events = events;
        this.decisions = decisions;
        this.municipalities = municipalities;
        this.access = access;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.PLATFORM, Roles.COORDINATOR, Roles.ADMIN, Roles.CENTRE })
    @APIResponse(responseCode = "201", description = "Recorded", content = @Content(schema = @Schema(implementation = EventService.Recorded.class)))
    @APIResponse(responseCode = "200", description = "The same event was recorded before", content = @Content(schema = @Schema(implementation = EventService.Recorded.class)))
    public Response record(EventRequest body) {
        String municipality = body.municipality();
        String itemId = body.itemId();
        String recipientId = body.recipientId();
        List<String> coExecutors = body.coExecutors();
        FieldErrors f = new FieldErrors();
        access.require("municipality", municipality);
        RoutingDecision decision = decisions.findByItemId(municipality, itemId).orElseThrow(() -> new ProblemException(
                new Problem("/problems/unknown-item", "Unknown item", 422, "itemId: no routing decision for item \"" + itemId
                        + "\" in " + municipality + "; route it first", List.of(new Problem.FieldError("itemId", "unknown item")))));
        var m = municipalities.find(municipality).orElseThrow();
        // Nothing happens to an item before it is received: such a time is a wrong offset or clock, and taken as it
        // is it would close the item "on time" in no time, or move its deadline back.
        if (body.occurredAt().isBefore(decision.input().receivedAt())) {
            throw ProblemException.unprocessable("occurredAt", "is before the item was received ("
                    + decision.input().receivedAt() + "); check its time zone offset");
        }
        if (recipientId != null && m.recipient(recipientId).isEmpty()) {
            f.add("recipientId", "unknown recipient \"" + recipientId + "\" in " + municipality);
        }
        if (coExecutors != null) {
            coExecutors.stream().filter(c -> m.recipient(c).isEmpty())
                    .forEach(c -> f.add("coExecutors", "unknown recipient \"" + c + "\" in " + municipality));
        }
        f.throwIfAny();
        EventService.Recorded r;
        try {
            r = events.record(new ItemEvent(body.eventId(), municipality, itemId, body.type(), body.occurredAt(), recipientId,
                    coExecutors, body.reason(), body.satisfaction() == null ? null : body.satisfaction().name(),
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
