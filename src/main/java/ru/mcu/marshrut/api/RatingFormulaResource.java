package ru.mcu.marshrut.api;

import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import ru.mcu.marshrut.dmn.InvalidRulesetException;
import ru.mcu.marshrut.municipalities.Municipality;
import ru.mcu.marshrut.rating.RatingFormulaRegistry;
import ru.mcu.marshrut.security.Access;
import ru.mcu.marshrut.security.Roles;

/**
 * A municipality's rating formula: its versions (decisions/rating.dmn is version 1), upload a DMN, look at it,
 * activate it (or an earlier one again). The municipality's administrator edits its own.
 */
@Path("/api/v1/municipalities/{municipality}/rating-formula")
public class RatingFormulaResource {

    private final RatingFormulaRegistry formulas;
    private final Access access;
    private final ru.mcu.marshrut.rulesets.SourceBudget budget;

    public RatingFormulaResource(RatingFormulaRegistry formulas, Access access, ru.mcu.marshrut.rulesets.SourceBudget budget) {
        this.formulas = formulas;
        this.access = access;
        this.budget = budget;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ADMIN, Roles.AUDITOR, Roles.CENTRE })
    public Versions versions(@PathParam("municipality") String municipality) {
        Municipality m = access.municipality(municipality);
        return new Versions(m.id(), formulas.activeVersion(m.id()), formulas.versions(m.id()));
    }

    /** The rating formula's versions of a municipality and which one is active. */
    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "RatingFormulaVersions")
    public record Versions(String municipality, int activeVersion, java.util.List<RatingFormulaRegistry.Version> versions) {
    }

    @GET
    @Path("{version}")
    @Produces(MediaType.APPLICATION_XML)
    @RolesAllowed({ Roles.ADMIN, Roles.AUDITOR, Roles.CENTRE })
    public String dmn(@PathParam("municipality") String municipality, @PathParam("version") String version) {
        Municipality m = access.municipality(municipality);
        return formulas.get(m.id(), number(version))
                .orElseThrow(() -> ProblemException.notFound("No rating formula version " + version + " in " + m.id())).xml();
    }

    @POST
    @Consumes({ MediaType.APPLICATION_XML, MediaType.TEXT_XML })
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ADMIN, Roles.CENTRE })
    @BodyLimit(BodyLimit.Kind.FORMULA)
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "201", description = "The new version (not active until activated)", content = { @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "application/json", schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(implementation = RatingFormulaRegistry.Version.class)) })
    public Response upload(@PathParam("municipality") String municipality, @QueryParam("comment") String comment,
            byte[] body) {
        Municipality m = access.municipality(municipality);
        String note = RequestBinder.comment(comment);
        if (body == null || body.length == 0) {
            throw ProblemException.invalid("body", "a DMN file is required");
        }
        try (var work = budget.take(body.length)) {
            var v = formulas.upload(m.id(), ru.mcu.marshrut.dmn.Utf8Text.decode("DMN", body), access.actor().signature(), note);
            return Response.status(Response.Status.CREATED)
                    .header("Location", "/api/v1/municipalities/" + m.id() + "/rating-formula/" + v.version()).entity(v).build();
        } catch (InvalidRulesetException e) {
            // Not DMN, unsafe, FEEL errors, or decisions score/grade missing or of the wrong type: nothing stored.
            throw new ProblemException(new Problem(e instanceof ru.mcu.marshrut.dmn.UnsafeDmnException
                    ? "/problems/unsafe-dmn" : "/problems/invalid-rating-formula", "Invalid rating formula", 400,
                    "body: not a usable rating formula: " + e.getMessage(),
                    java.util.List.of(new Problem.FieldError("body", e.getMessage()))));
        }
    }

    @POST
    @Path("{version}/activate")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ADMIN, Roles.CENTRE })
    public RatingFormulaRegistry.Version activate(@PathParam("municipality") String municipality,
            @PathParam("version") String version) {
        Municipality m = access.municipality(municipality);
        int v = number(version);
        var found = formulas.get(m.id(), v)
                .orElseThrow(() -> ProblemException.notFound("No rating formula version " + version + " in " + m.id()));
        try (var work = budget.take(found.xml().length())) {
            return formulas.activate(m.id(), v, access.actor().signature());
        } catch (RatingFormulaRegistry.ActivatedMeanwhile e) {
            throw new ProblemException(new Problem("/problems/conflict", "Conflict", 409, e.getMessage(), List.of()));
        }
    }

    private static int number(String version) {
        try {
            return Integer.parseInt(version);
        } catch (NumberFormatException e) {
            throw ProblemException.invalid("version", "must be a version number (got \"" + version + "\")");
        }
    }
}
