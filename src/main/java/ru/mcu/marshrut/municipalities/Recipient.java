package ru.mcu.marshrut.municipalities;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A responsible recipient: a department, committee, institution or position — never a person. {@code parentId}
 * links a department to its committee or administration; time zone and working hours are the municipality's.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Recipient(String id, String name, String kind, String parentId) {

    public Recipient(String id, String name, String kind) {
        this(id, name, kind, null);
    }
}
