package ru.mcu.marshrut.api;

import java.nio.charset.StandardCharsets;
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

import ru.mcu.marshrut.rating.RatingFormulaRegistry;
import ru.mcu.marshrut.rulesets.InvalidRulesetException;
import ru.mcu.marshrut.security.Access;
import ru.mcu.marshrut.security.Roles;

/**
 * The rating formula's versions: upload a DMN, look at it, activate it (or an earlier one again). The formula is
 * one for all municipalities, so changing it is the centre's; administrators and auditors read it.
 */
@Path("/api/v1/rating-formula")
public class RatingFormulaResource {

    private final RatingFormulaRegistry formulas;
    private final Access access;

    public RatingFormulaResource(RatingFormulaRegistry formulas, Access access) {
        this.formulas = formulas;
        this.access = access;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ADMIN, Roles.AUDITOR, Roles.CENTRE })
    public Map<String, Object> versions() {
        return Map.of("activeVersion", formulas.activeVersion(), "versions", formulas.versions());
    }

    @GET
    @Path("{version}")
    @Produces(MediaType.APPLICATION_XML)
    @RolesAllowed({ Roles.ADMIN, Roles.AUDITOR, Roles.CENTRE })
    public String dmn(@PathParam("version") String version) {
        return formulas.get(number(version)).orElseThrow(() -> ProblemException.notFound("No rating formula version " + version))
                .xml();
    }

    @POST
    @Consumes({ MediaType.APPLICATION_XML, MediaType.TEXT_XML })
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.CENTRE)
    @BodyLimit(BodyLimit.Kind.UPLOAD)
    public Response upload(@QueryParam("comment") String comment, byte[] body) {
        if (body == null || body.length == 0) {
            throw ProblemException.invalid("body", "a DMN file is required");
        }
        try {
            var v = formulas.upload(new String(body, StandardCharsets.UTF_8), access.actor().signature(), comment);
            return Response.status(Response.Status.CREATED).header("Location", "/api/v1/rating-formula/" + v.version())
                    .entity(v).build();
        } catch (InvalidRulesetException e) {
            // Not DMN, FEEL errors, or decisions score/grade missing or of the wrong type: nothing stored.
            throw ProblemException.invalid("body", "not a usable rating formula: " + e.getMessage());
        }
    }

    @POST
    @Path("{version}/activate")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.CENTRE)
    public RatingFormulaRegistry.Version activate(@PathParam("version") String version) {
        int v = number(version);
        if (formulas.get(v).isEmpty()) {
            throw ProblemException.notFound("No rating formula version " + version);
        }
        return formulas.activate(v, access.actor().signature());
    }

    private static int number(String version) {
        try {
            return Integer.parseInt(version);
        } catch (NumberFormatException e) {
            throw ProblemException.invalid("version", "must be a version number (got \"" + version + "\")");
        }
    }

}
