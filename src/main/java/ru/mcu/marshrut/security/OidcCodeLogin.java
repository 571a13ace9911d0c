package ru.mcu.marshrut.security;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ru.mcu.marshrut.MarshrutConfig;

/**
 * The console's OIDC authorization-code login (RFC 6749 §4.1 with PKCE, RFC 7636 S256): {@link #start} gives the
 * provider's authorization address with a fresh {@code state}, and the value of a cookie that binds the login to the
 * browser that started it — its state, its PKCE verifier and when it started; {@link #exchange} takes the code back
 * with that cookie, within ten minutes, and trades it for an access token at the token endpoint. The server keeps
 * nothing per pending login: a callback link made by someone else (their own state and code, to log the victim in
 * as them — login CSRF, RFC 6749 §10.12) finds no matching cookie in the victim's browser, and no flood of unfinished
 * logins can push out the real ones (a map of them was once cleared when full); any node of a cluster can finish a
 * login another one started. Verifying that token (signature,
 * issuer, expiry) and mapping its claims to a principal is the bearer-token path's job, so both agree.
 */
@ApplicationScoped
public class OidcCodeLogin {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(OidcCodeLogin.class);

    static final Duration PENDING_FOR = Duration.ofMinutes(10);
    /** The cookie of a login in progress: {@code <state>.<verifier>.<epoch second started>}. */
    public static final String COOKIE = "marshrut_oidc";

    /** Where to send the browser, and the cookie value that must come back with the code. */
    public record Start(URI location, String cookieValue) {
    }

    /** Why a login through the provider did not happen: an HTTP status and a detail for the problem answer. */
    public static final class Refused extends RuntimeException {
        private final int status;
        private final String field;

        Refused(int status, String field, String message) {
            super(message);
            this.status = status;
            this.field = field;
        }

        public int status() {
            return status;
        }

        public String field() {
            return field;
        }
    }

    private final Optional<String> authorizationEndpoint;
    private final Optional<String> tokenEndpoint;
    private final Optional<String> clientId;
    private final Optional<String> clientSecret;
    private final Optional<String> redirectUri;
    private final String scope;
    private final ObjectMapper json;
    private final Clock clock = Clock.systemUTC();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @Inject
    public OidcCodeLogin(MarshrutConfig config, ObjectMapper json) {
        MarshrutConfig.Security.Console c = config.security().console();
        this.authorizationEndpoint = c.oidcAuthorizationEndpoint().map(String::strip).filter(s -> !s.isEmpty());
        this.tokenEndpoint = c.oidcTokenEndpoint().map(String::strip).filter(s -> !s.isEmpty());
        this.clientId = c.oidcClientId().map(String::strip).filter(s -> !s.isEmpty());
        this.clientSecret = c.oidcClientSecret().filter(s -> !s.isEmpty());
        this.redirectUri = c.oidcRedirectUri().map(String::strip).filter(s -> !s.isEmpty());
        this.scope = c.oidcScope();
        this.json = json;
    }

    public boolean enabled() {
        return authorizationEndpoint.isPresent() && tokenEndpoint.isPresent() && clientId.isPresent();
    }

    /** The provider's authorization address for a new login; {@code defaultRedirect} unless one is configured. */
    public Start start(String defaultRedirect) {
        String state = ConsoleSessions.token();
        String verifier = ConsoleSessions.token() + ConsoleSessions.token(); // 86 characters of [A-Za-z0-9_-]
        String redirect = redirectUri.orElse(defaultRedirect);
        Map<String, String> q = new LinkedHashMap<>();
        q.put("response_type", "code");
        q.put("client_id", clientId.orElseThrow());
        q.put("redirect_uri", redirect);
        q.put("scope", scope);
        q.put("state", state);
        q.put("code_challenge", challenge(verifier));
        q.put("code_challenge_method", "S256");
        String base = authorizationEndpoint.orElseThrow();
        return new Start(URI.create(base + (base.contains("?") ? "&" : "?") + form(q)),
                state + "." + verifier + "." + clock.instant().getEpochSecond());
    }

    /**
     * The access token for the code of the login this browser started ({@code cookieValue}, from {@link #start}); the
     * provider takes a code once.
     */
    public String exchange(String state, String code, String cookieValue, String defaultRedirect) {
        String[] started = cookieValue == null ? new String[0] : cookieValue.split("\\.", -1);
        boolean ours = started.length == 3 && state != null && MessageDigest.isEqual(
                started[0].getBytes(StandardCharsets.UTF_8), state.getBytes(StandardCharsets.UTF_8));
        long at;
        try {
            at = ours ? Long.parseLong(started[2]) : 0;
        } catch (NumberFormatException e) {
            at = 0;
        }
        if (!ours || clock.instant().isAfter(Instant.ofEpochSecond(at).plus(PENDING_FOR))) {
            throw new Refused(400, "state", "unknown, used or expired login state, or a login this browser did not start;"
                    + " start the login again");
        }
        String verifier = started[1];
        String redirect = redirectUri.orElse(defaultRedirect);
        if (code == null || code.isBlank()) {
            throw new Refused(400, "code", "the identity provider sent no code");
        }
        Map<String, String> body = new LinkedHashMap<>();
        body.put("grant_type", "authorization_code");
        body.put("code", code);
        body.put("redirect_uri", redirect);
        body.put("client_id", clientId.orElseThrow());
        body.put("code_verifier", verifier);
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(tokenEndpoint.orElseThrow())).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form(body)));
        clientSecret.ifPresent(secret -> r.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (enc(clientId.orElseThrow()) + ":" + enc(secret)).getBytes(StandardCharsets.UTF_8))));
        HttpResponse<String> response;
        try {
            response = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            // Why goes to the log: anyone may start a login and send a code, and the error named the provider's host
            LOG.warnf("OIDC token endpoint did not answer: %s", e.toString());
            throw new Refused(502, "code", "the identity provider's token endpoint did not answer");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused(502, "code", "interrupted");
        }
        if (response.statusCode() != 200) {
            throw new Refused(401, "code", "the identity provider refused the code (HTTP " + response.statusCode() + ")");
        }
        try {
            JsonNode token = json.readTree(response.body()).path("access_token");
            if (!token.isTextual() || token.asText().isBlank()) {
                throw new Refused(502, "code", "the identity provider's answer has no access_token");
            }
            return token.asText();
        } catch (IOException e) {
            throw new Refused(502, "code", "the identity provider's answer is not JSON");
        }
    }

    static String challenge(String verifier) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String form(Map<String, String> m) {
        return m.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
