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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.QueryParam;

import ru.mcu.marshrut.municipalities.MunicipalityCatalog;
import ru.mcu.marshrut.security.Access;
import ru.mcu.marshrut.security.Actor;
import ru.mcu.marshrut.security.ConsoleSessions;
import ru.mcu.marshrut.security.LoginThrottle;
import ru.mcu.marshrut.security.OidcCodeLogin;
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
    private final OidcCodeLogin oidc;
    private final IdentityProviderManager identities;
    private final LoginThrottle throttle;

    public SessionResource(Principals principals, ConsoleSessions sessions, Access access,
            MunicipalityCatalog municipalities, OidcCodeLogin oidc, IdentityProviderManager identities,
            LoginThrottle throttle) {
        this.throttle = throttle;
        this.principals = principals;
        this.sessions = sessions;
        this.access = access;
        this.municipalities = municipalities;
        this.oidc = oidc;
        this.identities = identities;
    }

    /** How the console may log in: always with a password, through the identity provider when configured. */
    public record LoginMethods(boolean password, boolean oidc) {
    }

    @GET
    @Path("login-methods")
    @PermitAll
    public LoginMethods loginMethods() {
        return new LoginMethods(true, oidc.enabled());
    }

    /** Starts a login at the identity provider: a redirect to its authorization endpoint (code flow with PKCE). */
    @GET
    @Path("oidc")
    @PermitAll
    @APIResponse(responseCode = "303", description = "To the identity provider's authorization endpoint")
    public Response oidcStart(@Context UriInfo uri) {
        if (!oidc.enabled()) {
            throw ProblemException.notFound("Login through an identity provider is not configured here");
        }
        OidcCodeLogin.Start start = oidc.start(callback(uri));
        // Lax, not Strict: the provider sends the browser back with a top-level navigation from its own site
        return Response.seeOther(start.location()).header("Cache-Control", "no-store")
                .header("Set-Cookie", OidcCodeLogin.COOKIE + "=" + start.cookieValue() + "; Path=/api/v1/session/oidc; HttpOnly;"
                        + " SameSite=Lax; Max-Age=600" + secure(uri))
                .build();
    }

    /**
     * Where the provider sends the browser back: the code is traded for an access token, which is verified and mapped
     * like a bearer token; a principal with a Marshrut role gets a console session until the token expires.
     */
    @GET
    @Path("oidc/callback")
    @PermitAll
    @APIResponse(responseCode = "303", description = "To the console, with the session's cookie")
    public Response oidcCallback(@QueryParam("state") String state, @QueryParam("code") String code,
            @QueryParam("error") String error, @CookieParam(OidcCodeLogin.COOKIE) String started, @Context UriInfo uri,
            @Context RoutingContext context) {
        if (!oidc.enabled()) {
            throw ProblemException.notFound("Login through an identity provider is not configured here");
        }
        String token;
        try {
            token = oidc.exchange(state, error != null && !error.isBlank() ? null : code, started, callback(uri));
        } catch (OidcCodeLogin.Refused e) {
            String detail = error != null && !error.isBlank() ? "the identity provider answered " + error : e.getMessage();
            throw new ProblemException(new Problem(e.status() == 400 ? "/problems/validation" : "/problems/unauthorized",
                    e.status() == 400 ? "Bad Request" : e.status() == 401 ? "Unauthorized" : "Bad Gateway", e.status(),
                    e.field() + ": " + detail, List.of(new Problem.FieldError(e.field(), detail))));
        }
        SecurityIdentity identity;
        try {
            identity = identities.authenticate(HttpSecurityUtils.setRoutingContextAttribute(
                    new TokenAuthenticationRequest(new AccessTokenCredential(token)), context))
                    .await().atMost(java.time.Duration.ofSeconds(15));
        } catch (RuntimeException e) {
            throw new ProblemException(new Problem("/problems/unauthorized", "Unauthorized", 401,
                    "the identity provider's token is not valid here", List.of()));
        }
        Actor actor = identity.getAttribute(Actor.ATTRIBUTE);
        if (actor == null || actor.roles().isEmpty()) {
            throw new ProblemException(new Problem("/problems/forbidden", "Forbidden", 403,
                    "the identity provider gave no Marshrut role to this person", List.of()));
        }
        java.time.Instant notAfter = identity.getPrincipal() instanceof org.eclipse.microprofile.jwt.JsonWebToken jwt
                && jwt.getExpirationTime() > 0 ? java.time.Instant.ofEpochSecond(jwt.getExpirationTime()) : null;
        ConsoleSessions.Started s = sessions.startExternal(actor, notAfter);
        return Response.seeOther(uri.getBaseUriBuilder().path("/").build())
                .header("Set-Cookie", cookie(s.cookieValue(), -1, uri))
                .header("Set-Cookie", OidcCodeLogin.COOKIE + "=; Path=/api/v1/session/oidc; HttpOnly; SameSite=Lax; Max-Age=0"
                        + secure(uri))
                .header("Cache-Control", "no-store").build();
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
    public Response login(LoginRequest body, @CookieParam(ConsoleSessions.COOKIE) String before, @Context UriInfo uri) {
        String login = body.login().strip();
        throttle.reserve(login).ifPresent(until -> {
            throw ProblemException.tooManyWrongPasswords(until);
        });
        Principals.PasswordLogin user = principals.login(login, body.password()).orElse(null);
        if (user == null) {
            throw new ProblemException(new Problem("/problems/unauthorized", "Unauthorized", 401,
                    "unknown login or wrong password", List.of()));
        }
        throttle.release(login);
        if (before != null) {
            sessions.end(before); // the browser's session until now, replaced: not left valid beside the new one
        }
        ConsoleSessions.Started s = sessions.start(user.actor(), user.stamp());
        return Response.ok(new SessionView(me(user.actor()), s.session().csrfToken()))
                .header("Set-Cookie", cookie(s.cookieValue(), -1, uri))
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
    @APIResponse(responseCode = "204", description = "Logged out; the cookie is cleared")
    @RolesAllowed({ Roles.PLATFORM, Roles.COORDINATOR, Roles.ADMIN, Roles.AUDITOR, Roles.CENTRE })
    public Response logout(@CookieParam(ConsoleSessions.COOKIE) String cookie, @Context UriInfo uri) {
        sessions.end(cookie);
        return Response.noContent()
                .header("Set-Cookie", cookie("", 0, uri)).build();
    }

    private PrincipalResource.Me me(Actor a) {
        List<String> ms = (a.allMunicipalities() ? municipalities.ids() : a.municipalities()).stream().sorted().toList();
        return new PrincipalResource.Me(a.id(), a.kind(), a.name(), a.roles().stream().sorted().toList(), ms,
                a.allMunicipalities());
    }

    /** Secure when the console is reached over HTTPS (a browser keeps a Secure cookie off plain HTTP). */
    private static String cookie(String value, int maxAge, UriInfo uri) {
        return ConsoleSessions.COOKIE + "=" + value + "; Path=/; HttpOnly; SameSite=Strict" + (maxAge >= 0
                ? "; Max-Age=" + maxAge : "") + secure(uri);
    }

    private static String secure(UriInfo uri) {
        return "https".equalsIgnoreCase(uri.getBaseUri().getScheme()) ? "; Secure" : "";
    }

    private static String callback(UriInfo uri) {
        return uri.getBaseUriBuilder().path("/api/v1/session/oidc/callback").build().toString();
    }
}
