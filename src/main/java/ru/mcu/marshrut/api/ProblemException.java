package ru.mcu.marshrut.api;

import java.util.List;

/** Thrown to answer with a problem+json; nothing has been stored when it is thrown. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;
    /** Seconds a client is asked to wait before trying again (a Retry-After header), or null. */
    private final Integer retryAfterSeconds;

    public ProblemException(Problem problem) {
        this(problem, null);
    }

    private ProblemException(Problem problem, Integer retryAfterSeconds) {
        super(problem.detail());
        this.problem = problem;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Problem problem() {
        return problem;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** A 503 of something that will be there shortly: the client retries after {@code seconds}. */
    public static ProblemException notYet(String type, String title, String detail, int seconds) {
        return new ProblemException(new Problem(type, title, 503, detail, List.of()), seconds);
    }

    public static ProblemException invalid(List<Problem.FieldError> errors) {
        String detail = errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid: " + String.join(", ", errors.stream().map(Problem.FieldError::field).toList());
        return new ProblemException(new Problem("/problems/invalid-request", "Invalid request", 400, detail, errors));
    }

    public static ProblemException invalid(String field, String message) {
        return invalid(List.of(new Problem.FieldError(field, message)));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(new Problem("/problems/not-found", "Not found", 404, detail, List.of()));
    }

    /** A login refused unchecked by the throttle (the console's login, a change of one's own password). */
    public static ProblemException tooManyWrongPasswords(java.time.Instant until) {
        return new ProblemException(new Problem("/problems/too-many-requests", "Too Many Requests", 429,
                "too many wrong passwords for this login; try again after " + until, List.of()));
    }

    /**
     * A 406 of an operation offered in several media types, none of which the Accept header takes: the answer names
     * them and the format parameter that chooses one whatever Accept says.
     */
    public static ProblemException notAcceptable(List<String> offered, List<String> formats) {
        String message = "this operation answers in " + String.join(", ", offered) + "; or choose with ?format="
                + String.join("|", formats);
        return new ProblemException(new Problem("/problems/http-406", "Not Acceptable", 406, "Accept: " + message,
                List.of(new Problem.FieldError("Accept", message))));
    }

    public static ProblemException unprocessable(String field, String message) {
        return new ProblemException(new Problem("/problems/cannot-compute", "Cannot compute", 422,
                field + ": " + message, List.of(new Problem.FieldError(field, message))));
    }
}
