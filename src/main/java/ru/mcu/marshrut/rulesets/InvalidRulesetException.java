package ru.mcu.marshrut.rulesets;

/** A rule file that cannot become a ruleset: it never goes live. */
public class InvalidRulesetException extends RuntimeException {
    public InvalidRulesetException(String message) {
        super(message);
    }

    public InvalidRulesetException(String message, Throwable cause) {
        super(message, cause);
    }
}
