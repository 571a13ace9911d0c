package ru.mcu.marshrut.api;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import ru.mcu.marshrut.deadlines.CalendarRangeException;
import ru.mcu.marshrut.deadlines.DeadlineService;
import ru.mcu.marshrut.events.EventStore;
import ru.mcu.marshrut.municipalities.Municipality;
import ru.mcu.marshrut.rating.RatingPeriod;
import ru.mcu.marshrut.rating.RatingService;
import ru.mcu.marshrut.reports.ItemFacts;
import ru.mcu.marshrut.reports.WeeklyNote;
import ru.mcu.marshrut.routing.DecisionStore;
import ru.mcu.marshrut.security.Access;
import ru.mcu.marshrut.security.Roles;

/** What the decrees ask the МЦУ to produce: the weekly note for the head and the heat map of problems. */
@Path("/api/v1/municipalities/{municipality}")
public class ReportResource {

    private static final String XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final Access access;
    private final DecisionStore decisions;
    private final EventStore events;
    private final DeadlineService deadlines;
    private final RatingService ratings;
    private final ru.mcu.marshrut.reports.ReportTemplates templates;

    public ReportResource(Access access, DecisionStore decisions, EventStore events, DeadlineService deadlines,
            RatingService ratings, ru.mcu.marshrut.reports.ReportTemplates templates) {
        this.templates = templates;
        this.access = access;
        this.decisions = decisions;
        this.events = events;
        this.deadlines = deadlines;
        this.ratings = ratings;
    }

    @GET
    @Path("reports/weekly")
    @RolesAllowed({ Roles.ADMIN, Roles.AUDITOR, Roles.CENTRE })
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "200", description = "The weekly note (Markdown or HTML)", content = { @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "text/markdown", schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)), @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "text/html", schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)) })
    public Response weekly(@PathParam("municipality") String municipality, @QueryParam("week") String week,
            @QueryParam("format") String format, @HeaderParam("Accept") String accept) {
        Municipality m = access.municipality(municipality);
        String f = format == null ? null : format.strip(); // as the monthly report's
        if (f != null && !f.equalsIgnoreCase("html") && !f.equalsIgnoreCase("md")) {
            throw ProblemException.invalid("format", "must be html or md (got \"" + format + "\")");
        }
        boolean html = (f != null ? f
                : AcceptHeader.format(accept, List.of("md", "html"), List.of("text/markdown", "text/html"))).equalsIgnoreCase("html");
        if (week == null || week.isBlank()) {
            throw ProblemException.invalid("week", "is required: an ISO week such as 2026-W12");
        }
        if (!week.strip().matches("\\d{4}-[Ww]\\d{2}")) {
            throw ProblemException.invalid("week", "must be an ISO week such as 2026-W12 (got \"" + week + "\")");
        }
        PeriodBoundary.requireSupported("week", week, Integer.parseInt(week.strip().substring(0, 4)));
        RatingPeriod p;
        try {
            p = RatingPeriod.parse(week.strip().toUpperCase(java.util.Locale.ROOT), m.zone());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("week", e.getMessage() + " (got \"" + week + "\")");
        }
        Instant prevFrom = p.from().minus(java.time.Duration.ofDays(7));
        try {
            // A week the production calendars do not cover cannot be judged on time or late, even if it is empty
            deadlines.calculator().calendar().isWorkingDay(p.from().atZone(m.zone()).toLocalDate());
            deadlines.calculator().calendar().isWorkingDay(p.to().minusSeconds(1).atZone(m.zone()).toLocalDate());
            Week items = week(m, p.from(), p.to());
            WeeklyNote note = WeeklyNote.build(m.name(), p.label(), p.from().atZone(m.zone()).toLocalDate(),
                    p.to().atZone(m.zone()).toLocalDate().minusDays(1), items.at(), items.facts(),
                    facts(m, prevFrom, p.from()), ratings.rank(m, items.summaries(), items.at().toOffsetDateTime()),
                    id -> m.recipient(id).map(r -> r.name()).orElse(id));
            return AcceptHeader.negotiated(html ? Response.ok(templates.html(note.document()), "text/html; charset=UTF-8").build()
                    : Response.ok(templates.markdown(note.document()), "text/markdown; charset=UTF-8").build(), format);
        } catch (CalendarRangeException e) {
            throw ProblemException.unprocessable("week", e.getMessage());
        }
    }

    /** Petrovsk §4.4, Lovozero §4.1–4.2: the month's report for the regional ЦУР, XLSX or HTML. */
    @GET
    @Path("reports/monthly")
    @RolesAllowed({ Roles.ADMIN, Roles.AUDITOR, Roles.CENTRE })
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "200", description = "The monthly report (XLSX or HTML)", content = { @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING, format = "binary")), @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "text/html", schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)) })
    public Response monthly(@PathParam("municipality") String municipality, @QueryParam("month") String month,
            @QueryParam("format") String format, @HeaderParam("Accept") String accept) {
        Municipality m = access.municipality(municipality);
        String f = format != null ? format.strip().toLowerCase()
                : AcceptHeader.format(accept, List.of("html", "xlsx"), List.of("text/html", XLSX_TYPE));
        if (!f.equals("html") && !f.equals("xlsx")) {
            throw ProblemException.invalid("format", "must be xlsx or html (got \"" + format + "\")");
        }
        if (month == null || month.isBlank()) {
            throw ProblemException.invalid("month", "is required: a month such as 2026-03");
        }
        java.time.YearMonth ym;
        try {
            ym = java.time.YearMonth.parse(month.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw ProblemException.invalid("month", "must be a month such as 2026-03 (got \"" + month + "\")");
        }
        PeriodBoundary.requireSupported("month", month, ym.getYear());
        RatingPeriod p = RatingPeriod.parse(ym.toString(), m.zone());
        ZonedDateTime at = asOf(m, p.to());
        List<ru.mcu.marshrut.routing.RoutingDecision> items = new ArrayList<>();
        ru.mcu.marshrut.reports.ReportDocument doc;
        try {
            // A month the production calendars do not cover cannot be judged on time or late, even if it is empty.
            deadlines.calculator().calendar().isWorkingDay(ym.atDay(1));
            deadlines.calculator().calendar().isWorkingDay(ym.atEndOfMonth());
            decisions.forEach(m.id(), p.from(), p.to(), items::add);
            doc = ru.mcu.marshrut.reports.MonthlyReport.build(m, ym, items, d -> events.ofItem(m.id(), d.itemId()), deadlines,
                    summaries -> ratings.rank(m, summaries, at.toOffsetDateTime()), at);
        } catch (CalendarRangeException e) {
            throw ProblemException.unprocessable("month", e.getMessage());
        }
        String name = "monthly-" + m.id() + "-" + ym;
        return AcceptHeader.negotiated(f.equals("xlsx")
                ? Response.ok(doc.xlsx(), XLSX_TYPE)
                        .header("Content-Disposition", "attachment; filename=\"" + name + ".xlsx\"").build()
                : Response.ok(templates.html(doc), "text/html; charset=UTF-8").build(), format);
    }

    @GET
    @Path("heatmap")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ADMIN, Roles.AUDITOR, Roles.CENTRE })
    public HeatMap heatmap(@PathParam("municipality") String municipality, @QueryParam("from") String from,
            @QueryParam("to") String to) {
        Municipality m = access.municipality(municipality);
        Instant f = PeriodBoundary.parse("from", from, m.zone()), t = PeriodBoundary.parse("to", to, m.zone());
        if (!f.isBefore(t)) {
            throw ProblemException.invalid("to", "must be after from");
        }
        // Every item of the range is replayed and held at once: a year of a large municipality is seconds, a century
        // would be minutes and the heap (the rating stops at a quarter)
        if (t.isAfter(f.atZone(m.zone()).plusYears(1).toInstant())) {
            throw ProblemException.invalid("to", "must be at most a year after from");
        }
        List<ItemFacts> facts;
        try {
            facts = facts(m, f, t);
        } catch (CalendarRangeException e) {
            throw ProblemException.unprocessable("to", e.getMessage());
        }
        Map<String, Long> counts = facts.stream().collect(Collectors.groupingBy(
                x -> x.category() + '\u0000' + x.oktmo() + '\u0000' + x.status(), TreeMap::new, Collectors.counting()));
        List<HeatCell> cells = new ArrayList<>();
        counts.forEach((k, n) -> {
            String[] c = k.split("\u0000");
            cells.add(new HeatCell(c[0], c[1], c[2], n));
        });
        return new HeatMap(m.id(), f.toString(), t.toString(), facts.size(),
                facts.stream().map(ItemFacts::category).distinct().sorted().toList(),
                facts.stream().map(ItemFacts::oktmo).distinct().sorted().toList(), cells,
                (int) facts.stream().filter(ItemFacts::provisional).count());
    }

    /** Items received in [from, to) counted by category × territory (ОКТМО) × status. */
    public record HeatMap(String municipality, String from, String to, int total, List<String> categories,
            List<String> territories, List<HeatCell> cells,
            @org.eclipse.microprofile.openapi.annotations.media.Schema(description = "How many of the items have their"
                    + " status judged on a due date counted on a year whose official production calendar is not loaded"
                    + " (the answer's, or the coordinator's while the item waits): it may change once it is. Absent"
                    + " when none.")
            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_DEFAULT)
            int provisionalItems) {
    }

    public record HeatCell(String category, String oktmo, String status, long count) {
    }

    /** Items received in [from, to), with their status as of {@code to} (or now, if earlier). */
    /**
     * The moment a period's items are reported as of: its very end (the last instant before the next period, so an
     * event in its last second is in, as in the ratings endpoint), or now while it runs.
     */
    private static ZonedDateTime asOf(Municipality m, Instant to) {
        Instant now = Instant.now();
        return (to.isBefore(now) ? to.minusNanos(1) : now).atZone(m.zone());
    }

    private List<ItemFacts> facts(Municipality m, Instant from, Instant to) {
        ZonedDateTime at = asOf(m, to);
        List<ItemFacts> out = new ArrayList<>();
        decisions.forEach(m.id(), from, to, d -> out.add(ItemFacts.of(d, events.ofItem(m.id(), d.itemId()), deadlines, m, at)));
        return out;
    }

    /** A week's items as they stood at its end (or now): for its tables, and summarized for its rating. */
    private record Week(List<ItemFacts> facts, List<ru.mcu.marshrut.events.ItemSummary> summaries, ZonedDateTime at) {
    }

    private Week week(Municipality m, Instant from, Instant to) {
        ZonedDateTime at = asOf(m, to);
        List<ItemFacts> facts = new ArrayList<>();
        List<ru.mcu.marshrut.events.ItemSummary> summaries = new ArrayList<>();
        decisions.forEach(m.id(), from, to, d -> {
            var until = ru.mcu.marshrut.events.ItemLifecycle.until(events.ofItem(m.id(), d.itemId()), at.toInstant());
            var state = ru.mcu.marshrut.events.ItemLifecycle.replay(d, until, deadlines, m);
            facts.add(ItemFacts.of(d, state, deadlines, m, at));
            summaries.add(ru.mcu.marshrut.events.ItemSummary.of(d, state, until, deadlines.calculator(), m));
        });
        return new Week(facts, summaries, at);
    }
}
