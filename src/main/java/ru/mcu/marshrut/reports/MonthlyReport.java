package ru.mcu.marshrut.reports;

import java.time.Duration;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import ru.mcu.marshrut.deadlines.DeadlineService;
import ru.mcu.marshrut.events.ItemEvent;
import ru.mcu.marshrut.events.ItemLifecycle;
import ru.mcu.marshrut.events.ItemSummary;
import ru.mcu.marshrut.municipalities.Municipality;
import ru.mcu.marshrut.rating.Ratings;
import ru.mcu.marshrut.routing.RoutingDecision;

/**
 * The monthly report for the regional ЦУР (Petrovsk §4.4: the monthly assessment; Lovozero §4.1–4.2: analytical
 * and statistical materials at the regional centre's request): items by channel and by category; per recipient, answered on time, late and
 * open overdue; moderation time; extensions; satisfaction; the rating. Items are those received in the month, as
 * they stand at its end (or now, if earlier) — on every sheet, the rating's included.
 */
public final class MonthlyReport {

    private MonthlyReport() {
    }

    /** Counts per recipient; the order of the columns of the «Исполнители» sheet. */
    private static final class PerRecipient {
        int received, onTime, late, openOverdue, open, extensions;
    }

    public static ReportDocument build(Municipality m, YearMonth month, List<RoutingDecision> decisions,
            Function<RoutingDecision, List<ItemEvent>> eventsOf, DeadlineService deadlines,
            Function<List<ItemSummary>, List<Ratings.Row>> rating, ZonedDateTime at) {
        String monthName = month.getMonth().getDisplayName(TextStyle.FULL_STANDALONE, new Locale("ru"));
        ReportDocument doc = new ReportDocument("Ежемесячный отчёт МЦУ: " + m.name() + ", " + monthName + " " + month.getYear());
        Map<String, Long> byChannel = new TreeMap<>();
        Map<String, Long> byCategory = new TreeMap<>();
        Map<Row, PerRecipient> byRecipient = new TreeMap<>();
        int moderated = 0, assigned = 0, waiting = 0, waitingOverdue = 0, waitingAnswerOverdue = 0, declined = 0;
        int extensions = 0, provisional = 0, answeredUndistributed = 0;
        int satisfied = 0, neutral = 0, dissatisfied = 0;
        List<Double> moderationHours = new ArrayList<>();
        List<ItemSummary> summaries = new ArrayList<>(decisions.size());
        for (RoutingDecision d : decisions) {
            List<ItemEvent> events = ItemLifecycle.until(eventsOf.apply(d), at.toInstant());
            ItemLifecycle.State s = ItemLifecycle.replay(d, events, deadlines, m);
            ItemFacts f = ItemFacts.of(d, s, deadlines, m, at);
            // The rating sheet from the same replay as the other sheets: a report downloaded later says the same.
            ItemSummary summary = ItemSummary.of(d, s, events, deadlines.calculator(), m);
            summaries.add(summary);
            if (f.provisional()) {
                provisional++;
            }
            byChannel.merge(WeeklyNote.CHANNELS.getOrDefault(f.channel(), f.channel()), 1L, Long::sum);
            byCategory.merge(f.category(), 1L, Long::sum);
            extensions += s.extensions();
            if (RoutingDecision.MODERATION.equals(d.outcome())) {
                moderated++;
                if (s.assignedAt() != null) {
                    assigned++;
                    var received = d.input().receivedAt().atZoneSameInstant(m.zone());
                    Duration t = deadlines.calculator().workingTimeBetween(received,
                            s.assignedAt().atZoneSameInstant(m.zone()), m.workingHours(), m.zone());
                    moderationHours.add(t.toMinutes() / 60.0);
                }
                if (s.declined()) {
                    declined++;
                } else if (s.holder() == null && !s.open()) {
                    answeredUndistributed++; // answered from the coordinator's desk before anyone was assigned
                }
                // Waiting as the moderation queue says: open, and nobody holds it (a forward gives it a holder too)
                if (s.holder() == null && s.open()) {
                    waiting++;
                    var moderation = ItemLifecycle.moderationDeadline(d, deadlines, m); // as the queue counts it
                    if (moderation != null && at.toOffsetDateTime().isAfter(moderation.dueAt())) {
                        waitingOverdue++;
                    }
                    if ("OVERDUE".equals(f.status())) { // the answer's term is over too: the citizen has no answer
                        waitingAnswerOverdue++;
                    }
                }
            }
            // As the weekly note: one answered unassigned counts for the desk; one declined, for no one
            // One still waiting past its answer's term is the coordinator's, who has not distributed it: on a row of its
            // own, as the weekly note's overdue table has it
            boolean undistributed = f.waiting() && "OVERDUE".equals(f.status());
            if ((!f.waiting() || undistributed) && !ItemFacts.DECLINED.equals(f.status())) {
                PerRecipient p = byRecipient.computeIfAbsent(new Row(f.holder(), undistributed), h -> new PerRecipient());
                p.received++;
                p.extensions += s.extensions();
                switch (f.status()) {
                    case "ANSWERED" -> p.onTime++;
                    case "ANSWERED_LATE" -> p.late++;
                    case "OVERDUE" -> p.openOverdue++;
                    default -> p.open++;
                }
            }
            // The citizen's last mark as the rating sheet takes it (same order of events, a mark of no answer left out)
            String mark = summary.satisfaction();
            if (mark != null) {
                switch (mark) {
                    case "SATISFIED" -> satisfied++;
                    case "NEUTRAL" -> neutral++;
                    default -> dissatisfied++;
                }
            }
        }
        double meanModeration = moderationHours.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        String notice = PeriodNotice.of(PeriodNotice.MONTH, month.atDay(1).atStartOfDay(at.getZone()),
                month.plusMonths(1).atDay(1).atStartOfDay(at.getZone()), at);
        if (notice != null) {
            doc.line(notice);
        }
        doc.line("Поступило сообщений и обращений: " + decisions.size() + ".");
        doc.line("На ручное распределение (модерацию) передано: " + moderated + "; распределено координатором: " + assigned
                + "; ожидают распределения: " + waiting + (waitingOverdue > 0 ? ", из них с нарушением срока модерации: "
                        + waitingOverdue : "") + (waitingAnswerOverdue > 0 ? ", с истёкшим сроком ответа: "
                                + waitingAnswerOverdue : "") + (declined > 0 ? "; отклонено при модерации: " + declined : "") + ".");
        doc.line(moderated == 0 ? "Среднее время распределения: сообщений на распределение не поступало."
                : assigned == 0 ? "Среднее время распределения: координатор не распределил ни одного сообщения."
                : "Среднее время распределения: " + String.format(new Locale("ru"), "%.1f", meanModeration)
                        + " рабочих часа (от поступления до назначения исполнителя).");
        if (answeredUndistributed > 0) {
            // The two tables then differ: say why rather than leave a reader to find the item missing from one
            doc.line("Ответ дан до распределения (от имени координатора): " + answeredUndistributed + "; в таблице"
                    + " исполнения они указаны у координатора, в рейтинге не учитываются.");
        }
        doc.line("Продлений срока рассмотрения обращений по 59-ФЗ (ст. 12, ч. 2): " + extensions + ".");
        if (provisional > 0) {
            doc.line(ItemFacts.provisionalLine(provisional));
        }
        doc.line("Оценки граждан: довольны — " + satisfied + ", нейтрально — " + neutral + ", недовольны — " + dissatisfied + ".");

        doc.table("Поступление по каналам", "Каналы", List.of("Канал", "Поступило"), counts(byChannel));
        doc.table("Поступление по категориям", "Категории", List.of("Категория", "Поступило"), counts(byCategory));
        List<List<String>> rows = new ArrayList<>();
        byRecipient.forEach((row, p) -> {
            String id = row.recipientId();
            rows.add(List.of(m.recipient(id).map(r -> r.name()).orElse(id) + (row.undistributed() ? " (не распределено)" : ""), id,
                String.valueOf(p.received), String.valueOf(p.onTime), String.valueOf(p.late), String.valueOf(p.openOverdue),
                String.valueOf(p.open), String.valueOf(p.extensions)));
        });
        doc.table("Исполнение по ответственным получателям", "Исполнители", List.of("Получатель", "Код", "Поступило",
                "Отвечено в срок", "Отвечено с нарушением срока", "Не отвечено, срок истёк", "В работе, срок не истёк",
                "Продлений срока"), rows, java.util.Set.of(0, 1));
        doc.table(RatingTable.TITLE, "Рейтинг", RatingTable.HEADERS, RatingTable.rows(rating.apply(summaries)),
                RatingTable.TEXT_COLUMNS);
        return doc;
    }

    /** A row of the «Исполнители» sheet: a recipient's items, or the coordinator's undistributed ones past their term. */
    private record Row(String recipientId, boolean undistributed) implements Comparable<Row> {
        @Override
        public int compareTo(Row o) {
            int c = recipientId.compareTo(o.recipientId);
            return c != 0 ? c : Boolean.compare(undistributed, o.undistributed);
        }
    }

    private static List<List<String>> counts(Map<String, Long> counts) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(e -> List.of(e.getKey(), String.valueOf(e.getValue()))).toList();
    }
}
