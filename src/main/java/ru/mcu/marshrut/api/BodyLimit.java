package ru.mcu.marshrut.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How large a request body an endpoint takes. Unannotated endpoints take an ordinary JSON call
 * ({@code marshrut.security.max-request-bytes}); uploads of rule tables take {@code marshrut.rulesets.max-upload-bytes}, of a
 * rating formula {@code marshrut.rating.max-formula-bytes}, batches {@code marshrut.security.max-batch-bytes}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface BodyLimit {

    Kind value();

    enum Kind {
        REQUEST, UPLOAD, FORMULA, BATCH
    }
}
