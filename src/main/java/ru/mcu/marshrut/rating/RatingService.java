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
import ru.mcu.marshrut.events.EventStore;
import ru.mcu.marshrut.municipalities.Municipality;
import ru.mcu.marshrut.recipients.Recipient;
import ru.mcu.marshrut.routing.DecisionStore;
import ru.mcu.marshrut.routing.RoutingDecision;

/** Ratings of a municipality's recipients for a period, from the audit log and the events. */
@ApplicationScoped
public class RatingService {

    private final DecisionStore decisions;
    private final EventStore events;
    private final ru.mcu.marshrut.events.EventService lifecycle;
    private final DeadlineService deadlines;
    private final RatingFormulaRegistry formulas;
    private final int minItems;

    public RatingService(DecisionStore decisions, EventStore events, ru.mcu.marshrut.events.EventService lifecycle,
            DeadlineService deadlines, MarshrutConfig config, RatingFormulaRegistry formulas) {
        this.decisions = decisions;
        this.events = events;
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
        // Timeliness is counted on the production calendar: a period it does not cover cannot be rated, even when
        // it is empty (CalendarRangeException, answered 422 naming the period).
        var calendar = deadlines.calculator().calendar();
        calendar.isWorkingDay(p.from().atZone(m.zone()).toLocalDate());
        calendar.isWorkingDay(p.to().minusSeconds(1).atZone(m.zone()).toLocalDate());
        List<RoutingDecision> items = new ArrayList<>();
        decisions.forEach(m.id(), p.from(), p.to(), d -> {
            if (group.includes(d.input().channel())) {
                items.add(d);
            }
        });
        Map<String, RatingMetrics> metrics = RatingMetrics.collect(items, lifecycle::state,
                d -> events.ofItem(m.id(), d.itemId()), id -> decisions.findByItemId(m.id(), id),
                deadlines.calculator(), m, OffsetDateTime.ofInstant(p.to(), ZoneOffset.UTC));
        Map<String, String> names = m.recipients().values().stream().collect(Collectors.toMap(Recipient::id, Recipient::name));
        return Ratings.rank(metrics, names, formulas.formula(m.id()), minItems);
    }

    public int minItems() {
        return minItems;
    }

    public String formulaHash(Municipality m) {
        return formulas.formula(m.id()).hash();
    }
}
