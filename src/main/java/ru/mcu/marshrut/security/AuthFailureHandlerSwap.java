package ru.mcu.marshrut.security;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.HttpSecurityRecorder.DefaultAuthFailureHandler;
import io.vertx.ext.web.RoutingContext;

/**
 * Quarkus REST (3.15) replaces the HTTP layer's default authentication-failure handler of every request with one
 * that fails the routing context (so that the API's exception mappers answer), in a filter that, with metrics on,
 * first builds a new matcher of every resource class's path to name the request's URL template — per request. That
 * matcher was 8 % of the event loop's CPU under the routing load (docs/BENCHMARKS.md, #13).
 *
 * <p>This filter makes the same replacement, without the matcher: it puts in REST's own handler (REST removes
 * exactly that class once the request reaches its pipeline, so that later failures go to the exception mappers). It
 * is registered with the authentication filter's priority, so it runs right after it (the runtime's filters follow
 * the extensions' of equal priority) and before REST's, which then finds no default handler and leaves the request
 * alone. Should a Quarkus upgrade rename REST's handler, nothing is swapped and REST does its own work as before.
 * The URL template that matcher named is only used for a failure the HTTP layer answers before REST on a REST path;
 * here no HTTP permission covers a REST path (only {@code /q/...}), and with lazy authentication REST meets the
 * credentials and answers its own failures. AuthFailureHandlerSwapTest proves the order and that authentication
 * failures are answered as before.
 */
public class AuthFailureHandlerSwap {

    static final String KEY = "io.quarkus.vertx.http.auth-failure-handler";
    /** The authentication filter's priority (FilterBuildItem.AUTHENTICATION). */
    static final int AUTHENTICATION_PRIORITY = 200;
    /** Requests whose handler this filter replaced; read by the test. */
    static final AtomicLong SWAPPED = new AtomicLong();

    void register(@Observes Filters filters) {
        filters.register(AuthFailureHandlerSwap::swap, AUTHENTICATION_PRIORITY);
    }

    private static void swap(RoutingContext rc) {
        if (REST_HANDLER != null && rc.get(KEY) instanceof DefaultAuthFailureHandler) {
            rc.put(KEY, REST_HANDLER);
            SWAPPED.incrementAndGet();
        }
        rc.next();
    }

    private static final Object REST_HANDLER = restHandler();

    /** REST's failing handler (a private class, stateless): the very instance type REST looks for later. */
    private static Object restHandler() {
        try {
            var constructor = Class.forName("io.quarkus.resteasy.reactive.server.runtime."
                    + "ResteasyReactiveRecorder$FailingDefaultAuthFailureHandler").getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            Logger.getLogger(AuthFailureHandlerSwap.class).warnf(
                    "REST's auth-failure handler not found (%s): REST swaps it itself, with its matcher", e);
            return null;
        }
    }
}
