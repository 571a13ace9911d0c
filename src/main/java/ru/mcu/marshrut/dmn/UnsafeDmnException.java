package ru.mcu.marshrut.dmn;

/** A DMN upload refused before anything evaluated it: it could reach outside FEEL (Java, PMML, imports, DTDs). */
public class UnsafeDmnException extends InvalidRulesetException {

    private final String element;

    public UnsafeDmnException(String element, String message) {
        super(message);
        this.element = element;
    }

    /** The offending element, e.g. {@code functionDefinition} or {@code DOCTYPE}. */
    public String element() {
        return element;
    }
}
