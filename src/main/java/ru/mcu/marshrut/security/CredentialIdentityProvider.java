package ru.mcu.marshrut.security;

import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/** Turns an API key or a login and password into an identity whose roles and municipalities are the principal's. */
@ApplicationScoped
public class CredentialIdentityProvider implements IdentityProvider<CredentialRequest> {

    private final Principals principals;
    private final ConsoleSessions sessions;
    private final LoginThrottle throttle;

    public CredentialIdentityProvider(Principals principals, ConsoleSessions sessions, LoginThrottle throttle) {
        this.throttle = throttle;
        this.principals = principals;
        this.sessions = sessions;
    }

    @Override
    public Class<CredentialRequest> getRequestType() {
        return CredentialRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(CredentialRequest request, AuthenticationRequestContext context) {
        if (request.session() != null) {
            return context.runBlocking(() -> identity(session(request)));
        }
        if (request.key() != null) {
            // On a single node an API key is checked on the calling thread (the event loop), without a hand-off to
            // a worker and back on every call of a calling system (Principals.keysCheckedInPlace says why not always).
            Supplier<SecurityIdentity> check = () -> identity(known(principals.byKey(request.key())));
            return principals.keysCheckedInPlace() ? Uni.createFrom().item(check) : context.runBlocking(check);
        }
        // A password is checked with bcrypt: never on the event loop; and, as at the console's login, a login with too
        // many wrong passwords is refused unchecked (HTTP Basic on any endpoint was a way around the throttle).
        return context.runBlocking(() -> identity(known(password(request.login(), request.password()))));
    }

    /**
     * The actor of a console session, read again from the registry (a revoked user's session, or one opened
     * with a password since changed, ends at once). A change
     * without the session's CSRF token is refused: the cookie alone may have been sent by another site's form.
     */
    private Actor session(CredentialRequest request) {
        ConsoleSessions.Session s = sessions.touch(request.session())
                .orElseThrow(() -> new AuthenticationFailedException("no such session, or it has expired"));
        if (request.changes() && !ConsoleSessions.csrfMatches(s, request.csrfToken())) {
            CsrfTokenRefused cause = new CsrfTokenRefused();
            throw new AuthenticationFailedException(cause.getMessage(), cause);
        }
        if (s.external() != null) {
            return s.external();
        }
        return principals.bySession(s.principalId(), s.credentialStamp(), s.pendingStamp()).orElseThrow(() -> {
            sessions.end(request.session());
            return new AuthenticationFailedException("the session's principal was revoked or its password changed");
        });
    }

    private Optional<Actor> password(String login, String password) {
        if (throttle.reserve(login).isPresent()) {
            throw new AuthenticationFailedException("too many wrong passwords for this login");
        }
        Optional<Actor> actor = principals.byPassword(login, password);
        if (actor.isPresent()) {
            throttle.release(login);
        }
        return actor;
    }

    private static Actor known(Optional<Actor> actor) {
        return actor.orElseThrow(() -> new AuthenticationFailedException("unknown or revoked credentials"));
    }

    static SecurityIdentity identity(Actor a) {
        return QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(a.id())).addRoles(a.roles())
                .addAttribute(Actor.ATTRIBUTE, a).build();
    }
}
