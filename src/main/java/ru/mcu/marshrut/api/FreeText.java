package ru.mcu.marshrut.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A string request field of free text written by a person (a citizen's message, a reason): it may hold line breaks and
 * tabs, and a character that cannot be stored — half of a surrogate pair (a platform cutting text mid-emoji), another
 * control character (pasted from a word processor) — is replaced by U+FFFD instead of refusing the whole request,
 * which would lose the message for one invisible character. Every other string is one line of Unicode: an id, a name,
 * a category.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.RECORD_COMPONENT, ElementType.FIELD })
public @interface FreeText {
}
