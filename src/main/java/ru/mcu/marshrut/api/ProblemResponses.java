package ru.mcu.marshrut.api;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Names on each operation of the OpenAPI document the error answers it gives, each a reference to one of the
 * responses declared once in this package's {@code package-info.java}, so that a generated client knows them. What
 * follows from the operation's shape is added for all: a secured operation answers 401 and 403 (Open311, as its spec
 * asks, 403 only); a body can be invalid, too large or of a media type not read (400, 413, 415; Open311 400 and 413);
 * a query parameter can be invalid (400); a path naming something can name nothing (404); an Accept the operation
 * cannot answer is 406 (Open311's suffix chooses its answer's media type instead); any operation can answer 500 (a
 * problem+json that says whether to send the request again; Open311's, a GeoReport error list). What the code of one
 * operation adds is in {@link #SPECIFIC}. The packaged service's document is checked against every answer
 * the test suite receives ({@code EveryAnswerDeclaredIT}).
 */
public class ProblemResponses implements OASFilter {

    static final String OPEN311 = "/open311/";

    /** Per operation, the answers its own code gives beyond those of its shape. */
    static final Map<String, List<Integer>> SPECIFIC = Map.ofEntries(
            // a date outside the loaded production calendars
            Map.entry("POST /api/v1/routing-decisions", List.of(422)),
            Map.entry("POST /api/v1/deadlines", List.of(422)),
            Map.entry("GET /api/v1/municipalities/{municipality}/items/{itemId}", List.of(422)),
            Map.entry("GET /api/v1/municipalities/{municipality}/items/deadline-status", List.of(422)),
            Map.entry("GET /api/v1/municipalities/{municipality}/ratings", List.of(422)),
            Map.entry("GET /api/v1/municipalities/{municipality}/reports/monthly", List.of(422)),
            Map.entry("GET /api/v1/municipalities/{municipality}/reports/weekly", List.of(422)),
            // an event the item's state does not allow, or the same id with other content; an unknown item
            Map.entry("POST /api/v1/events", List.of(409, 422)),
            // replayed or re-decided on a version that must be compiled first (the source budget), or cannot be
            Map.entry("POST /api/v1/routing-decisions/{decisionId}/replay", List.of(422, 503)),
            Map.entry("POST /api/v1/routing-decisions/{decisionId}/what-if", List.of(422, 503)),
            // uploads and compilations take the source budget; a version's state may not allow the step
            Map.entry("POST /api/v1/municipalities/{municipality}/autorules", List.of(503)),
            Map.entry("GET /api/v1/municipalities/{municipality}/autorules/{version}", List.of(503)),
            Map.entry("POST /api/v1/municipalities/{municipality}/autorules/{version}/activate", List.of(409, 503)),
            Map.entry("POST /api/v1/municipalities/{municipality}/autorules/{version}/rollback", List.of(409, 503)),
            Map.entry("POST /api/v1/municipalities/{municipality}/autorules/{version}/simulate", List.of(503)),
            Map.entry("POST /api/v1/municipalities/{municipality}/autorules/{version}/validate", List.of(503)),
            Map.entry("POST /api/v1/municipalities/{municipality}/rating-formula", List.of(503)),
            Map.entry("POST /api/v1/municipalities/{municipality}/rating-formula/{version}/activate", List.of(409, 503)),
            // a decision logged a moment ago whose entry is not in a signed tree head yet
            Map.entry("GET /api/v1/routing-decisions/{decisionId}/proof", List.of(503)),
            // a state older than the stored one, or a deputy that is absent too
            Map.entry("PUT /api/v1/municipalities/{municipality}/recipients/{recipientId}/state", List.of(409)),
            // logins and passwords: taken, last of their kind, wrong current password, throttled
            Map.entry("POST /api/v1/users", List.of(409)),
            Map.entry("DELETE /api/v1/users/{id}", List.of(409)),
            Map.entry("PUT /api/v1/users/{id}/password", List.of(409)),
            Map.entry("POST /api/v1/me/password", List.of(409, 429)),
            Map.entry("POST /api/v1/session", List.of(401, 429)),
            Map.entry("GET /api/v1/session/oidc", List.of(404)),
            Map.entry("GET /api/v1/session/oidc/callback", List.of(401, 403, 404, 502)),
            // Open311 reads a form its document does not describe: a missing or invalid field (a body that is not a
            // form among them: Open311 has no 415), one over the body limit
            Map.entry("GET /open311/v2/requests.{format}", List.of(400)),
            Map.entry("POST /open311/v2/requests.{format}", List.of(400, 413)),
            Map.entry("GET /open311/v2/services.{format}", List.of(400)));

    /** Path parameters read as whole numbers: anything else is a 400 naming them, a number naming nothing a 404. */
    static final Set<String> NUMBERED = Set.of("version", "index");

    /** The component response of a status (package-info.java), for the API and for Open311. */
    static String component(int status, boolean open311) {
        String name = switch (status) {
            case 400 -> "BadRequest";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "NotFound";
            case 406 -> "NotAcceptable";
            case 409 -> "Conflict";
            case 413 -> "PayloadTooLarge";
            case 415 -> "UnsupportedMediaType";
            case 422 -> "UnprocessableContent";
            case 429 -> "TooManyRequests";
            case 502 -> "BadGateway";
            case 500 -> "InternalServerError";
            case 503 -> "ServiceUnavailable";
            default -> throw new IllegalArgumentException("no response declared for " + status);
        };
        return "#/components/responses/" + (open311 ? "Open311" : "") + name;
    }

    @Override
    public void filterOpenAPI(OpenAPI api) {
        if (api.getComponents() != null && api.getComponents().getResponses() != null) {
            api.getComponents().getResponses().forEach((name, response) -> {
                if (name.startsWith("Open311")) {
                    listOfEntries(response);
                }
            });
        }
        SecurityDocs.schemes(api);
        if (api.getPaths() == null) {
            return;
        }
        api.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((method, op) -> {
            declare(method + " " + path, path.startsWith(OPEN311), item, op);
            QueryParameterDocs.apply(method + " " + path, op);
            SecurityDocs.roles(op);
        }));
    }

    private static void declare(String key, boolean open311, PathItem item, Operation op) {
        APIResponses responses = op.getResponses() == null ? OASFactory.createAPIResponses() : op.getResponses();
        Set<Integer> statuses = new TreeSet<>(SPECIFIC.getOrDefault(key, List.of()));
        // the generated 401 and 403 of a role check
        if (responses.hasAPIResponse("401") || responses.hasAPIResponse("403")) {
            statuses.add(403);
            if (open311) {
                responses.removeAPIResponse("401"); // Open311 answers missing credentials with 403
            } else {
                statuses.add(401);
            }
        }
        if (op.getRequestBody() != null) {
            statuses.add(400);
            statuses.add(413);
            if (!open311) {
                statuses.add(415); // Open311 reads a form only, and answers anything else 400 (its spec has no 415)
            }
        }
        // The API's answers are negotiated by Accept (by the framework, or by AcceptHeader where an answer is offered in
        // several media types and no ?format= chooses one); Open311's answer is chosen by the path's suffix instead
        if (!open311) {
            statuses.add(406);
        }
        for (Parameter p : parameters(item, op)) {
            if (p.getIn() == Parameter.In.QUERY) {
                statuses.add(400);
            } else if (p.getIn() == Parameter.In.PATH) {
                statuses.add(404);
                if (NUMBERED.contains(p.getName())) {
                    statuses.add(400); // not a whole number: "version: must be a version number (got …)"
                }
            }
        }
        // Any operation can fail unexpectedly: the answer is still a problem+json (ProblemMappers.unexpected), or for
        // Open311 a GeoReport error list (Open311Errors)
        statuses.add(500);
        for (int status : statuses) {
            responses.addAPIResponse(String.valueOf(status),
                    OASFactory.createAPIResponse().ref(component(status, open311)));
        }
        op.setResponses(responses);
    }

    /**
     * Open311's JSON errors are a list of entries; the annotations name the entry's schema only (they cannot say "a
     * list of" a schema given by reference).
     */
    private static void listOfEntries(APIResponse response) {
        MediaType json = response.getContent() == null ? null : response.getContent().getMediaType("application/json");
        if (json != null && json.getSchema() != null && json.getSchema().getRef() != null) {
            json.setSchema(OASFactory.createSchema().type(Schema.SchemaType.ARRAY)
                    .items(OASFactory.createSchema().ref(json.getSchema().getRef())));
        }
    }

    private static List<Parameter> parameters(PathItem item, Operation op) {
        List<Parameter> all = new java.util.ArrayList<>();
        if (item.getParameters() != null) {
            all.addAll(item.getParameters());
        }
        if (op.getParameters() != null) {
            all.addAll(op.getParameters());
        }
        return all;
    }
}
