package ru.mcu.marshrut.api;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * How a client authenticates, as the OpenAPI document says it: an API key (or an identity provider's token) as a bearer
 * token, or a console user's login as Basic (README, "Security"). The generated document named one OpenID Connect
 * scheme without the discovery address OpenAPI 3.0 requires, with each operation's roles as its scopes: a client
 * generated from it would look for an identity provider most installations do not have. The roles stay on each
 * operation, as {@code x-roles} and in its description; an HTTP scheme takes no scopes.
 */
final class SecurityDocs {

    static final String BEARER = "apiKey";
    static final String BASIC = "login";

    private SecurityDocs() {
    }

    static void schemes(OpenAPI api) {
        if (api.getComponents() == null) {
            api.setComponents(OASFactory.createComponents());
        }
        api.getComponents().setSecuritySchemes(Map.of(
                BEARER, OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("An API key (POST /api/v1/api-keys; the first one in <data-dir>/bootstrap-key), or an"
                                + " access token of the region's identity provider when OIDC is configured"),
                BASIC, OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                        .description("A console user's login and password (POST /api/v1/users)")));
    }

    /** The operation's roles (the generated requirement's scopes) kept as {@code x-roles}; its requirement either scheme. */
    static void roles(Operation op) {
        if (op.getSecurity() == null || op.getSecurity().isEmpty()) {
            return;
        }
        Set<String> roles = new LinkedHashSet<>();
        for (SecurityRequirement r : op.getSecurity()) {
            if (r.getSchemes() != null) {
                r.getSchemes().values().forEach(scopes -> {
                    if (scopes != null) {
                        roles.addAll(scopes);
                    }
                });
            }
        }
        op.setSecurity(List.of(OASFactory.createSecurityRequirement().addScheme(BEARER),
                OASFactory.createSecurityRequirement().addScheme(BASIC)));
        if (!roles.isEmpty()) {
            op.addExtension("x-roles", List.copyOf(roles));
            String said = "Roles: " + String.join(", ", roles) + ".";
            op.setDescription(op.getDescription() == null || op.getDescription().isBlank() ? said
                    : op.getDescription() + "\n\n" + said);
        }
    }
}
