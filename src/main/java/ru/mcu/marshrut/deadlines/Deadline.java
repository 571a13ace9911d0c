package ru.mcu.marshrut.deadlines;

import java.time.OffsetDateTime;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A computed due date: the class it came from, the moment in the municipality's offset, how it was counted, and
 * whether it was counted on a provisional year of the production calendar (written only when it was).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@com.fasterxml.jackson.annotation.JsonPropertyOrder({ "class", "dueAt", "timeZone", "basis", "ruleId", "provisional" })
public record Deadline(@JsonProperty("class") String className, OffsetDateTime dueAt, String timeZone, String basis,
        String ruleId,
        @Schema(description = "Present and true when the deadline was counted on a year whose official production "
                + "calendar is not loaded: the Labour Code's holidays (art. 112) without the Government's transfers of "
                + "days off, which may still move it; the basis says so in Russian. Absent otherwise.")
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean provisional) {

    /**
     * This deadline, or {@code limit}'s moment if that comes first: a step's term (the coordinator's moderation) does
     * not outlast the term it is a step of (the answer's, counted from the same receipt). The basis says so.
     */
    public Deadline notAfter(Deadline limit) {
        if (limit == null || limit.dueAt() == null || dueAt == null || !dueAt.isAfter(limit.dueAt())) {
            return this;
        }
        return new Deadline(className, limit.dueAt().withOffsetSameInstant(dueAt.getOffset()), timeZone, basis
                + "; не позже срока ответа на сообщение ("
                + limit.dueAt().atZoneSameInstant(java.time.ZoneId.of(timeZone)).format(
                        java.time.format.DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm"))
                + ")", ruleId, provisional || limit.provisional());
    }

    /** A deadline counted on official calendars only. */
    public Deadline(String className, OffsetDateTime dueAt, String timeZone, String basis, String ruleId) {
        this(className, dueAt, timeZone, basis, ruleId, false);
    }
}
