package ru.mcu.marshrut.recipients;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A responsible recipient: a department, committee, institution or position — never a person. {@code parentId}
 * links a department to its committee or administration (a committee to the deputy head who curates it);
 * {@code deputyId} is the standing deputy the decree names, who takes the items while the recipient is absent
 * unless the absence names another; {@code timeZone} and {@code workingHours} are the municipality's unless set
 * here (a unit in another zone, or on other hours).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Recipient(String id, String name, String kind, String parentId, String deputyId, String timeZone,
        ru.mcu.marshrut.deadlines.WorkingHours workingHours) {

    public Recipient(String id, String name, String kind) {
        this(id, name, kind, null, null, null, null);
    }
}
