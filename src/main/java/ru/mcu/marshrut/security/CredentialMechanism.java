package ru.mcu.marshrut.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads {@code Authorization}: {@code Bearer <API key>} or {@code Basic <login:password>}. A bearer value that is
 * a JWT is left to the OIDC mechanism (when OIDC is configured; otherwise the call stays anonymous and is refused).
 * Tried before OIDC, so an API key never reaches an identity provider's introspection. Under {@code /open311/} only,
 * a call without {@code Authorization} may carry an API key as the GeoReport v2 {@code api_key} parameter (form field
 * or query), given once. Without {@code Authorization}, the web console's session cookie ({@link ConsoleSessions}).
 */
@ApplicationScoped
public class CredentialMechanism implements HttpAuthenticationMechanism {

    public static final String CHALLENGE = "Bearer realm=\"marshrut\"";
    /** Methods that change nothing (RFC 9110 §9.2.1); any other through a console session needs the CSRF token. */
    static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String header = context.request().getHeader("Authorization");
        if (header == null || header.isBlank()) {
            io.vertx.core.http.Cookie cookie = context.request().getCookie(ConsoleSessions.COOKIE);
            if (cookie != null && !cookie.getValue().isBlank()) {
                return identities.authenticate(HttpSecurityUtils.setRoutingContextAttribute(CredentialRequest.session(
                        cookie.getValue(), context.request().getHeader(ConsoleSessions.CSRF_HEADER),
                        !SAFE_METHODS.contains(context.request().method().name())), context));
            }
            String apiKey = open311ApiKey(context);
            if (apiKey == null) {
                return Uni.createFrom().nullItem();
            }
            if (apiKey.isEmpty() || isJwt(apiKey)) {
                return Uni.createFrom().failure(new AuthenticationFailedException("api_key given twice, or not a key"));
            }
            return identities.authenticate(HttpSecurityUtils.setRoutingContextAttribute(CredentialRequest.key(apiKey),
                    context));
        }
        String h = header.strip();
        CredentialRequest request;
        if (h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = h.substring(7).strip();
            if (isJwt(token)) {
                return Uni.createFrom().nullItem();
            }
            request = CredentialRequest.key(token);
        } else if (h.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(h.substring(6).strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return Uni.createFrom().failure(new AuthenticationFailedException("malformed Basic credentials"));
            }
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                return Uni.createFrom().failure(new AuthenticationFailedException("malformed Basic credentials"));
            }
            request = CredentialRequest.password(decoded.substring(0, colon), decoded.substring(colon + 1));
        } else {
            return Uni.createFrom().failure(new AuthenticationFailedException("unsupported authorization scheme"));
        }
        return identities.authenticate(HttpSecurityUtils.setRoutingContextAttribute(request, context));
    }

    /**
     * The Open311 {@code api_key} of a call under {@code /open311/} (the form is parsed by {@code Open311Body}); null
     * when none is sent, empty when two different ones are sent (the same key in the query and the form is one key).
     */
    static String open311ApiKey(RoutingContext context) {
        if (!context.normalizedPath().startsWith("/open311/")) {
            return null;
        }
        java.util.List<String> keys = new java.util.ArrayList<>(context.request().formAttributes().getAll("api_key"));
        keys.addAll(context.queryParam("api_key"));
        keys.removeIf(k -> k == null || k.isBlank());
        long distinct = keys.stream().map(String::strip).distinct().count();
        return keys.isEmpty() ? null : distinct > 1 ? "" : keys.get(0).strip();
    }

    /** Three base64url parts, the first a JSON header: what an OIDC provider issues. Marshrut keys are one part. */
    static boolean isJwt(String token) {
        return token.startsWith("eyJ") && token.chars().filter(c -> c == '.').count() == 2;
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", CHALLENGE));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(CredentialRequest.class);
    }

    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 100;
    }
}
