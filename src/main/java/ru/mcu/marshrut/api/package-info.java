/**
 * The HTTP API. Here too the error answers of its OpenAPI document, once each:
 * {@link ru.mcu.marshrut.api.ProblemResponses} names on every operation the ones it gives. The API's are problem+json
 * ({@link ru.mcu.marshrut.api.Problem}); Open311's are GeoReport v2 error lists in the format of the path's suffix.
 * The scanner reads a document's definition from a package or a JAX-RS Application, and this service has no
 * Application class; the title, description and version come from application.properties.
 */
@OpenAPIDefinition(info = @Info(title = "Marshrut API", version = "1"), components = @Components(
        schemas = @Schema(name = "Open311ErrorEntry", type = SchemaType.OBJECT,
                description = "One error of a GeoReport v2 error list", properties = {
                        @SchemaProperty(name = "code", type = SchemaType.INTEGER,
                                description = "The HTTP status of the error"),
                        @SchemaProperty(name = "description", type = SchemaType.STRING,
                                description = "What is wrong, naming the field") }),
        responses = {
        @APIResponse(name = "BadRequest", description = "A field, parameter or body is invalid; `errors` names each",
                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
        @APIResponse(name = "Unauthorized",
                description = "No credentials, or credentials that are not (or no longer) valid",
                headers = @Header(name = "WWW-Authenticate", description = "The schemes accepted",
                        schema = @Schema(type = SchemaType.STRING)),
                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
        @APIResponse(name = "Forbidden", description = "The caller's roles or municipalities do not allow it (a console"
                + " session's change also needs its X-CSRF-Token)",
                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
        @APIResponse(name = "NotFound", description = "What the path names does not exist, or not for this caller",
                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
        @APIResponse(name = "NotAcceptable", description = "The Accept header names no media type this operation"
                + " answers in (`errors` names Accept)",
                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
        @APIResponse(name = "Conflict", description = "The stored state does not allow it (the detail says which)",
                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
        @APIResponse(name = "PayloadTooLarge", description = "The body is over the endpoint's limit; nothing was read"
                + " past it", content = @Content(mediaType = Problem.MEDIA_TYPE,
                        schema = @Schema(implementation = Problem.class))),
        @APIResponse(name = "UnsupportedMediaType", description = "The endpoint does not read that Content-Type",
                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
        @APIResponse(name = "UnprocessableContent", description = "Valid, but it cannot be worked out: a date outside"
                + " the loaded production calendars (and the provisional year after them), an item or version that cannot"
                + " be used",
                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
        @APIResponse(name = "TooManyRequests", description = "Too many wrong passwords for this login; try after the"
                + " time the detail names", content = @Content(mediaType = Problem.MEDIA_TYPE,
                        schema = @Schema(implementation = Problem.class))),
        @APIResponse(name = "InternalServerError", description = "An unexpected failure, logged on the server; no stack"
                + " trace is answered. Whether the request changed anything is not known: read it back (routing and"
                + " events are idempotent, so sending them again is safe)",
                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
        @APIResponse(name = "BadGateway", description = "The identity provider did not answer as it should",
                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
        @APIResponse(name = "ServiceUnavailable", description = "Not now; nothing was stored: the budget for uploaded"
                + " and compiled sources is taken (retry after Retry-After seconds), or a decision's audit entry is not"
                + " in a signed tree head yet (retry in a second)",
                headers = @Header(name = "Retry-After", description = "Seconds to wait before trying again",
                        schema = @Schema(type = SchemaType.INTEGER)),
                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
        @APIResponse(name = "Open311BadRequest", description = "A field is missing or invalid, or the body is not a"
                + " form (GeoReport v2 errors)",
                content = { @Content(mediaType = "application/json", schema = @Schema(ref = "Open311ErrorEntry")),
                        @Content(mediaType = "text/xml", schema = @Schema(type = SchemaType.STRING)) }),
        @APIResponse(name = "Open311Forbidden", description = "api_key missing or not valid, or not allowed for this"
                + " jurisdiction (GeoReport v2 errors)",
                content = { @Content(mediaType = "application/json", schema = @Schema(ref = "Open311ErrorEntry")),
                        @Content(mediaType = "text/xml", schema = @Schema(type = SchemaType.STRING)) }),
        @APIResponse(name = "Open311NotFound", description = "The jurisdiction, service, request or format does not"
                + " exist (GeoReport v2 errors)",
                content = { @Content(mediaType = "application/json", schema = @Schema(ref = "Open311ErrorEntry")),
                        @Content(mediaType = "text/xml", schema = @Schema(type = SchemaType.STRING)) }),
        @APIResponse(name = "Open311PayloadTooLarge", description = "The body is over the limit (GeoReport v2 errors)",
                content = { @Content(mediaType = "application/json", schema = @Schema(ref = "Open311ErrorEntry")),
                        @Content(mediaType = "text/xml", schema = @Schema(type = SchemaType.STRING)) }),
        @APIResponse(name = "Open311InternalServerError", description = "An unexpected failure, logged on the server"
                + " (GeoReport v2 errors). Whether a request posted was stored is not known: look for it among the"
                + " requests before posting it again",
                content = { @Content(mediaType = "application/json", schema = @Schema(ref = "Open311ErrorEntry")),
                        @Content(mediaType = "text/xml", schema = @Schema(type = SchemaType.STRING)) }) }))
package ru.mcu.marshrut.api;

import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
