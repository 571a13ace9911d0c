package ru.mcu.marshrut.security;

/**
 * The cause of the refusal of a change through a valid console session without its CSRF token (or with another
 * one). Told apart from other refused credentials: the caller holds the session's cookie, so naming the missing header
 * tells it nothing new, while "send Authorization" sent it looking for the wrong problem.
 */
public final class CsrfTokenRefused extends RuntimeException {

    public CsrfTokenRefused() {
        super("a change through a console session needs its " + ConsoleSessions.CSRF_HEADER + " header", null, false, false);
    }
}
