package ru.mcu.marshrut.open311;

import java.util.List;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import ru.mcu.marshrut.api.Problem;

/**
 * Under {@code /open311/} every error leaves in the GeoReport v2 format ({@code [{"code", "description"}]} or
 * {@code <errors><error>…}), whoever raised it: the role check, the body limit, an unknown path. As the spec asks,
 * missing or invalid credentials are a {@code 403} there (the rest of the API answers {@code 401}); the answer is
 * the same whether the key was missing, unknown or revoked.
 */
public class Open311Errors {

    static final String PREFIX = "/open311/";

    /** An unexpected failure (logged by ProblemMappers), as an Open311 client is told it. */
    static final String UNEXPECTED = "The request was not completed. Whether a service request posted was stored is"
            + " not known: look for it among the requests (GET requests) before posting it again. See the server log.";

    /** The same, for a read: reading again is safe. */
    static final String UNEXPECTED_READ = "The request was not completed; it can be sent again. See the server log.";

    @ServerResponseFilter
    public void toOpen311(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(response.getEntity() instanceof Problem p)) {
            return; // not an error: the request's URI is not even built (this filter sees every response)
        }
        String path = request.getUriInfo().getRequestUri().getRawPath();
        if (path == null || !path.startsWith(PREFIX)) {
            return;
        }
        Open311Format f = Open311Format.ofPath(path);
        List<Open311Error.Entry> entries;
        int status = p.status();
        if (status == 401) {
            status = 403;
            entries = List.of(new Open311Error.Entry(403, "api_key was not provided or is not valid: send api_key"
                    + " (or Authorization: Bearer <API key>)"));
            response.getHeaders().remove("WWW-Authenticate");
        } else if (status == 500) {
            // The API's text says routing can be sent again; a service request posted again would be a second one
            entries = List.of(new Open311Error.Entry(500, "POST".equals(request.getMethod()) ? UNEXPECTED : UNEXPECTED_READ));
        } else if (p.errors() == null || p.errors().isEmpty()) {
            entries = List.of(new Open311Error.Entry(status, p.detail() == null ? p.title() : p.detail()));
        } else {
            int code = status;
            entries = p.errors().stream().map(e -> new Open311Error.Entry(code, e.field() + ": " + e.message())).toList();
        }
        response.setStatus(status);
        response.setEntity(body(f, entries), null, MediaType.valueOf(f.mediaType()));
    }

    static Response response(int status, List<Open311Error.Entry> entries, Open311Format f) {
        return Response.status(status).type(f.mediaType()).entity(body(f, entries)).build();
    }

    private static byte[] body(Open311Format f, List<Open311Error.Entry> entries) {
        return f.write("errors", "error", entries.stream()
                .map(e -> { var m = new java.util.LinkedHashMap<String, Object>();
                    m.put("code", e.code());
                    m.put("description", e.description());
                    return m; }).toList());
    }
}
