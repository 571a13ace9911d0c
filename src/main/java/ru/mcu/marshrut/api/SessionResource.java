package ru.mcu.marshrut.api;

import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import ru.mcu.marshrut.municipalities.MunicipalityCatalog;
import ru.mcu.marshrut.security.Access;
import ru.mcu.marshrut.security.Actor;
import ru.mcu.marshrut.security.ConsoleSessions;
import ru.mcu.marshrut.security.Principals;
import ru.mcu.marshrut.security.Roles;

/**
 * The web console's login: a user's login and password give a session cookie (HttpOnly, SameSite=Strict) and the
 * CSRF token that every change through the session must carry in {@code X-CSRF-Token}. API keys never log in here.
 */
@Path("/api/v1/session")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    private final Principals principals;
    private final ConsoleSessions sessions;
    private final Access access;
    private final MunicipalityCatalog municipalities;

    public SessionResource(Principals principals, ConsoleSessions sessions, Access access,
            MunicipalityCatalog municipalities) {
        this.principals = principals;
        this.sessions = sessions;
        this.access = access;
        this.municipalities = municipalities;
    }

    @Schema(name = "LoginRequest")
    public record LoginRequest(@NotNull @Size(min = 1, max = 100) String login,
            @Schema(format = "password") @Verbatim @NotNull @Size(min = 1, max = 200) String password) implements JsonRequest {
    }

    /** The caller and, for a console session, the token its changes must carry. */
    public record SessionView(PrincipalResource.Me principal, String csrfToken) {
    }

    /** Anyone may try; a wrong login and a wrong password are answered alike (and cost the same bcrypt time). */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @PermitAll
    public Response login(LoginRequest body, @Context UriInfo uri) {
        Actor actor = principals.byPassword(body.login().strip(), body.password())
                .orElseThrow(() -> new ProblemException(new Problem("/problems/unauthorized", "Unauthorized", 401,
                        "unknown login or wrong password", List.of())));
        ConsoleSessions.Started s = sessions.start(actor);
        return Response.ok(new SessionView(me(actor), s.session().csrfToken()))
                .header("Set-Cookie", cookie(s.cookieValue(), -1, "https".equalsIgnoreCase(uri.getBaseUri().getScheme())))
                .header("Cache-Control", "no-store").build();
    }

    @GET
    @RolesAllowed({ Roles.PLATFORM, Roles.COORDINATOR, Roles.ADMIN, Roles.AUDITOR, Roles.CENTRE })
    public Response current(@CookieParam(ConsoleSessions.COOKIE) String cookie) {
        String csrf = sessions.touch(cookie).map(ConsoleSessions.Session::csrfToken).orElse(null);
        return Response.ok(new SessionView(me(access.actor()), csrf)).header("Cache-Control", "no-store").build();
    }

    /** Logs out: the session ends on the server and the cookie is cleared. */
    @DELETE
    @RolesAllowed({ Roles.PLATFORM, Roles.COORDINATOR, Roles.ADMIN, Roles.AUDITOR, Roles.CENTRE })
    public Response logout(@CookieParam(ConsoleSessions.COOKIE) String cookie, @Context UriInfo uri) {
        sessions.end(cookie);
        return Response.noContent()
                .header("Set-Cookie", cookie("", 0, "https".equalsIgnoreCase(uri.getBaseUri().getScheme()))).build();
    }

    private PrincipalResource.Me me(Actor a) {
        List<String> ms = (a.allMunicipalities() ? municipalities.ids() : a.municipalities()).stream().sorted().toList();
        return new PrincipalResource.Me(a.id(), a.kind(), a.name(), a.roles().stream().sorted().toList(), ms,
                a.allMunicipalities());
    }

    /** Secure when the console is reached over HTTPS (a browser keeps a Secure cookie off plain HTTP). */
    private static String cookie(String value, int maxAge, boolean secure) {
        return ConsoleSessions.COOKIE + "=" + value + "; Path=/; HttpOnly; SameSite=Strict" + (maxAge >= 0
                ? "; Max-Age=" + maxAge : "") + (secure ? "; Secure" : "");
    }
}
