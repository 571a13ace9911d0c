package ru.mcu.marshrut.api;

import java.util.LinkedHashSet;
import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import ru.mcu.marshrut.security.Roles.Role;

/** The bodies that create principals: an API key and a user, each with the roles and municipalities it gets. */
public final class PrincipalRequests {

    private PrincipalRequests() {
    }

    /** Roles and municipalities of a new principal; centre acts in every municipality and names none. */
    interface Grant extends JsonRequest {

        List<Role> roles();

        List<String> municipalities();

        @Override
        default void check(FieldErrors errors) {
            boolean centre = roles() != null && roles().contains(Role.centre);
            if (centre && municipalities() != null && !municipalities().isEmpty()) {
                errors.add("municipalities", "leave out for role centre: it acts in every municipality");
            } else if (!centre && (municipalities() == null || municipalities().isEmpty()) && !errors.has("municipalities")) {
                errors.add("municipalities", "must name at least one municipality");
            }
        }

        default List<String> roleNames() {
            return roles().stream().map(Role::name).toList();
        }

        default List<String> municipalityIds() {
            return municipalities() == null ? List.of() : municipalities();
        }
    }

    @Schema(name = "ApiKeyRequest")
    public record ApiKeyRequest(
            @Schema(description = "What the key is for, e.g. the system that uses it", example = "ПОС: интеграция")
            // A signature quotes the name («…») before the key's id: a name holding a closing quote, or a character that
            // reorders what follows (U+202E, U+2067), could be read as another principal's signature in the audit log
            @NotNull @Size(max = 100) @Pattern(regexp = "[^«»\\p{Cf}]*",
                    message = "must not hold « », or invisible formatting characters such as U+202E") String name,
            @NotNull @Size(min = 1, max = 5, message = "must name {min} to {max} roles") List<Role> roles,
            @Schema(description = "Required unless the role is centre")
            @Size(max = 100, message = "must have at most {max} entries") @MunicipalityId List<@Size(max = 100) String> municipalities)
            implements Grant {

        public ApiKeyRequest {
            roles = distinct(roles);
            municipalities = distinct(municipalities);
        }
    }

    @Schema(name = "UserRequest")
    public record UserRequest(
            @NotNull @Pattern(regexp = "[A-Za-z0-9._@-]{3,100}", message = "must be 3 to 100 Latin letters, digits or . _ @ -")
            String login,
            @Schema(format = "password", minLength = 12) @Verbatim @NotNull
            @Size(min = 12, max = 200, message = "must have {min} to {max} characters") String password,
            @NotNull @Size(min = 1, max = 5, message = "must name {min} to {max} roles") List<Role> roles,
            @Schema(description = "Required unless the role is centre")
            @Size(max = 100, message = "must have at most {max} entries") @MunicipalityId List<@Size(max = 100) String> municipalities)
            implements Grant {

        public UserRequest {
            roles = distinct(roles);
            municipalities = distinct(municipalities);
        }

        @Override
        public void check(FieldErrors errors) {
            Grant.super.check(errors);
            hashable("password", password, errors);
        }
    }

    /** An admin's new password for a user (the old one forgotten or leaked). */
    @Schema(name = "PasswordReset")
    public record PasswordReset(
            @Schema(format = "password", minLength = 12) @Verbatim @NotNull
            @Size(min = 12, max = 200, message = "must have {min} to {max} characters") String password)
            implements JsonRequest {

        @Override
        public void check(FieldErrors errors) {
            hashable("password", password, errors);
        }
    }

    /** A user's own new password, with the current one (a session left open on someone else's screen is not enough). */
    @Schema(name = "PasswordChange")
    public record PasswordChange(
            @Schema(format = "password") @Verbatim @NotNull @Size(min = 1, max = 200) String currentPassword,
            @Schema(format = "password", minLength = 12) @Verbatim @NotNull
            @Size(min = 12, max = 200, message = "must have {min} to {max} characters") String newPassword)
            implements JsonRequest {

        @Override
        public void check(FieldErrors errors) {
            if (newPassword != null && newPassword.equals(currentPassword) && !errors.has("newPassword")) {
                errors.add("newPassword", "must differ from the current password");
            }
            hashable("newPassword", newPassword, errors);
        }
    }

    /** What bcrypt reads of a password: its first 72 bytes in UTF-8 (36 Cyrillic letters). */
    static final int BCRYPT_BYTES = 72;
    /** Different characters, spaces aside, a new password must have. */
    static final int MIN_DISTINCT = 4;

    /**
     * A new password bcrypt would read only in part is refused: two passwords that differ after its 72nd byte would be
     * the same password (and "must differ from the current one" passed by a change that changes nothing).
     */
    static void hashable(String field, String password, FieldErrors errors) {
        if (password != null && !errors.has(field)) {
            int bytes = password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (bytes > BCRYPT_BYTES) {
                errors.add(field, "must be at most " + BCRYPT_BYTES + " bytes in UTF-8 (" + BCRYPT_BYTES
                        + " Latin or " + BCRYPT_BYTES / 2 + " Cyrillic characters): " + bytes + " given");
            } else if (password.codePoints().filter(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c)).distinct()
                    .count() < MIN_DISTINCT) {
                // twelve spaces, or one key held down, pass the length rule and are the first a guesser tries
                errors.add(field, "must have at least " + MIN_DISTINCT + " different characters other than spaces");
            }
        }
    }

    /** Duplicates dropped, order kept; a list with a missing element is kept as it is, to be refused by name. */
    static <T> List<T> distinct(List<T> list) {
        return list == null || list.contains(null) ? list : List.copyOf(new LinkedHashSet<>(list));
    }
}
