package ru.mcu.marshrut.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

import ru.mcu.marshrut.MarshrutConfig;

/**
 * An OIDC bearer token's identity gets Marshrut's roles and municipalities from two claims (names are settings):
 * only the four Marshrut roles count, whatever else the identity provider puts in the claim. A token without a
 * Marshrut role gets none and is refused everywhere.
 */
@ApplicationScoped
public class OidcClaimsAugmentor implements SecurityIdentityAugmentor {

    private final String rolesClaim;
    private final String municipalitiesClaim;

    public OidcClaimsAugmentor(MarshrutConfig config) {
        this.rolesClaim = config.security().oidc().rolesClaim();
        this.municipalitiesClaim = config.security().oidc().municipalitiesClaim();
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || identity.getAttribute(Actor.ATTRIBUTE) != null
                || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().item(identity);
        }
        Set<String> roles = new LinkedHashSet<>(strings(jwt.getClaim(rolesClaim)));
        roles.retainAll(Roles.ALL);
        Set<String> municipalities = new LinkedHashSet<>(strings(jwt.getClaim(municipalitiesClaim)));
        Object preferred = jwt.getClaim("preferred_username");
        String name = preferred instanceof JsonString s ? s.getString() : preferred != null ? preferred.toString() : jwt.getSubject();
        Actor actor = new Actor("oidc:" + jwt.getSubject(), Actor.Kind.OIDC, name == null ? jwt.getSubject() : name, roles,
                roles.contains(Roles.CENTRE) ? Set.of() : municipalities, roles.contains(Roles.CENTRE));
        // Roles are replaced, not added to: the provider's other roles (e.g. realm roles) mean nothing here.
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder().setPrincipal(identity.getPrincipal())
                .addCredentials(identity.getCredentials()).addAttributes(identity.getAttributes())
                .addRoles(roles).addAttribute(Actor.ATTRIBUTE, actor).build());
    }

    /** A list claim: a JSON array, or one string of names separated by spaces or commas (as OAuth scopes are). */
    static List<String> strings(Object claim) {
        List<String> out = new ArrayList<>();
        if (claim == null) {
            return out;
        }
        if (claim instanceof JsonArray a) {
            for (JsonValue v : a) {
                out.add(v instanceof JsonString s ? s.getString() : v.toString());
            }
        } else if (claim instanceof Collection<?> c) {
            c.forEach(v -> out.add(String.valueOf(v)));
        } else if (claim instanceof JsonString s) {
            out.addAll(List.of(s.getString().split("[\\s,]+")));
        } else {
            out.addAll(List.of(claim.toString().split("[\\s,]+")));
        }
        out.removeIf(String::isBlank);
        return out;
    }
}
