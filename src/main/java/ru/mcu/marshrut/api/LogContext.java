package ru.mcu.marshrut.api;

import jakarta.ws.rs.container.ContainerRequestContext;

import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Puts the municipality of the path into the log context (MDC) of every line a request writes; the routing path adds
 * the decision id once it is known. JSON logs carry both as fields.
 */
public class LogContext {

    @ServerRequestFilter
    public void municipality(ContainerRequestContext request) {
        String m = request.getUriInfo().getPathParameters().getFirst("municipality");
        if (m != null) {
            MDC.put("municipality", m);
        }
    }

    @ServerResponseFilter
    public void clear() {
        MDC.remove("municipality");
        MDC.remove("decisionId");
    }
}
