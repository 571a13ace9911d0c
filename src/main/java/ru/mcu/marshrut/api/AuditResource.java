package ru.mcu.marshrut.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import ru.mcu.marshrut.audit.log.AuditLog;
import ru.mcu.marshrut.municipalities.Municipality;
import ru.mcu.marshrut.security.Access;
import ru.mcu.marshrut.security.Roles;

/**
 * A municipality's provable audit log (docs/AUDIT.md): the signed tree head, entries byte for byte, consistency
 * proofs, a full verification and an export for offline checking.
 */
@Path("/api/v1/municipalities/{municipality}/audit")
public class AuditResource {

    private final AuditLog log;
    private final Access access;

    public AuditResource(AuditLog log, Access access) {
        this.log = log;
        this.access = access;
    }

    /** The latest signed checkpoint (C2SP tlog-checkpoint in a signed note). */
    @GET
    @Path("tree-head")
    @Produces(MediaType.TEXT_PLAIN)
    @RolesAllowed({ Roles.PLATFORM, Roles.COORDINATOR, Roles.ADMIN, Roles.AUDITOR, Roles.CENTRE })
    public String treeHead(@PathParam("municipality") String municipality) {
        return log.checkpoint(access.municipality(municipality).id());
    }

    /** The entry's bytes exactly as hashed, so that anyone can hash them again. */
    @GET
    @Path("entries/{index}")
    @Produces(MediaType.APPLICATION_JSON) // negotiated like every other answer: an Accept it cannot meet is 406
    @RolesAllowed({ Roles.PLATFORM, Roles.COORDINATOR, Roles.ADMIN, Roles.AUDITOR, Roles.CENTRE })
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "200", description = "The entry bytes exactly as hashed (a JSON document)", content = { @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "application/json", schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(implementation = AuditLog.Entry.class)) })
    public Response entry(@PathParam("municipality") String municipality, @PathParam("index") String index) {
        Municipality m = access.municipality(municipality);
        long i = number("index", index);
        byte[] bytes = log.entry(m.id(), i).filter(b -> i < log.treeSize(m.id()))
                .orElseThrow(() -> ProblemException.notFound("No entry " + i + " in the audit log of " + m.id()
                        + " (tree size " + log.treeSize(m.id()) + ")"));
        // Platform and coordinator prove decisions and item events; the other entries (principals, autorule and
        // formula versions, recipient state) are what their roles may not read through the API, and the export,
        // which holds them all, is closed to them as well
        var actor = access.actor();
        if (!actor.has(Roles.ADMIN) && !actor.has(Roles.AUDITOR) && !actor.has(Roles.CENTRE)
                && !ITEM_KINDS.contains(kind(bytes))) {
            throw new io.quarkus.security.ForbiddenException();
        }
        return Response.ok(bytes, "application/json").build();
    }

    /** The entries platform and coordinator keys may read: those about items. */
    static final java.util.Set<String> ITEM_KINDS = java.util.Set.of("DECISION", "EVENT");
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private static String kind(byte[] entry) {
        try {
            return JSON.readTree(entry).path("kind").asText();
        } catch (java.io.IOException e) {
            return ""; // not read as an item's entry: shown only to the roles that read every entry
        }
    }

    /** RFC 9162 §2.1.4 consistency proof between two tree sizes. */
    @GET
    @Path("consistency")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.PLATFORM, Roles.COORDINATOR, Roles.ADMIN, Roles.AUDITOR, Roles.CENTRE })
    public AuditLog.Consistency consistency(@PathParam("municipality") String municipality,
            @QueryParam("first") String first, @QueryParam("second") String second) {
        Municipality m = access.municipality(municipality);
        long a = number("first", first), b = number("second", second), size = log.treeSize(m.id());
        if (a < 0 || a > size) {
            throw ProblemException.invalid("first", "must be between 0 and the tree size (" + size + ")");
        }
        if (b < a || b > size) {
            throw ProblemException.invalid("second", "must be between first (" + a + ") and the tree size (" + size + ")");
        }
        // The empty tree is consistent with every tree, with nothing to prove: a monitor that saved a log's first head
        // (of size 0, signed before the first entry) asks from there
        return a == 0 ? new AuditLog.Consistency(0, b, java.util.List.of()) : log.consistency(m.id(), a, b);
    }

    /** Recomputes the tree from the stored entries and names the first entry that does not match. */
    @GET
    @Path("verify")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ADMIN, Roles.AUDITOR, Roles.CENTRE })
    public AuditLog.Verification verify(@PathParam("municipality") String municipality) {
        return log.verify(access.municipality(municipality).id());
    }

    /** JSON Lines of the entries with indexes in [from, to) (default: all), then the signed tree head. */
    @GET
    @Path("export")
    @Produces("application/jsonl")
    @RolesAllowed({ Roles.ADMIN, Roles.AUDITOR, Roles.CENTRE })
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "200", description = "JSON Lines: one entry per line with its index, then the signed tree head", content = { @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "application/jsonl", schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)) })
    public Response export(@PathParam("municipality") String municipality, @QueryParam("from") String from,
            @QueryParam("to") String to) {
        Municipality m = access.municipality(municipality);
        long f = from == null || from.isBlank() ? 0 : number("from", from);
        long t = to == null || to.isBlank() ? Long.MAX_VALUE : number("to", to);
        if (t < f) {
            throw ProblemException.invalid("to", "must not be before from");
        }
        AuditLog.Export export = log.export(m.id(), f, t); // its head signed (or refused) before the answer begins
        StreamingOutput body = export::writeTo;
        return Response.ok(body, "application/jsonl; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"audit-" + m.id() + ".jsonl\"").build();
    }

    static long number(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ProblemException.invalid(field, "is required: a whole number of 0 or more");
        }
        try {
            long v = Long.parseLong(value == null ? "" : value.strip());
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw ProblemException.invalid(field, "must be a whole number of 0 or more (got \"" + value + "\")");
        }
    }
}
