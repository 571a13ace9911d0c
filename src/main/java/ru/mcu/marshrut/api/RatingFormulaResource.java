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
    /** The largest formula that may be uploaded, and so activated ({@code marshrut.rating.max-formula-bytes}). */
    private final int maxFormulaBytes;

    public RatingFormulaResource(RatingFormulaRegistry formulas, Access access, ru.mcu.marshrut.rulesets.SourceBudget budget,
            ru.mcu.marshrut.MarshrutConfig config) {
        this.formulas = formulas;
        this.access = access;
        this.budget = budget;
        this.maxFormulaBytes = config.rating().maxFormulaBytes();
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
        long bytes = utf8Length(found.xml());
        if (bytes > maxFormulaBytes) {
            // Stored before the limit (the autorule tables' 20 MB then): compiled, it would hold about 15 times its
            // size in heap on every node as long as it is active (docs/BENCHMARKS.md, twenty-seventh session)
            throw new ProblemException(new Problem("/problems/formula-too-large", "Rating formula too large", 409,
                    "version: rating formula version " + v + " is " + bytes + " bytes, stored before the limit of "
                            + maxFormulaBytes + " bytes; it is not activated: upload a smaller one",
                    List.of(new Problem.FieldError("version", "its formula is " + bytes + " bytes; at most "
                            + maxFormulaBytes + " may be activated"))));
        }
        try (var work = budget.take(bytes)) {
            return formulas.activate(m.id(), v, access.actor().signature());
        } catch (RatingFormulaRegistry.AlreadyActive e) {
            // As for autorules: activating what is in use changes nothing, and used to rewrite who activated it and when
            // (with an audit entry of a switch that did not happen)
            throw new ProblemException(new Problem("/problems/conflict", "Conflict", 409, e.getMessage(),
                    List.of(new Problem.FieldError("version", "already active"))));
        } catch (RatingFormulaRegistry.ActivatedMeanwhile e) {
            throw new ProblemException(new Problem("/problems/conflict", "Conflict", 409, e.getMessage(), List.of()));
        } catch (ru.mcu.marshrut.dmn.UnsafeDmnException e) {
            // Stored before the formula's allow-list: its cost is not bounded, so it is not made the formula in use
            throw new ProblemException(new Problem("/problems/unsafe-dmn", "Rating formula not activated", 409,
                    "version: rating formula version " + v + " is not activated: " + e.getMessage(),
                    List.of(new Problem.FieldError("version", e.getMessage()))));
        }
    }

    /** Bytes of {@code text} in UTF-8 as {@code getBytes} writes them, counted without a copy (a stored formula may be megabytes). */
    static long utf8Length(String text) {
        long n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                n++; // unpaired: one '?', as String.getBytes writes it
            } else {
                n += 3;
            }
        }
        return n;
    }

    private static int number(String version) {
        return VersionNumber.parse(version);
    }
}
