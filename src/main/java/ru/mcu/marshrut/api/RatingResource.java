package ru.mcu.marshrut.api;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import ru.mcu.marshrut.MarshrutConfig;
import ru.mcu.marshrut.audit.DecisionStore;
import ru.mcu.marshrut.deadlines.DeadlineService;
import ru.mcu.marshrut.events.EventStore;
import ru.mcu.marshrut.municipalities.Municipality;
import ru.mcu.marshrut.municipalities.MunicipalityCatalog;
import ru.mcu.marshrut.municipalities.Recipient;
import ru.mcu.marshrut.rating.RatingFormula;
import ru.mcu.marshrut.rating.RatingMetrics;
import ru.mcu.marshrut.rating.RatingPeriod;
import ru.mcu.marshrut.rating.Ratings;
import ru.mcu.marshrut.routing.RoutingDecision;

/** The МЦУ rating of recipients for a week, month or quarter, by the formula in decisions/rating.dmn. */
@Path("/api/v1/municipalities/{municipality}/ratings")
public class RatingResource {

    private final MunicipalityCatalog municipalities;
    private final DecisionStore decisions;
    private final EventStore events;
    private final DeadlineService deadlines;
    private final RatingFormula formula = RatingFormula.load();
    private final int minItems;

    public RatingResource(MunicipalityCatalog municipalities, DecisionStore decisions, EventStore events,
            DeadlineService deadlines, MarshrutConfig config) {
        this.municipalities = municipalities;
        this.decisions = decisions;
        this.events = events;
        this.deadlines = deadlines;
        this.minItems = config.rating().minItems();
    }

    @GET
    public Response ratings(@PathParam("municipality") String municipality, @QueryParam("period") String period,
            @QueryParam("format") String format) {
        Municipality m = Lookups.municipality(municipalities, municipality);
        if (format != null && !format.equalsIgnoreCase("csv") && !format.equalsIgnoreCase("json")) {
            throw ProblemException.invalid("format", "must be json or csv (got \"" + format + "\")");
        }
        RatingPeriod p;
        try {
            p = RatingPeriod.parse(period, m.zone());
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw ProblemException.invalid("period", e.getMessage() + " (got \"" + period + "\")");
        }
        List<RoutingDecision> items = new ArrayList<>();
        decisions.forEach(m.id(), p.from(), p.to(), items::add);
        Map<String, RatingMetrics> metrics = RatingMetrics.collect(items, events::ofItem, deadlines.calculator(), m,
                OffsetDateTime.ofInstant(p.to(), ZoneOffset.UTC));
        Map<String, String> names = m.recipients().values().stream().collect(Collectors.toMap(Recipient::id, Recipient::name));
        List<Ratings.Row> rows = Ratings.rank(metrics, names, formula, minItems);
        if (format != null && format.equalsIgnoreCase("csv")) {
            return Response.ok(csv(rows), "text/csv; charset=UTF-8")
                    .header("Content-Disposition", "attachment; filename=\"rating-" + m.id() + "-" + p.label() + ".csv\"").build();
        }
        return Response.ok(Map.of("municipality", m.id(), "period", p.label(), "from", p.from().toString(), "to",
                p.to().toString(), "minItems", minItems, "formulaHash", formula.hash(), "recipients", rows))
                .type("application/json").build();
    }

    static String csv(List<Ratings.Row> rows) {
        StringBuilder b = new StringBuilder("\uFEFFrank,recipientId,recipientName,score,grade,timeliness,quality,satisfaction,"
                + "received,answered,answeredOnTime,overdue,meanAnswerHours,p90AnswerHours,returnedForRework,satisfied,neutral,dissatisfied\r\n");
        for (Ratings.Row r : rows) {
            var n = r.numbers();
            b.append(r.rank() == null ? "" : r.rank()).append(',').append(r.recipientId()).append(",\"")
                    .append(r.recipientName().replace("\"", "\"\"")).append("\",").append(r.score()).append(',')
                    .append(r.grade()).append(',').append(r.components().get("timeliness")).append(',')
                    .append(r.components().get("quality")).append(',').append(r.components().get("satisfaction")).append(',')
                    .append(n.received()).append(',').append(n.answered()).append(',').append(n.answeredOnTime()).append(',')
                    .append(n.overdue()).append(',').append(n.meanAnswerHours()).append(',').append(n.p90AnswerHours())
                    .append(',').append(n.returnedForRework()).append(',').append(n.satisfied()).append(',')
                    .append(n.neutral()).append(',').append(n.dissatisfied()).append("\r\n");
        }
        return b.toString();
    }
}
