package ru.mcu.marshrut.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every query parameter of the API takes one value: one given twice is refused, naming it, even with the same value
 * twice. It used to be read as its first value, silently — {@code ?municipality=a&municipality=b} answered for a only,
 * {@code size=1&size=500} a page of one. (Open311 reads its own parameters, and refuses a field given twice with
 * different values.)
 */
public class RepeatedQueryParameters {

    @ServerRequestFilter
    public Response check(ContainerRequestContext ctx, ResourceInfo resource, io.vertx.core.http.HttpServerRequest request) {
        // A parameter given twice needs a second one: most requests (every routing call) have no query at all, and are
        // not made to parse one here
        String query = request.query();
        if (query == null || query.indexOf('&') < 0 || resource == null || resource.getResourceMethod() == null
                || resource.getResourceClass().getName().startsWith("ru.mcu.marshrut.open311.")) {
            return null;
        }
        List<Problem.FieldError> repeated = new ArrayList<>(0);
        for (Map.Entry<String, List<String>> p : ctx.getUriInfo().getQueryParameters().entrySet()) {
            if (p.getValue().size() > 1) {
                repeated.add(new Problem.FieldError(p.getKey(), "was given " + p.getValue().size()
                        + " times; give it once"));
            }
        }
        if (repeated.isEmpty()) {
            return null;
        }
        BodyLimits.drop(request); // refused before its body is read: read and dropped, so that the answer reaches a client
                                  // that sends the whole body first
        return ProblemMappers.respond(new Problem("/problems/invalid-request", "Invalid request", 400,
                "A query parameter was given more than once: " + String.join(", ",
                        repeated.stream().map(Problem.FieldError::field).toList()), repeated));
    }
}
