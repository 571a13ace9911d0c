package ru.mcu.marshrut.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A request field that names a municipality: {@link RequestBinder} refuses one the service does not know, in the
 * same 400 as the other bad fields, when the caller sees every municipality or names one of its own scope; any other
 * unknown one is answered by the resource's scope check as another's (403). Whether the caller may act in a known one
 * is checked by the resource (403).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD })
public @interface MunicipalityId {
}
