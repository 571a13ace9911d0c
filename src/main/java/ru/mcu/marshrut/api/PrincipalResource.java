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
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;


import ru.mcu.marshrut.municipalities.MunicipalityCatalog;
import ru.mcu.marshrut.security.Access;
import ru.mcu.marshrut.security.Actor;
import ru.mcu.marshrut.security.ConsoleSessions;
import ru.mcu.marshrut.security.LoginThrottle;
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
    private final LoginThrottle throttle;
    private final ConsoleSessions sessions;

    public PrincipalResource(Principals principals, MunicipalityCatalog municipalities, Access access,
            LoginThrottle throttle, ConsoleSessions sessions) {
        this.principals = principals;
        this.municipalities = municipalities;
        this.access = access;
        this.throttle = throttle;
        this.sessions = sessions;
    }

    public record CreatedKey(String id, String key, String name, List<String> roles, List<String> municipalities,
            java.time.OffsetDateTime createdAt, String createdBy) {
    }

    @POST
    @Path("api-keys")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ADMIN, Roles.CENTRE })
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "201", description = "The key, shown only now", content = { @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "application/json", schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(implementation = CreatedKey.class)) })
    public Response createKey(PrincipalRequests.ApiKeyRequest body) {
        String name = body.name();
        Grant g = grant(body);
        Principals.Created c = principals.createKey(access.actor(), name, g.roles(), g.municipalities());
        StoredPrincipal p = c.principal();
        return Response.status(Response.Status.CREATED).header("Location", "/api/v1/api-keys/" + p.id())
                .entity(new CreatedKey(p.id(), c.key(), p.name(), p.roles(), p.municipalities(), p.createdAt(), p.createdBy()))
                .build();
    }

    @GET
    @Path("api-keys")
    @RolesAllowed({ Roles.ADMIN, Roles.CENTRE })
    public Listing keys() {
        return new Listing(views(Actor.Kind.API_KEY));
    }

    /** One key the caller manages (where a new key's {@code Location} points), without its secret. */
    @GET
    @Path("api-keys/{id}")
    @RolesAllowed({ Roles.ADMIN, Roles.CENTRE })
    public StoredPrincipal.View key(@PathParam("id") String id) {
        return view(Actor.Kind.API_KEY, id, "API key");
    }

    @DELETE
    @Path("api-keys/{id}")
    @RolesAllowed({ Roles.ADMIN, Roles.CENTRE })
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "204", description = "Revoked")
    public Response revokeKey(@PathParam("id") String id) {
        return revoke(Actor.Kind.API_KEY, id, "API key");
    }

    @POST
    @Path("users")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ADMIN, Roles.CENTRE })
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "201", description = "The user", content = { @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "application/json", schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(implementation = StoredPrincipal.View.class)) })
    public Response createUser(PrincipalRequests.UserRequest body) {
        String login = body.login();
        String password = body.password();
        Grant g = grant(body);
        if (g.municipalities().size() > 1 && !g.roles().contains(Roles.CENTRE) && !access.actor().has(Roles.CENTRE)) {
            // Its login is in the region's namespace, where an admin's "taken" would tell of other municipalities
            throw new Access.ScopeException(403, "municipalities",
                    "a user of several municipalities is the region's: the centre creates it");
        }
        String loginProblem = principals.loginProblem(login, g.roles(), g.municipalities());
        if (loginProblem != null) {
            throw ProblemException.invalid("login", loginProblem);
        }
        ProblemException taken = new ProblemException(new Problem("/problems/conflict", "Conflict", 409,
                "login: \"" + login + "\" is taken", List.of(new Problem.FieldError("login", "is taken"))));
        switch (principals.loginReuse(access.actor(), login)) {
            case CENTRE_ONLY -> throw new Access.ScopeException(403, "login",
                    "the login of a revoked administrator is given to a new user by the centre only");
            case TAKEN -> throw taken;
            case FREE_OR_TAKEN -> {
            }
        }
        StoredPrincipal p = principals.createUser(access.actor(), login, password, g.roles(), g.municipalities())
                .orElseThrow(() -> taken);
        return Response.status(Response.Status.CREATED).header("Location", "/api/v1/users/" + p.id()).entity(p.view())
                .build();
    }

    @GET
    @Path("users")
    @RolesAllowed({ Roles.ADMIN, Roles.CENTRE })
    public Listing users() {
        return new Listing(views(Actor.Kind.USER));
    }

    /** One user the caller manages (where a new user's {@code Location} points), without its password. */
    @GET
    @Path("users/{id}")
    @RolesAllowed({ Roles.ADMIN, Roles.CENTRE })
    public StoredPrincipal.View user(@PathParam("id") String id) {
        return view(Actor.Kind.USER, id, "user");
    }

    @DELETE
    @Path("users/{id}")
    @RolesAllowed({ Roles.ADMIN, Roles.CENTRE })
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "204", description = "Revoked")
    public Response revokeUser(@PathParam("id") String id) {
        return revoke(Actor.Kind.USER, id, "user");
    }

    /**
     * A user's new password set by an admin or the centre. Every console session of the user ends at its next call
     * (on any node); the user logs in with the new password. Another municipality's user is a 404, as if none.
     */
    @PUT
    @Path("users/{id}/password")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ADMIN, Roles.CENTRE })
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "204", description = "Password set; the user's sessions ended")
    public Response resetPassword(@PathParam("id") String id, PrincipalRequests.PasswordReset body) {
        switch (principals.resetPassword(access.actor(), id, body.password())) {
            case NOT_FOUND -> throw ProblemException.notFound("No user with id " + id);
            case OWN_PASSWORD -> throw new ProblemException(new Problem("/problems/conflict", "Conflict", 409,
                    "your own password is changed with POST /api/v1/me/password, giving the current one", List.of()));
            case CENTRE_ONLY -> throw new Access.ScopeException(403, "id",
                    "an administrator's password is set by the centre only");
            case SET -> {
            }
        }
        return Response.noContent().build();
    }

    /**
     * The caller's own password, given the current one. Wrong current passwords count toward the login's throttle as
     * at the login. The session it is changed from goes on; every other session of the user ends at its next call.
     * Only users have passwords here: an API key is replaced (created anew, the old one revoked), and a login through
     * the identity provider changes its password there.
     */
    @POST
    @Path("me/password")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.PLATFORM, Roles.COORDINATOR, Roles.ADMIN, Roles.AUDITOR, Roles.CENTRE })
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "204", description = "Password changed")
    public Response changeOwnPassword(PrincipalRequests.PasswordChange body,
            @jakarta.ws.rs.CookieParam(ConsoleSessions.COOKIE) String cookie) {
        Actor me = access.actor();
        if (me.kind() != Actor.Kind.USER) {
            throw new ProblemException(new Problem("/problems/conflict", "Conflict", 409, switch (me.kind()) {
                case OIDC -> "this login is through the identity provider: change the password there";
                default -> "an API key has no password: create a new key and revoke this one";
            }, List.of()));
        }
        throttle.reserve(me.name()).ifPresent(until -> {
            throw ProblemException.tooManyWrongPasswords(until);
        });
        String[] pending = { null };
        Principals.OwnChange change = principals.changeOwnPassword(me, body.currentPassword(), body.newPassword(),
                stamp -> sessions.expect(cookie, me.id(), pending[0] = stamp));
        if (change.outcome() != Principals.OwnChange.Outcome.WRONG_PASSWORD) {
            throttle.release(me.name()); // the current password was right (or not asked): no wrong guess
        }
        switch (change.outcome()) {
            case WRONG_PASSWORD -> {
                throw ProblemException.invalid("currentPassword", "is not the current password");
            }
            case NOT_A_USER -> throw new ProblemException(new Problem("/problems/unauthorized", "Unauthorized", 401,
                    "the user was revoked meanwhile", List.of()));
            case CHANGED_MEANWHILE -> {
                sessions.unexpect(cookie, me.id(), pending[0]);
                throw new ProblemException(new Problem("/problems/conflict", "Conflict", 409,
                        "the password was changed meanwhile (by an administrator?): log in again", List.of()));
            }
            case CHANGED -> {
                sessions.restamp(cookie, me.id(), change.stamp());
            }
        }
        return Response.noContent().build();
    }

    /** Who the caller is: what the console shows and what a script checks its key with. */
    @GET
    @Path("me")
    @RolesAllowed({ Roles.PLATFORM, Roles.COORDINATOR, Roles.ADMIN, Roles.AUDITOR, Roles.CENTRE })
    public Me me() {
        Actor a = access.actor();
        return new Me(a.id(), a.kind(), a.name(), a.roles().stream().sorted().toList(), List.copyOf(access.municipalityIds()),
                a.allMunicipalities());
    }

    /** Principals of one kind the caller manages. */
    public record Listing(List<StoredPrincipal.View> items) {
    }

    /** The caller: its roles and the municipalities it acts in (all of them for centre). */
    public record Me(String id, Actor.Kind kind, String name, List<String> roles, List<String> municipalities,
            boolean allMunicipalities) {
    }

    private record Grant(List<String> roles, List<String> municipalities) {
    }

    /**
     * Roles and municipalities of a new principal, checked field by field (400), then against what the caller may
     * grant (403): an admin cannot create a centre principal nor reach outside its own municipalities.
     */
    private Grant grant(PrincipalRequests.Grant request) {
        List<String> roles = request.roleNames();
        List<String> munis = request.municipalityIds();
        boolean centre = roles.contains(Roles.CENTRE);
        Actor by = access.actor();
        if (centre && !by.has(Roles.CENTRE)) {
            throw new Access.ScopeException(403, "roles", "only the centre creates centre principals");
        }
        access.requireAll("municipalities", munis);
        return new Grant(roles, munis);
    }

    private List<StoredPrincipal.View> views(Actor.Kind kind) {
        return principals.list(access.actor(), kind).stream().map(StoredPrincipal::view).toList();
    }

    /** A revoked principal, or one the caller does not manage (another municipality's), is a 404: as if none. */
    private StoredPrincipal.View view(Actor.Kind kind, String id, String what) {
        return principals.list(access.actor(), kind).stream().filter(p -> p.id().equals(id)).findFirst()
                .map(StoredPrincipal::view).orElseThrow(() -> ProblemException.notFound("No " + what + " with id " + id));
    }

    private Response revoke(Actor.Kind kind, String id, String what) {
        if (kind == Actor.Kind.USER && id.equals(access.actor().id())) {
            // A municipality's only admin revoking itself by mistake could not log in again; a key may revoke itself
            // (one that leaked is best revoked by whoever holds it)
            throw new ProblemException(new Problem("/problems/conflict", "Conflict", 409,
                    "a user does not revoke itself: another admin of its municipalities or the centre does",
                    List.of(new Problem.FieldError("id", "is your own user"))));
        }
        if (!principals.revoke(access.actor(), kind, id)) {
            throw ProblemException.notFound("No " + what + " with id " + id);
        }
        return Response.noContent().build();
    }
}
