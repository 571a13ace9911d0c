package ru.mcu.marshrut.rulesets;

import java.util.List;

/** A municipality's autorule table as data: first matching row wins. */
public record AutoruleTable(String municipality, List<AutoruleRow> rows) {

    /** The routing attributes, in the order of every row's conditions and every item's values. */
    public static final List<String> COLUMNS = List.of("channel", "category", "subcategory", "oktmo", "authorType");

    /** Labels administrators see for the columns. */
    public static final List<String> LABELS = List.of("Канал", "Категория", "Подкатегория", "ОКТМО", "Автор");

    public static final String ROUTE = "ROUTE";
    public static final String MODERATE = "MODERATE";
}
