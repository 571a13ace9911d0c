package ru.mcu.marshrut.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.ObjectMapper;

import ru.mcu.marshrut.municipalities.MunicipalityCatalog;
import ru.mcu.marshrut.security.Access;
import ru.mcu.marshrut.security.Actor;
import ru.mcu.marshrut.security.Principals;
import ru.mcu.marshrut.security.Roles;
import ru.mcu.marshrut.security.StoredPrincipal;

/**
 * API keys (for systems and scripts) and users (people, for the console). {@code centre} manages all of them;
 * an {@code admin} manages the non-centre principals of its own municipalities. A key is shown once, when it
 * is created; only its hash is kept. A revoked principal stops working at the next request.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class PrincipalResource {

    static final int MIN_PASSWORD = 12;

    private final Principals principals;
    private final MunicipalityCatalog municipalities;
    private final Access access;
    private final ObjectMapper json;

    public PrincipalResource(Principals principals, MunicipalityCatalog municipalities, Access access, ObjectMapper json) {
        this.principals = principals;
        this.municipalities = municipalities;
        this.access = access;
        this.json = json;
    }

    public record CreatedKey(String id, String key, String name, List<String> roles, List<String> municipalities,
            java.time.OffsetDateTime createdAt, String createdBy) {
    }

    @POST
    @Path("api-keys")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ADMIN, Roles.CENTRE })
    public Response createKey(byte[] body) {
        JsonFields f = JsonFields.parse(json, body);
        String name = f.string("name", true, 100);
        Grant g = grant(f);
        Principals.Created c = principals.createKey(access.actor(), name, g.roles(), g.municipalities());
        StoredPrincipal p = c.principal();
        return Response.status(Response.Status.CREATED).header("Location", "/api/v1/api-keys/" + p.id())
                .entity(new CreatedKey(p.id(), c.key(), p.name(), p.roles(), p.municipalities(), p.createdAt(), p.createdBy()))
                .build();
    }

    @GET
    @Path("api-keys")
    @RolesAllowed({ Roles.ADMIN, Roles.CENTRE })
    public Map<String, Object> keys() {
        return Map.of("items", views(Actor.Kind.API_KEY));
    }

    @DELETE
    @Path("api-keys/{id}")
    @RolesAllowed({ Roles.ADMIN, Roles.CENTRE })
    public Response revokeKey(@PathParam("id") String id) {
        return revoke(Actor.Kind.API_KEY, id, "API key");
    }

    @POST
    @Path("users")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ADMIN, Roles.CENTRE })
    public Response createUser(byte[] body) {
        JsonFields f = JsonFields.parse(json, body);
        String login = f.string("login", true, 100);
        if (login != null && !login.matches("[A-Za-z0-9._@-]{3,100}")) {
            f.error("login", "must be 3 to 100 Latin letters, digits or . _ @ - (got \"" + login + "\")");
        }
        String password = f.node("password") != null && f.node("password").isTextual() ? f.node("password").textValue() : null;
        if (password == null) {
            f.error("password", "is required, a string of at least " + MIN_PASSWORD + " characters");
        } else if (password.length() < MIN_PASSWORD || password.length() > 200) {
            f.error("password", "must have " + MIN_PASSWORD + " to 200 characters (got " + password.length() + ")");
        }
        Grant g = grant(f);
        StoredPrincipal p = principals.createUser(access.actor(), login, password, g.roles(), g.municipalities())
                .orElseThrow(() -> new ProblemException(new Problem("/problems/conflict", "Conflict", 409,
                        "login: \"" + login + "\" is taken", List.of(new Problem.FieldError("login", "is taken")))));
        return Response.status(Response.Status.CREATED).header("Location", "/api/v1/users/" + p.id()).entity(p.view())
                .build();
    }

    @GET
    @Path("users")
    @RolesAllowed({ Roles.ADMIN, Roles.CENTRE })
    public Map<String, Object> users() {
        return Map.of("items", views(Actor.Kind.USER));
    }

    @DELETE
    @Path("users/{id}")
    @RolesAllowed({ Roles.ADMIN, Roles.CENTRE })
    public Response revokeUser(@PathParam("id") String id) {
        return revoke(Actor.Kind.USER, id, "user");
    }

    /** Who the caller is: what the console shows and what a script checks its key with. */
    @GET
    @Path("me")
    @RolesAllowed({ Roles.PLATFORM, Roles.COORDINATOR, Roles.ADMIN, Roles.AUDITOR, Roles.CENTRE })
    public Map<String, Object> me() {
        Actor a = access.actor();
        return Map.of("id", a.id(), "kind", a.kind(), "name", a.name(), "roles", a.roles().stream().sorted().toList(),
                "municipalities", List.copyOf(access.municipalityIds()), "allMunicipalities", a.allMunicipalities());
    }

    private record Grant(List<String> roles, List<String> municipalities) {
    }

    /**
     * Roles and municipalities of a new principal, checked field by field (400), then against what the caller may
     * grant (403): an admin cannot create a centre principal nor reach outside its own municipalities.
     */
    private Grant grant(JsonFields f) {
        List<String> roles = f.strings("roles", true, 4, 20);
        if (roles != null) {
            if (roles.isEmpty()) {
                f.error("roles", "must name at least one of " + Roles.ALL);
            }
            for (String r : roles) {
                if (!Roles.ALL.contains(r)) {
                    f.error("roles", "must be among " + Roles.ALL + " (got \"" + r + "\")");
                }
            }
        }
        boolean centre = roles != null && roles.contains(Roles.CENTRE);
        List<String> munis = f.strings("municipalities", !centre, 100, 100);
        if (munis != null) {
            if (centre && !munis.isEmpty()) {
                f.error("municipalities", "leave out for role centre: it acts in every municipality");
            } else if (!centre && munis.isEmpty()) {
                f.error("municipalities", "must name at least one municipality");
            }
            List<String> unknown = new ArrayList<>(munis.stream().filter(m -> municipalities.find(m).isEmpty()).toList());
            if (!unknown.isEmpty()) {
                f.error("municipalities", "unknown " + unknown + "; yours: " + access.municipalityIds());
            }
        }
        f.throwIfInvalid();
        Actor by = access.actor();
        if (centre && !by.has(Roles.CENTRE)) {
            throw new Access.ScopeException(403, "roles", "only the centre creates centre principals");
        }
        access.requireAll("municipalities", munis == null ? List.of() : munis);
        return new Grant(roles, munis == null ? List.of() : munis);
    }

    private List<StoredPrincipal.View> views(Actor.Kind kind) {
        return principals.list(access.actor(), kind).stream().map(StoredPrincipal::view).toList();
    }

    private Response revoke(Actor.Kind kind, String id, String what) {
        if (!principals.revoke(access.actor(), kind, id)) {
            throw ProblemException.notFound("No " + what + " with id " + id);
        }
        return Response.noContent().build();
    }
}
