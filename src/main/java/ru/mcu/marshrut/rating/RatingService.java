package ru.mcu.marshrut.rating;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import ru.mcu.marshrut.MarshrutConfig;
import ru.mcu.marshrut.deadlines.DeadlineService;
import ru.mcu.marshrut.events.ItemSummary;
import ru.mcu.marshrut.municipalities.Municipality;
import ru.mcu.marshrut.recipients.Recipient;
import ru.mcu.marshrut.routing.DecisionStore;

/** Ratings of a municipality's recipients for a period, from the summaries of the items received in it. */
@ApplicationScoped
public class RatingService {

    private final DecisionStore decisions;
    private final ru.mcu.marshrut.events.EventService lifecycle;
    private final DeadlineService deadlines;
    private final RatingFormulaRegistry formulas;
    private final int minItems;

    public RatingService(DecisionStore decisions, ru.mcu.marshrut.events.EventService lifecycle,
            DeadlineService deadlines, MarshrutConfig config, RatingFormulaRegistry formulas) {
        this.decisions = decisions;
        this.lifecycle = lifecycle;
        this.deadlines = deadlines;
        this.formulas = formulas;
        this.minItems = config.rating().minItems();
    }

    public List<Ratings.Row> rate(Municipality m, RatingPeriod p) {
        return rate(m, p, ChannelGroup.ALL);
    }

    /** The rating of the items of one channel group received in the period, by the municipality's formula. */
    public List<Ratings.Row> rate(Municipality m, RatingPeriod p, ChannelGroup group) {
        return rated(m, p, group).rows();
    }

    /**
     * A rating, and how many of the items it rated (those with a holder) have a due date counted on a provisional
     * year: their timeliness may change once that year's official calendar is loaded.
     */
    public record Rated(List<Ratings.Row> rows, int provisionalItems) {
    }

    /** {@link #rate}, with the count of items judged on a provisional due date. */
    public Rated rated(Municipality m, RatingPeriod p, ChannelGroup group) {
        PeriodItems period = periodItems(m, p, group);
        List<Ratings.Row> rows = rank(m, period.items(), period.end());
        return new Rated(rows, rows.stream().mapToInt(Ratings.Row::provisionalItems).sum());
    }

    /**
     * The period's figures per recipient, as the rating counts them, without the formula: the recipient registry shows
     * them, and a formula that fails on them (activated, then meeting figures its checks did not try) must not take the
     * registry down with the rating.
     */
    public Map<String, RatingMetrics> figures(Municipality m, RatingPeriod p) {
        PeriodItems period = periodItems(m, p, ChannelGroup.ALL);
        return metrics(m, period.items(), period.end());
    }

    /** The items a period rates, and the moment they are judged at (its end, or now while it runs). */
    private record PeriodItems(List<ItemSummary> items, OffsetDateTime end) {
    }

    private PeriodItems periodItems(Municipality m, RatingPeriod p, ChannelGroup group) {
        // Timeliness is counted on the production calendar: a period it does not cover cannot be rated, even when
        // it is empty (CalendarRangeException, answered 422 naming the period).
        var calendar = deadlines.calculator().calendar();
        calendar.isWorkingDay(p.from().atZone(m.zone()).toLocalDate());
        calendar.isWorkingDay(p.to().minusSeconds(1).atZone(m.zone()).toLocalDate());
        // Summaries, not replays: each item's numbers were computed when its events were recorded (replayed below only
        // where a period that has ended needs them as they stood then).
        List<ItemSummary> items = new ArrayList<>();
        decisions.forEachIds(m.id(), p.from(), p.to(), ids -> lifecycle.summaries(ids).forEach(s -> {
            var at = s.receivedAt().toInstant();
            if (!at.isBefore(p.from()) && at.isBefore(p.to()) && group.includes(s.channel())) {
                items.add(s);
            }
        }));
        // Unanswered items are overdue if their due date passed by the period's end — or by now, while the period
        // runs: an item still within its term is not overdue because the week or month has days left.
        java.time.Instant end = p.to().isAfter(java.time.Instant.now()) ? java.time.Instant.now() : p.to();
        if (end.equals(p.to())) {
            // A period that has ended is rated as its items stood at its end, as the weekly note and the monthly report
            // replay them: an item forwarded since stays charged to whoever held it then, a return or a mark since is
            // left out. Only an item with an event at or after the end can differ from its summary; the replay takes
            // the events before the end's instant (an event at 00:00 of the next month is the next month's).
            java.time.Instant last = p.to().minusNanos(1);
            items.replaceAll(s -> s.lastEventAt() == null || s.lastEventAt().toInstant().isBefore(p.to()) ? s
                    : decisions.find(s.decisionId()).map(d -> atEnd(d, last, s)).orElse(s));
        }
        return new PeriodItems(items, OffsetDateTime.ofInstant(end, ZoneOffset.UTC));
    }

    /** The item as it stood at {@code at}; as summarized now when today's calendars cannot count it (one item, not the rating). */
    private ItemSummary atEnd(ru.mcu.marshrut.routing.RoutingDecision d, java.time.Instant at, ItemSummary now) {
        try {
            return lifecycle.summaryAt(d, at);
        } catch (ru.mcu.marshrut.deadlines.CalendarRangeException e) {
            return now;
        }
    }

    /**
     * The rating of these items as summarized at {@code end} (unanswered ones are overdue if due before it): the
     * monthly report's, whose summaries are its items replayed to the month's end. An item one of them repeats is
     * looked up among them first, then as it stood at {@code end}: an original forwarded after the period stays charged
     * to whoever held it then, so an ended period's rating does not change.
     */
    public List<Ratings.Row> rank(Municipality m, List<ItemSummary> items, OffsetDateTime end) {
        Map<String, RatingMetrics> metrics = metrics(m, items, end);
        Map<String, String> names = m.recipients().values().stream().collect(Collectors.toMap(Recipient::id, Recipient::name));
        Map<String, Integer> provisional = new java.util.HashMap<>();
        items.stream().filter(s -> s.holder() != null && s.dueProvisional())
                .forEach(s -> provisional.merge(s.holder(), 1, Integer::sum));
        return Ratings.rank(metrics, names, formulas.formula(m.id()), minItems, provisional);
    }

    private Map<String, RatingMetrics> metrics(Municipality m, List<ItemSummary> items, OffsetDateTime end) {
        Map<String, ItemSummary> given = new java.util.HashMap<>();
        items.forEach(s -> given.put(s.itemId(), s));
        return RatingMetrics.collect(items, id -> given.containsKey(id)
                ? java.util.Optional.of(given.get(id)) : decisions.findByItemId(m.id(), id)
                        // (an item whose summary cannot be counted on the loaded calendars is none: see EventService.summaries)
                        .flatMap(d -> lifecycle.summaries(List.of(d.decisionId())).stream().findFirst()
                                .map(now -> asAt(d, now, end.toInstant()))), end);
    }

    /** The item as it stood just before {@code end}, when it has changed since (else as summarized now). */
    private ItemSummary asAt(ru.mcu.marshrut.routing.RoutingDecision d, ItemSummary now, java.time.Instant end) {
        return now.lastEventAt() == null || now.lastEventAt().toInstant().isBefore(end) ? now
                : atEnd(d, end.minusNanos(1), now);
    }

    public int minItems() {
        return minItems;
    }

    public String formulaHash(Municipality m) {
        return formulas.formula(m.id()).hash();
    }
}
