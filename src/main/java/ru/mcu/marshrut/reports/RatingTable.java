package ru.mcu.marshrut.reports;

import java.util.ArrayList;
import java.util.List;

import ru.mcu.marshrut.rating.Ratings;

/**
 * The rating as the weekly note and the monthly report show it: place, recipient, score, grade, items received and
 * answered on time. A recipient some of whose items were judged on a provisional due date says how many beside its
 * name (the report's summary says why): its score may change once the official calendar is loaded.
 */
final class RatingTable {

    static final String TITLE = "Рейтинг ответственных получателей";
    static final List<String> HEADERS = List.of("Место", "Получатель", "Балл", "Оценка", "Поступило", "Отвечено в срок");
    /** The recipient's name and the grade; the score column holds «не оценивается …» for a recipient not ranked. */
    static final java.util.Set<Integer> TEXT_COLUMNS = java.util.Set.of(1, 3);

    private RatingTable() {
    }

    static List<List<String>> rows(List<Ratings.Row> rating) {
        List<List<String>> rows = new ArrayList<>();
        for (Ratings.Row r : rating) {
            rows.add(List.of(r.rank() == null ? "—" : String.valueOf(r.rank()), recipient(r),
                    r.ranked() ? score(r.score()) : "не оценивается (мало сообщений)", r.ranked() ? r.grade() : "—",
                    String.valueOf(r.numbers().received()), String.valueOf(r.numbers().answeredOnTime())));
        }
        return rows;
    }

    /** As the report's other decimals: with the Russian comma («89,3»), not a point beside «6,0 рабочих часа». */
    static String score(double score) {
        return String.valueOf(score).replace('.', ',');
    }

    private static String recipient(Ratings.Row r) {
        return r.provisionalItems() == 0 ? r.recipientName()
                : r.recipientName() + " (со сроком по предварительному календарю: " + r.provisionalItems() + ")";
    }
}
