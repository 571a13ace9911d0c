package ru.mcu.marshrut.rulesets;

import java.util.List;

/**
 * One autorule row as an administrator wrote it: the FEEL text of each input cell (in
 * {@link AutoruleTable#COLUMNS} order) and of each output (string literals or {@code null}). The exchange form of every format
 * (DMN, JSON, CSV, XLSX); it is parsed into an {@link AutoruleRow} only after.
 */
public record RawRow(String id, List<String> cells, String action, String recipient, String coExecutors,
        String annotation, String entriesProblem) {

    /** {@code entriesProblem}: what is wrong with the number of the row's cells as written (DMN only), or null. */
    public RawRow(String id, List<String> cells, String action, String recipient, String coExecutors, String annotation) {
        this(id, cells, action, recipient, coExecutors, annotation, null);
    }

    public static RawRow of(AutoruleRow row) {
        return new RawRow(row.id(), java.util.Arrays.stream(row.conditions()).map(DmnAutoruleWriter::feel).toList(),
                DmnAutoruleWriter.output(row.action()), DmnAutoruleWriter.output(row.recipient()),
                DmnAutoruleWriter.output(String.join(",", row.coExecutors())), row.annotation());
    }
}
