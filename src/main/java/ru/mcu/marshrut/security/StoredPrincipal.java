package ru.mcu.marshrut.security;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An API key or a user as stored: never the secret itself, only its hash (SHA-256 of a random key; bcrypt of a
 * password). Revoked principals are kept, marked, so that the changes they made stay attributable.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StoredPrincipal(String id, Actor.Kind kind, String name, List<String> roles, List<String> municipalities,
        String secretHash, OffsetDateTime createdAt, String createdBy, OffsetDateTime revokedAt, String revokedBy) {

    @JsonIgnore
    public boolean revoked() {
        return revokedAt != null;
    }

    @JsonIgnore
    public boolean centre() {
        return roles.contains(Roles.CENTRE);
    }

    public Actor actor() {
        return new Actor(id, kind, name, java.util.Set.copyOf(roles), java.util.Set.copyOf(municipalities), centre());
    }

    public StoredPrincipal revoke(OffsetDateTime at, String by) {
        return new StoredPrincipal(id, kind, name, roles, municipalities, secretHash, createdAt, createdBy, at, by);
    }

    public StoredPrincipal withSecretHash(String hash) {
        return new StoredPrincipal(id, kind, name, roles, municipalities, hash, createdAt, createdBy, revokedAt, revokedBy);
    }

    /**
     * What a console session remembers of the password it was opened with: a new password gives a new bcrypt salt and
     * so a new stamp, and every session opened before it ends at its next call (a digest: no part of the hash itself).
     */
    @JsonIgnore
    public String credentialStamp() {
        return Secrets.sha256Hex(secretHash);
    }

    /** What listings show: everything but the secret's hash. */
    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "Principal")
    public record View(String id, Actor.Kind kind, String name, List<String> roles, List<String> municipalities,
            OffsetDateTime createdAt, String createdBy) {
    }

    public View view() {
        return new View(id, kind, name, roles, municipalities, createdAt, createdBy);
    }
}
