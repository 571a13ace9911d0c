package ru.mcu.marshrut.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import ru.mcu.marshrut.municipalities.Municipality;
import ru.mcu.marshrut.routing.AutoruleAdmin;
import ru.mcu.marshrut.rulesets.DmnAutoruleReader;
import ru.mcu.marshrut.rulesets.RulesetVersion;
import ru.mcu.marshrut.rulesets.TableFormat;
import ru.mcu.marshrut.security.Access;
import ru.mcu.marshrut.security.Roles;

/** Administrators' autorule tables: versions, formats, drafts, validation, simulation, activation, rollback. */
@Path("/api/v1/municipalities/{municipality}/autorules")
public class AutoruleResource {

    private final AutoruleAdmin admin;
    private final Access access;
    private final ru.mcu.marshrut.rulesets.SourceBudget budget;

    public AutoruleResource(AutoruleAdmin admin, Access access, ru.mcu.marshrut.rulesets.SourceBudget budget) {
        this.admin = admin;
        this.budget = budget;
        this.access = access;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ADMIN, Roles.AUDITOR, Roles.CENTRE })
    public Versions list(@PathParam("municipality") String municipality) {
        Municipality m = municipality(municipality);
        List<RulesetVersion> versions = admin.versions(m);
        return new Versions(m.id(), versions);
    }

    /** A municipality's autorule versions, oldest first. */
    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "AutoruleVersions")
    public record Versions(String municipality, List<RulesetVersion> versions) {
    }

    /** One version in the format asked by {@code ?format=} or the Accept header (JSON by default). */
    @GET
    @Path("{version}")
    @RolesAllowed({ Roles.ADMIN, Roles.AUDITOR, Roles.CENTRE })
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "200", description = "The version as a DMN file, JSON table, CSV or XLSX (a DMN or CSV under the name of its type that Accept takes)", content = { @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "application/json", schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(implementation = ru.mcu.marshrut.rulesets.AutoruleTableJson.class)), @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "application/xml", schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)), @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "text/xml", schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)), @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "application/dmn+xml", schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)), @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "text/csv", schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)), @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "application/csv", schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)), @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING, format = "binary")) })
    public Response get(@PathParam("municipality") String municipality, @PathParam("version") String version,
            @QueryParam("format") String format, @HeaderParam("Accept") String accept) {
        Municipality m = municipality(municipality);
        TableFormat f = format != null ? TableFormat.byName(format).orElseThrow(() -> ProblemException.invalid("format",
                "must be one of dmn, json, xlsx, csv (got \"" + format + "\")")) : fromAccept(accept);
        RulesetVersion v = version(m, version);
        byte[] body;
        try (var work = budget.take(v.xml().length())) {
            body = f.write(m.id(), DmnAutoruleReader.read("autorules/" + m.id() + "@" + v.version(), v.xml()), v.xml());
        }
        String ext = f == TableFormat.DMN ? "dmn" : f.name().toLowerCase();
        // Answered under the name of the format the client accepts (text/xml for a DMN asked as text/xml or text/*)
        String type = format != null ? f.mediaType()
                : AcceptHeader.choose(accept, f.mediaTypes(), List::of).orElse(f.mediaType());
        return AcceptHeader.negotiated(Response.ok(body, type + (f == TableFormat.XLSX ? "" : "; charset=UTF-8"))
                .header("Content-Disposition", "attachment; filename=\"autorules-" + m.id() + "-v" + v.version() + "." + ext + "\"")
                .header("X-Ruleset-State", v.state().name())
                .header("X-Ruleset-Hash", v.hash())
                .build(), format);
    }

    /** The author of the draft is the authenticated principal. */
    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ADMIN, Roles.CENTRE })
    @BodyLimit(BodyLimit.Kind.UPLOAD)
    @org.eclipse.microprofile.openapi.annotations.parameters.RequestBody(description = "An autorule table: DMN (application/xml), JSON (application/json), CSV (text/csv) or XLSX", content = {
            @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "application/xml", schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)),
            @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "application/json", schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(implementation = ru.mcu.marshrut.rulesets.AutoruleTableJson.class)),
            @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "text/csv", schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)),
            @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING, format = "binary")) })
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "201", description = "The new draft with its validation report", content = { @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "application/json", schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(implementation = AutoruleAdmin.Draft.class)) })
    public Response upload(@PathParam("municipality") String municipality, @QueryParam("format") String format,
            @HeaderParam("Content-Type") String contentType, @QueryParam("comment") String comment, byte[] body) {
        Municipality m = municipality(municipality);
        if (body == null || body.length == 0) {
            throw ProblemException.invalid("body", "an autorule table is required (DMN, JSON, CSV or XLSX)");
        }
        TableFormat f;
        if (format != null) {
            f = TableFormat.byName(format).orElseThrow(() -> ProblemException.invalid("format",
                    "must be one of dmn, json, xlsx, csv (got \"" + format + "\")"));
        } else {
            f = TableFormat.byMediaType(contentType).orElseThrow(() -> new ProblemException(new Problem(
                    "/problems/unsupported-media-type", "Unsupported Media Type", 415,
                    "Content-Type: send DMN (application/xml), JSON (application/json), CSV (text/csv) or XLSX ("
                            + TableFormat.XLSX.mediaType() + "), or name it with ?format=",
                    List.of(new Problem.FieldError("Content-Type", "unsupported: " + contentType)))));
        }
        AutoruleAdmin.Draft draft = admin.createDraft(m, f, body, access.actor().signature(), RequestBinder.comment(comment));
        return Response.status(Response.Status.CREATED)
                .header("Location", "/api/v1/municipalities/" + m.id() + "/autorules/" + draft.version().version())
                .entity(draft).build();
    }

    @POST
    @Path("{version}/validate")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ADMIN, Roles.AUDITOR, Roles.CENTRE })
    public AutoruleAdmin.ValidationReport validate(@PathParam("municipality") String municipality,
            @PathParam("version") String version) {
        Municipality m = municipality(municipality);
        return admin.validate(m, version(m, version));
    }

    @POST
    @Path("{version}/simulate")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ADMIN, Roles.AUDITOR, Roles.CENTRE })
    public AutoruleAdmin.Simulation simulate(@PathParam("municipality") String municipality,
            @PathParam("version") String version, @QueryParam("from") String from, @QueryParam("to") String to) {
        Municipality m = municipality(municipality);
        RulesetVersion v = version(m, version);
        Instant f = PeriodBoundary.parse("from", from, m.zone()), t = PeriodBoundary.parse("to", to, m.zone());
        if (!f.isBefore(t)) {
            throw ProblemException.invalid("to", "must be after from");
        }
        return admin.simulate(m, v, f, t);
    }

    @POST
    @Path("{version}/activate")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ADMIN, Roles.CENTRE })
    public AutoruleAdmin.Activation activate(@PathParam("municipality") String municipality,
            @PathParam("version") String version) {
        Municipality m = municipality(municipality);
        return admin.activate(m, version(m, version).version(), access.actor().signature());
    }

    @POST
    @Path("{version}/rollback")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ADMIN, Roles.CENTRE })
    public AutoruleAdmin.Activation rollback(@PathParam("municipality") String municipality,
            @PathParam("version") String version) {
        Municipality m = municipality(municipality);
        return admin.rollback(m, version(m, version).version(), access.actor().signature());
    }

    private Municipality municipality(String id) {
        return access.municipality(id);
    }

    private RulesetVersion version(Municipality m, String version) {
        int v = VersionNumber.parse(version);
        return admin.version(m, v).orElseThrow(() -> ProblemException.notFound("Autorules of " + m.id()
                + " have no version " + v));
    }

    /** The format the Accept header prefers (JSON when it names none in particular); 406 when it takes none. */
    private static TableFormat fromAccept(String accept) {
        List<TableFormat> offered = List.of(TableFormat.JSON, TableFormat.DMN, TableFormat.CSV, TableFormat.XLSX);
        return AcceptHeader.choose(accept, offered, TableFormat::mediaTypes).orElseThrow(() -> ProblemException
                .notAcceptable(offered.stream().map(TableFormat::mediaType).toList(), List.of("json", "dmn", "csv", "xlsx")));
    }

}
