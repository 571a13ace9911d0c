package ru.mcu.marshrut.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/**
 * A Marshrut credential: from the Authorization header an API key (Bearer) or a login and password (Basic); from
 * the console's cookie a session, with the CSRF token the call sent and whether the call changes anything.
 */
public final class CredentialRequest extends BaseAuthenticationRequest {

    private final String key;
    private final String login;
    private final String password;
    private final String session;
    private final String csrfToken;
    private final boolean changes;

    private CredentialRequest(String key, String login, String password, String session, String csrfToken,
            boolean changes) {
        this.key = key;
        this.login = login;
        this.password = password;
        this.session = session;
        this.csrfToken = csrfToken;
        this.changes = changes;
    }

    static CredentialRequest key(String key) {
        return new CredentialRequest(key, null, null, null, null, false);
    }

    static CredentialRequest password(String login, String password) {
        return new CredentialRequest(null, login, password, null, null, false);
    }

    static CredentialRequest session(String cookieValue, String csrfToken, boolean changes) {
        return new CredentialRequest(null, null, null, cookieValue, csrfToken, changes);
    }

    String session() {
        return session;
    }

    String csrfToken() {
        return csrfToken;
    }

    boolean changes() {
        return changes;
    }

    String key() {
        return key;
    }

    String login() {
        return login;
    }

    String password() {
        return password;
    }
}
