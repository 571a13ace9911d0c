package ru.mcu.marshrut.security;

import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * Who is calling: an API key, a user, an OIDC token or the bootstrap key, with its roles and the municipalities it
 * may act in ({@code allMunicipalities} for {@code centre}). Every change is attributed to one.
 */
public record Actor(String id, Kind kind, String name, Set<String> roles, Set<String> municipalities,
        boolean allMunicipalities) {

    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "PrincipalKind")
    public enum Kind {
        API_KEY, USER, OIDC, BOOTSTRAP
    }

    /** The SecurityIdentity attribute that carries the actor. */
    public static final String ATTRIBUTE = "marshrut.actor";

    public Actor {
        roles = Set.copyOf(roles);
        municipalities = Set.copyOf(municipalities);
    }

    public boolean has(String role) {
        return roles.contains(role);
    }

    public boolean mayActIn(String municipality) {
        return allMunicipalities || municipalities.contains(municipality);
    }

    /** How changes are signed in the audit: kind, name and id, e.g. {@code api-key «ПОС-коннектор» (k-1a2b…)}. */
    @JsonIgnore
    public String signature() {
        String k = switch (kind) {
            case API_KEY -> "api-key";
            case USER -> "user";
            case OIDC -> "oidc";
            case BOOTSTRAP -> "bootstrap-key";
        };
        return k + " «" + name + "» (" + id + ")";
    }
}
