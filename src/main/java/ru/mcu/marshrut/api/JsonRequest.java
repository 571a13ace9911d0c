package ru.mcu.marshrut.api;

/**
 * A JSON request body: a record whose components are bound by {@link RequestBinder} (each type error named by its
 * field, all at once), then checked by its Bean Validation annotations ({@link Constraint}) and by {@link #check}. A
 * resource method takes the record as its body parameter; {@link RequestBodyReader} does the reading.
 */
public interface JsonRequest {

    /** Rules that span fields (e.g. "answerAt after receivedAt"); called after binding, fields may be null. */
    default void check(FieldErrors errors) {
    }
}
