package ru.mcu.marshrut.floor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The HTTP floor: the same route and request as Marshrut's routing call, parsed into a typed record by Jackson, and
 * a canned decision of the same size in answer (a real Marshrut decision, captured by bench/http-bench.sh, with this
 * request's item id). No rules, no store, no audit: what a request costs before any of Marshrut's work.
 */
@jakarta.ws.rs.Path("/api/v1/routing-decisions")
public class FloorResource {

    /** The fields of Marshrut's routing request. */
    public record RoutingRequest(String itemId, String municipality, String channel, String category, String subcategory,
            String oktmo, String text, String authorType, String importance, OffsetDateTime receivedAt,
            OffsetDateTime answerAt, String repeatOf) {
    }

    private final ObjectNode decision;

    public FloorResource(ObjectMapper json, @ConfigProperty(name = "floor.decision") String decisionFile) throws IOException {
        this.decision = (ObjectNode) json.readTree(Files.readString(Paths.get(decisionFile)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response route(RoutingRequest request) {
        if (request == null || request.itemId() == null || request.municipality() == null || request.receivedAt() == null) {
            return Response.status(400).build();
        }
        ObjectNode answer = decision.deepCopy();
        String id = UUID.randomUUID().toString();
        answer.put("decisionId", id).put("itemId", request.itemId()).put("municipality", request.municipality());
        return Response.status(201).header("Location", "/api/v1/routing-decisions/" + id).entity(answer).build();
    }
}
