package ru.mcu.marshrut.security;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An OIDC provider's two endpoints on loopback, as the console's code flow uses them: /authorize sends the browser
 * back with a code at once (the person "logged in" is {@link #nextUser}); /token trades the code for an access token
 * signed with the test key the service's OIDC tenant verifies, after checking the client, redirect URI and PKCE.
 */
final class FakeIdentityProvider implements AutoCloseable {

    /**
     * Fixed when the test profile is built, so that the service is configured before the provider starts; kept in a
     * system property, since the profile and the test class are loaded by different class loaders.
     */
    static final int PORT = port();
    static final String CLIENT_ID = "marshrut-console";
    static final String CLIENT_SECRET = "test-client-secret";

    record User(List<String> roles, List<String> municipalities, String signingKey) {
    }

    private record Grant(String challenge, String redirectUri, User user) {
    }

    volatile User nextUser = new User(List.of("auditor"), List.of("kachkanar"), "oidc/test-signing-key.pem");
    final List<String> tokenRequests = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final HttpServer server;

    FakeIdentityProvider() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", PORT), 0);
        server.createContext("/authorize", this::authorize);
        server.createContext("/token", this::token);
        server.start();
    }

    static Map<String, String> config() {
        String base = "http://127.0.0.1:" + PORT;
        return Map.of("marshrut.security.console.oidc-authorization-endpoint", base + "/authorize",
                "marshrut.security.console.oidc-token-endpoint", base + "/token",
                "marshrut.security.console.oidc-client-id", CLIENT_ID,
                "marshrut.security.console.oidc-client-secret", CLIENT_SECRET);
    }

    private void authorize(HttpExchange x) throws IOException {
        Map<String, String> q = params(x.getRequestURI().getRawQuery());
        if (!"code".equals(q.get("response_type")) || !CLIENT_ID.equals(q.get("client_id"))
                || !"S256".equals(q.get("code_challenge_method")) || q.get("code_challenge") == null || q.get("state") == null) {
            answer(x, 400, "{\"error\":\"invalid_request\"}");
            return;
        }
        String code = UUID.randomUUID().toString();
        codes.put(code, new Grant(q.get("code_challenge"), q.get("redirect_uri"), nextUser));
        x.getResponseHeaders().add("Location", q.get("redirect_uri") + "?code=" + code + "&state=" + q.get("state"));
        answer(x, 302, "");
    }

    private void token(HttpExchange x) throws IOException {
        Map<String, String> f = params(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        tokenRequests.add(f.toString());
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET)
                .getBytes(StandardCharsets.UTF_8));
        Grant g = f.get("code") == null ? null : codes.remove(f.get("code"));
        if (!basic.equals(x.getRequestHeaders().getFirst("Authorization"))) {
            answer(x, 401, "{\"error\":\"invalid_client\"}");
        } else if (g == null || !"authorization_code".equals(f.get("grant_type")) || !g.redirectUri().equals(f.get("redirect_uri"))
                || f.get("code_verifier") == null || !OidcCodeLogin.challenge(f.get("code_verifier")).equals(g.challenge())) {
            answer(x, 400, "{\"error\":\"invalid_grant\"}");
        } else {
            String token = OidcBearerTest.token(g.user().signingKey(), g.user().roles(), g.user().municipalities());
            answer(x, 200, "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":600}");
        }
    }

    static Map<String, String> params(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    static Map<String, String> query(URI uri) {
        return params(uri.getRawQuery());
    }

    private static void answer(HttpExchange x, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(b);
        }
    }

    private static synchronized int port() {
        String set = System.getProperty("test.fake-idp.port");
        if (set != null) {
            return Integer.parseInt(set);
        }
        int p = freePort();
        System.setProperty("test.fake-idp.port", String.valueOf(p));
        return p;
    }

    private static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
