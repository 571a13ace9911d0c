package ru.mcu.marshrut.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A Marshrut credential from the Authorization header: an API key (Bearer) or a login and password (Basic). */
public final class CredentialRequest extends BaseAuthenticationRequest {

    private final String key;
    private final String login;
    private final String password;

    private CredentialRequest(String key, String login, String password) {
        this.key = key;
        this.login = login;
        this.password = password;
    }

    static CredentialRequest key(String key) {
        return new CredentialRequest(key, null, null);
    }

    static CredentialRequest password(String login, String password) {
        return new CredentialRequest(null, login, password);
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
