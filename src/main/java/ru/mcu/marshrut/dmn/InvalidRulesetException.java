package ru.mcu.marshrut.dmn;

/** A rule file that cannot become a ruleset: it never goes live. {@link #kind()} says which rule file it was. */
public class InvalidRulesetException extends RuntimeException {

    /** What was invalid: the answer to the caller names it. */
    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "RulesetKind")
    public enum Kind {
        AUTORULES("/problems/invalid-autorules", "Invalid autorule table", 400),
        RATING_FORMULA("/problems/invalid-rating-formula", "Invalid rating formula", 400),
        /** The active rating formula failed on this period's numbers: nothing the caller sent is wrong. */
        RATING_FORMULA_FAILED("/problems/rating-formula-failed", "The rating formula cannot rate these numbers", 422);

        public final String type;
        public final String title;
        public final int status;

        Kind(String type, String title, int status) {
            this.type = type;
            this.title = title;
            this.status = status;
        }
    }

    private final Kind kind;

    public InvalidRulesetException(String message) {
        this(Kind.AUTORULES, message);
    }

    public InvalidRulesetException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public InvalidRulesetException(String message, Throwable cause) {
        super(message, cause);
        this.kind = Kind.AUTORULES;
    }

    public Kind kind() {
        return kind;
    }
}
