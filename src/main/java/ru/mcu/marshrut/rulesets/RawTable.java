package ru.mcu.marshrut.rulesets;

import java.util.List;

/** An autorule table as uploaded: a description and its rows in order. */
public record RawTable(String description, List<RawRow> rows) {
}
