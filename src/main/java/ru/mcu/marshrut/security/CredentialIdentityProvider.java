package ru.mcu.marshrut.security;

import java.util.Optional;

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

    public CredentialIdentityProvider(Principals principals) {
        this.principals = principals;
    }

    @Override
    public Class<CredentialRequest> getRequestType() {
        return CredentialRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(CredentialRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> {
            Optional<Actor> actor = request.key() != null ? principals.byKey(request.key())
                    : principals.byPassword(request.login(), request.password());
            return identity(actor.orElseThrow(() -> new AuthenticationFailedException("unknown or revoked credentials")));
        });
    }

    static SecurityIdentity identity(Actor a) {
        return QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(a.id())).addRoles(a.roles())
                .addAttribute(Actor.ATTRIBUTE, a).build();
    }
}
