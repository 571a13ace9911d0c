package ru.mcu.marshrut.municipalities;

/** A responsible recipient: a department, committee, institution or position — never a person. */
public record Recipient(String id, String name, String kind) {
}
