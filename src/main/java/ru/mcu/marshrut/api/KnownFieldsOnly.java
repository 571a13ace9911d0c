package ru.mcu.marshrut.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A request whose every field replaces what is stored: a field it does not know is refused by name instead of
 * ignored, since a misspelt one ("absense") would otherwise clear the setting it meant to change. Other requests
 * ignore unknown fields, so that a platform sending a newer shape is not refused.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface KnownFieldsOnly {

    /** Fields the resource answers but does not take (a body read back and sent again carries them): ignored. */
    String[] answered() default {};
}
