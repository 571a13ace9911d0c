package ru.mcu.marshrut.deadlines;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A computed due date: the class it came from, the moment in the municipality's offset, and how it was counted. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@com.fasterxml.jackson.annotation.JsonPropertyOrder({ "class", "dueAt", "timeZone", "basis", "ruleId" })
public record Deadline(@JsonProperty("class") String className, OffsetDateTime dueAt, String timeZone, String basis,
        String ruleId) {
}
