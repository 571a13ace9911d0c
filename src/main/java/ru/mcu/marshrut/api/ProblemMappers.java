package ru.mcu.marshrut.api;

import java.util.List;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves as application/problem+json; an unexpected one is logged and never leaks a stack trace. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.retryAfterSeconds() == null ? respond(e.problem())
                : Response.fromResponse(respond(e.problem())).header("Retry-After", e.retryAfterSeconds()).build();
    }

    /** A rule file that cannot be used, named by what it is (autorules, a rating formula). */
    @ServerExceptionMapper
    public Response invalidRuleset(ru.mcu.marshrut.dmn.InvalidRulesetException e) {
        var k = e.kind();
        return respond(new Problem(k.type, k.title, k.status, e.getMessage(), k.status == 400
                ? List.of(new Problem.FieldError("body", e.getMessage())) : List.of()));
    }

    /** A DMN refused before evaluation: it names the element (Java/PMML function, import, DOCTYPE). */
    @ServerExceptionMapper
    public Response unsafeDmn(ru.mcu.marshrut.dmn.UnsafeDmnException e) {
        return respond(new Problem("/problems/unsafe-dmn", "Unsafe DMN refused", 400, e.getMessage(),
                List.of(new Problem.FieldError("body", e.element() + ": " + e.getMessage()))));
    }

    /** No credentials, or credentials that are not (or no longer) valid: the two are not told apart. */
    @ServerExceptionMapper({ io.quarkus.security.UnauthorizedException.class,
            io.quarkus.security.AuthenticationFailedException.class })
    public Response unauthorized(RuntimeException e) {
        if (e.getCause() instanceof ru.mcu.marshrut.security.CsrfTokenRefused) {
            return Response.status(401).type(Problem.MEDIA_TYPE).entity(new Problem("/problems/unauthorized", "Unauthorized", 401,
                    "A change through a console session needs the session's X-CSRF-Token header: the csrfToken its login"
                            + " answered.", List.of(new Problem.FieldError("X-CSRF-Token", "missing or not this session's"))))
                    .header("WWW-Authenticate", ru.mcu.marshrut.security.CredentialMechanism.CHALLENGE).build();
        }
        Problem p = new Problem("/problems/unauthorized", "Unauthorized", 401,
                "Send Authorization: Bearer <API key or OIDC token> (or Basic <login:password>); none was sent, or it is"
                        + " not valid.", List.of(new Problem.FieldError("Authorization", "missing or invalid credentials")));
        return Response.status(401).type(Problem.MEDIA_TYPE)
                .header("WWW-Authenticate", ru.mcu.marshrut.security.CredentialMechanism.CHALLENGE).entity(p).build();
    }

    @ServerExceptionMapper
    public Response forbidden(io.quarkus.security.ForbiddenException e) {
        return respond(new Problem("/problems/forbidden", "Forbidden", 403,
                "Your role does not allow this call.", List.of()));
    }

    /** A municipality outside the caller's scope (403), or unknown (404). */
    @ServerExceptionMapper
    public Response scope(ru.mcu.marshrut.security.Access.ScopeException e) {
        return respond(scopeProblem(e));
    }

    static Problem scopeProblem(ru.mcu.marshrut.security.Access.ScopeException e) {
        return new Problem(e.status() == 403 ? "/problems/forbidden" : "/problems/not-found",
                e.status() == 403 ? "Forbidden" : "Not found", e.status(), e.field() + ": " + e.getMessage(),
                List.of(new Problem.FieldError(e.field(), e.getMessage())));
    }

    /** A date the loaded production calendars do not cover (a resource that knows the field names it itself). */
    @ServerExceptionMapper
    public Response calendar(ru.mcu.marshrut.deadlines.CalendarRangeException e) {
        return respond(new Problem("/problems/cannot-compute", "Cannot compute", 422, e.getMessage(),
                List.of(new Problem.FieldError("date", e.getMessage()))));
    }

    /** The stored audit tree disagrees with its signed head: nothing is proved from it (the log says where). */
    @ServerExceptionMapper
    public Response damagedLog(ru.mcu.marshrut.audit.log.AuditLog.DamagedLogException e) {
        LOG.error(e.getMessage());
        return respond(damagedLogProblem(e));
    }

    static Problem damagedLogProblem(ru.mcu.marshrut.audit.log.AuditLog.DamagedLogException e) {
        return new Problem("/problems/audit-log-damaged", "Audit log damaged", 500, e.getMessage(), List.of());
    }

    @ServerExceptionMapper
    public Response conflict(ru.mcu.marshrut.routing.AutoruleAdmin.Conflict e) {
        return respond(new Problem("/problems/conflict", "Conflict", 409, e.getMessage(), List.of(), e.issues()));
    }

    /** Uploaded sources being compiled take the budget the heap allows them: the caller retries, nothing was stored. */
    @ServerExceptionMapper
    public Response busy(ru.mcu.marshrut.rulesets.SourceBudget.Busy e) {
        return busyResponse(e);
    }

    static Response busyResponse(ru.mcu.marshrut.rulesets.SourceBudget.Busy e) {
        return Response.fromResponse(respond(new Problem("/problems/busy", "Service Unavailable", 503, e.getMessage(),
                List.of()))).header("Retry-After", ru.mcu.marshrut.rulesets.SourceBudget.RETRY_AFTER_SECONDS).build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String title = Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase();
        // The two statuses about a header name it, as a field error names a field (clients show those)
        List<Problem.FieldError> header = switch (status) {
            case 415 -> List.of(new Problem.FieldError("Content-Type", "this endpoint does not read that media type"));
            case 406 -> List.of(new Problem.FieldError("Accept", "this endpoint cannot answer in that media type"));
            default -> List.of();
        };
        return respond(new Problem("/problems/http-" + status, title, status, e.getMessage(), header));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        if (clientWentAway(e)) {
            // The caller closed the connection mid-request (a load client stopping): nothing to answer, not a fault.
            LOG.debug("Client closed the connection", e);
            return Response.status(499).build();
        }
        LOG.error("Unexpected error", e);
        return respond(new Problem("/problems/internal", "Internal error", 500,
                "The request was not completed. Whether it changed anything is not known here: read it back (routing"
                        + " and events are idempotent, so sending it again is safe). See the server log.", List.of()));
    }

    private static boolean clientWentAway(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof io.vertx.core.http.HttpClosedException) {
                return true;
            }
        }
        return false;
    }

    static Response respond(Problem p) {
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
    }
}
