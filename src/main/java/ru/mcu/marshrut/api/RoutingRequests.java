package ru.mcu.marshrut.api;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import ru.mcu.marshrut.routing.RoutingItem;
import ru.mcu.marshrut.security.Access;

/** Accepts a routing request, for the single call and for each item of a batch alike. */
@ApplicationScoped
public class RoutingRequests {

    private final RequestBinder binder;
    private final Access access;

    public RoutingRequests(RequestBinder binder, Access access) {
        this.binder = binder;
        this.access = access;
    }

    /** The item of a bound request; the municipality must be the caller's (403 otherwise). */
    RoutingItem accept(RoutingRequest request) {
        org.jboss.logging.MDC.put("municipality", request.municipality());
        access.require("municipality", request.municipality());
        return request.item();
    }

    /** One element of a batch: bound and checked exactly as the body of the single call. */
    RoutingItem accept(JsonNode element) {
        return accept(binder.bind(element, RoutingRequest.class));
    }
}
