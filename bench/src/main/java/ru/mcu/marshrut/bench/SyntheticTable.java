package ru.mcu.marshrut.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import ru.mcu.marshrut.rulesets.AutoruleRow;
import ru.mcu.marshrut.rulesets.AutoruleTable;
import ru.mcu.marshrut.rulesets.Condition;
import ru.mcu.marshrut.rulesets.DmnAutoruleWriter;

/**
 * A realistic large autorule table: one row per (category, subcategory, ОКТМО) — a municipality with many
 * settlements and a fine rubricator — plus a channel-specific row per category and a per-category fallback.
 * Items hit those rows, with 5 % unknown categories that match nothing.
 */
final class SyntheticTable {

    static final List<String> CHANNELS = ru.mcu.marshrut.model.ItemVocabulary.CHANNELS;
    /** The rubricator's spheres and Kachkanar's recipients, so the table validates and activates in the service. */
    static final List<String> SPHERES = ru.mcu.marshrut.model.Rubricator.load().categories();
    static final List<String> RECIPIENTS = List.of("kachkanar.ogh", "kachkanar.uo", "kachkanar.osr", "kachkanar.oor",
            "kachkanar.aic");

    final List<AutoruleRow> rows = new ArrayList<>();
    final String dmnXml;
    final String[][] items;
    /** The floor: exact (category, subcategory, oktmo) → first row, nothing else checked. */
    final Map<String, Integer> floor = new HashMap<>();

    SyntheticTable(int size, int itemCount, long seed) {
        int categories = SPHERES.size();
        int perCategory = Math.max(1, (size - 2 * categories) / categories);
        int subcategories = (int) Math.ceil(Math.sqrt(perCategory));
        int oktmos = (int) Math.ceil((double) perCategory / subcategories);
        for (int c = 0; c < categories && rows.size() < size; c++) {
            rows.add(row("ch-" + c, new Condition.OneOf(Set.of("SOCIAL_IM")), cat(c), Condition.ANY, Condition.ANY));
            for (int s = 0; s < subcategories; s++) {
                for (int o = 0; o < oktmos && rows.size() < size - categories + c; o++) {
                    rows.add(row("r-" + c + "-" + s + "-" + o, Condition.ANY, cat(c), new Condition.OneOf(Set.of(sub(s))),
                            new Condition.OneOf(Set.of(oktmo(o)))));
                    floor.putIfAbsent(cat(c).values().iterator().next() + '\u0000' + sub(s) + '\u0000' + oktmo(o), rows.size() - 1);
                }
            }
            rows.add(row("fallback-" + c, Condition.ANY, cat(c), Condition.ANY, Condition.ANY));
        }
        dmnXml = DmnAutoruleWriter.write("bench", "synthetic " + size, rows);
        Random random = new Random(seed);
        items = new String[itemCount][];
        for (int i = 0; i < itemCount; i++) {
            String category = random.nextInt(100) < 5 ? "Неизвестная категория " + i : SPHERES.get(random.nextInt(categories));
            items[i] = new String[] { CHANNELS.get(random.nextInt(CHANNELS.size())), category,
                    sub(random.nextInt(subcategories)), oktmo(random.nextInt(oktmos)),
                    random.nextInt(10) == 0 ? "ORGANIZATION" : "CITIZEN" };
        }
    }

    private AutoruleRow row(String id, Condition channel, Condition category, Condition sub, Condition oktmo) {
        return new AutoruleRow(rows.size(), id, new Condition[] { channel, category, sub, oktmo, Condition.ANY },
                AutoruleTable.ROUTE, RECIPIENTS.get(rows.size() % RECIPIENTS.size()), List.of(), "");
    }

    private static Condition.OneOf cat(int c) {
        return new Condition.OneOf(Set.of(SPHERES.get(c)));
    }

    private static String sub(int s) {
        return "Подкатегория " + s;
    }

    private static String oktmo(int o) {
        return String.valueOf(65741000 + o);
    }
}
