package ru.mcu.marshrut.reports;

import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import ru.mcu.marshrut.rating.Ratings;

/**
 * The weekly analytical note for the head of the municipality (decree: «еженедельная аналитическая записка»),
 * in Russian, as Markdown and as HTML from the same tables.
 */
public final class WeeklyNote {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd.MM.yyyy");
    static final Map<String, String> CHANNELS = Map.of("POS", "ПОС", "APPEAL_59FZ", "Обращения (59-ФЗ)",
            "SOCIAL_IM", "Соцсети (Инцидент Менеджмент)", "PHONE", "Телефон", "EMAIL", "Электронная почта",
            "RECEPTION", "Личный приём");

    private record Table(String title, List<String> header, List<List<String>> rows, java.util.Set<Integer> textColumns) {
        Table(String title, List<String> header, List<List<String>> rows) {
            this(title, header, rows, java.util.Set.of(0));
        }
    }

    private final ReportDocument doc;

    private WeeklyNote(String title) {
        this.doc = new ReportDocument(title);
    }

    /**
     * The note of ISO week {@code week} ({@code 2026-W12}), {@code from}–{@code toInclusive} in the municipality's zone,
     * its items as they stood at {@code at} (the week's end, or now while it runs).
     */
    public static WeeklyNote build(String municipalityName, String week, LocalDate from, LocalDate toInclusive,
            ZonedDateTime at, List<ItemFacts> thisWeek, List<ItemFacts> lastWeek, List<Ratings.Row> rating,
            Function<String, String> names) {
        WeeklyNote n = new WeeklyNote("Аналитическая записка МЦУ: " + municipalityName + ", " + weekName(week) + " ("
                + DATE.format(from) + "–" + DATE.format(toInclusive) + ")");
        String notice = PeriodNotice.of(PeriodNotice.WEEK, from.atStartOfDay(at.getZone()),
                toInclusive.plusDays(1).atStartOfDay(at.getZone()), at);
        if (notice != null) {
            n.doc.line(notice);
        }
        n.doc.line("Поступило сообщений и обращений: " + thisWeek.size() + " (предыдущая неделя: " + lastWeek.size()
                + ", " + (thisWeek.size() == lastWeek.size() ? "без изменений" : change(thisWeek.size(), lastWeek.size()))
                + ").");
        long moderated = thisWeek.stream().filter(ItemFacts::moderated).count();
        long waiting = thisWeek.stream().filter(ItemFacts::waiting).count();
        long waitingOverdue = thisWeek.stream().filter(f -> f.waiting() && f.status().equals("OVERDUE")).count();
        long declined = thisWeek.stream().filter(f -> f.status().equals(ItemFacts.DECLINED)).count();
        n.doc.line("Направлено автоправилами: " + (thisWeek.size() - moderated) + "; передано координатору на ручное распределение: "
                + moderated + (moderated > 0 ? " (ожидают распределения: " + waiting
                        + (waitingOverdue > 0 ? ", из них с истёкшим сроком ответа: " + waitingOverdue : "")
                        + (declined > 0 ? "; отклонено при модерации: " + declined : "") + ")" : "") + ".");
        long provisional = thisWeek.stream().filter(ItemFacts::provisional).count();
        if (provisional > 0) {
            n.doc.line(ItemFacts.provisionalLine(provisional));
        }
        n.add(comparison("Поступление по каналам", "Канал", thisWeek, lastWeek,
                f -> CHANNELS.getOrDefault(f.channel(), f.channel())));
        // By category as the platforms send them (the rubricator's spelling): the decrees' thematic blocks are not a
        // mapping any municipality has given
        n.add(comparison("Поступление по категориям", "Категория", thisWeek, lastWeek, ItemFacts::category));
        Map<String, long[]> risk = new TreeMap<>();
        for (ItemFacts f : thisWeek) {
            if (f.status().equals("OVERDUE") || f.status().equals("AT_RISK") || f.status().equals("ANSWERED_LATE")) {
                // One waiting past its answer's term is the coordinator's, who has not distributed it
                long[] c = risk.computeIfAbsent(names.apply(f.holder()) + (f.waiting() ? " (не распределено)" : ""),
                        k -> new long[3]);
                c[f.status().equals("OVERDUE") ? 0 : f.status().equals("ANSWERED_LATE") ? 1 : 2]++;
            }
        }
        List<List<String>> riskRows = new ArrayList<>();
        risk.forEach((who, c) -> riskRows.add(List.of(who, String.valueOf(c[0]), String.valueOf(c[1]), String.valueOf(c[2]))));
        // Of the week's own items, as every table of the note: an item received earlier is in the note of its week
        // While the week runs the table is as of now, not of the week's end it would otherwise name
        String asOf = PeriodNotice.running(toInclusive.plusDays(1).atStartOfDay(at.getZone()), at)
                ? "на " + PeriodNotice.MOMENT.format(at) : "на конец недели";
        n.add(new Table("Просрочки и угроза просрочки " + asOf + " (по сообщениям, поступившим за неделю)", List.of("Получатель", "Просрочено",
                "Отвечено с нарушением срока", "Под угрозой просрочки"), riskRows));
        n.add(new Table(RatingTable.TITLE, RatingTable.HEADERS, RatingTable.rows(rating), RatingTable.TEXT_COLUMNS));
        Map<String, Long> subs = thisWeek.stream().collect(Collectors.groupingBy(
                f -> f.category() + (f.subcategory() == null ? "" : " / " + f.subcategory()), TreeMap::new, Collectors.counting()));
        List<List<String>> top = subs.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(5).map(e -> List.of(e.getKey(), String.valueOf(e.getValue()))).toList();
        n.add(new Table("Самые частые темы", List.of("Тема", "Сообщений"), top));
        return n;
    }

    private static Table comparison(String title, String what, List<ItemFacts> now, List<ItemFacts> before,
            Function<ItemFacts, String> key) {
        Map<String, Long> a = now.stream().collect(Collectors.groupingBy(key, Collectors.counting()));
        Map<String, Long> b = before.stream().collect(Collectors.groupingBy(key, Collectors.counting()));
        TreeMap<String, Long> all = new TreeMap<>();
        a.keySet().forEach(k -> all.put(k, 0L));
        b.keySet().forEach(k -> all.put(k, 0L));
        List<List<String>> rows = all.keySet().stream()
                .sorted(Comparator.comparing((String k) -> -a.getOrDefault(k, 0L)).thenComparing(k -> k))
                .map(k -> List.of(k, String.valueOf(a.getOrDefault(k, 0L)), String.valueOf(b.getOrDefault(k, 0L)),
                        change(a.getOrDefault(k, 0L), b.getOrDefault(k, 0L))))
                .toList();
        // The change is text («+3 (+300 %)»): a workbook with «-2» a number beside «+3» as text sums neither
        return new Table(title, List.of(what, "Эта неделя", "Прошлая неделя", "Изменение"), rows, java.util.Set.of(0, 3));
    }

    /** «12-я неделя 2026 г.» for ISO week {@code 2026-W12} (the week-based year: 2026-W53 ends in January 2027). */
    static String weekName(String isoWeek) {
        return Integer.parseInt(isoWeek.substring(6)) + "-я неделя " + isoWeek.substring(0, 4) + " г.";
    }

    static String change(long now, long before) {
        long d = now - before;
        String abs = (d > 0 ? "+" : "") + d;
        return before == 0 ? abs : abs + " (" + (d > 0 ? "+" : "") + Math.round(d * 100.0 / before) + " %)";
    }

    private void add(Table t) {
        doc.table(t.title(), t.title().length() > 31 ? t.title().substring(0, 31) : t.title(), t.header(), t.rows(), t.textColumns());
    }

    public ReportDocument document() {
        return doc;
    }

}
