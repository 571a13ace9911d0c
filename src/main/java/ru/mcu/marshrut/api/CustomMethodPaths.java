package ru.mcu.marshrut.api;

import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /api/v1/routing-decisions:batch} is a custom method in the AIP-136 style. Many HTTP clients percent-encode
 * the colon (REST Assured, some generated OpenAPI clients); the router matches the path as sent, so the encoded form
 * is routed to the same resource rather than answered 404.
 */
public class CustomMethodPaths {

    private static final String ENCODED = "/api/v1/routing-decisions%3a";

    void register(@Observes Filters filters) {
        filters.register(this::decodeColon, 100);
    }

    private void decodeColon(RoutingContext rc) {
        String path = rc.request().path();
        if (path.length() > ENCODED.length() && path.regionMatches(true, 0, ENCODED, 0, ENCODED.length())) {
            String query = rc.request().query();
            rc.reroute("/api/v1/routing-decisions:" + path.substring(ENCODED.length()) + (query == null ? "" : "?" + query));
            return;
        }
        rc.next();
    }
}
