package ru.mcu.marshrut.api;

import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import ru.mcu.marshrut.municipalities.Municipality;
import ru.mcu.marshrut.rating.ChannelGroup;
import ru.mcu.marshrut.rating.RatingPeriod;
import ru.mcu.marshrut.rating.RatingService;
import ru.mcu.marshrut.rating.Ratings;
import ru.mcu.marshrut.security.Access;
import ru.mcu.marshrut.security.Roles;

/** The МЦУ rating of recipients for a week, month or quarter, by the formula in decisions/rating.dmn. */
@Path("/api/v1/municipalities/{municipality}/ratings")
public class RatingResource {

    private final Access access;
    private final RatingService ratings;

    public RatingResource(Access access, RatingService ratings) {
        this.access = access;
        this.ratings = ratings;
    }

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.AUDITOR, Roles.CENTRE })
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "200", description = "Recipients ranked by the active rating formula; CSV with ?format=csv or an Accept preferring text/csv", content = { @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "application/json", schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(implementation = RatingsReport.class)), @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "text/csv", schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)) })
    public Response ratings(@PathParam("municipality") String municipality, @QueryParam("period") String period,
            @QueryParam("channels") String channels, @QueryParam("format") String format,
            @jakarta.ws.rs.HeaderParam("Accept") String accept) {
        Municipality m = access.municipality(municipality);
        String f = format == null ? null : format.strip(); // as the reports' formats
        if (f != null && !f.equalsIgnoreCase("csv") && !f.equalsIgnoreCase("json")) {
            throw ProblemException.invalid("format", "must be json or csv (got \"" + format + "\")");
        }
        boolean csv = (f != null ? f
                : AcceptHeader.format(accept, List.of("json", "csv"), List.of("application/json", "text/csv"))).equalsIgnoreCase("csv");
        if (period == null || period.isBlank()) {
            throw ProblemException.invalid("period", "is required: an ISO week (2026-W12), a month (2026-03) or a quarter"
                    + " (2026-Q1)");
        }
        // 2026-w12 and 2026-q1 as the weekly report reads its week; years the calendars can hold, as every date here
        String written = period.strip().toUpperCase(java.util.Locale.ROOT);
        if (written.matches("\\d{4}-.*")) {
            PeriodBoundary.requireSupported("period", period, Integer.parseInt(written.substring(0, 4)));
        }
        RatingPeriod p;
        try {
            p = RatingPeriod.parse(written, m.zone());
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw ProblemException.invalid("period", e.getMessage() + " (got \"" + period + "\")");
        }
        ChannelGroup group;
        try {
            group = channels == null || channels.isBlank() ? ChannelGroup.ALL : ChannelGroup.valueOf(channels.strip().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("channels", "must be one of " + java.util.Arrays.toString(ChannelGroup.values())
                    + " (got \"" + channels + "\")");
        }
        ru.mcu.marshrut.rating.RatingService.Rated rated;
        try {
            rated = ratings.rated(m, p, group);
        } catch (ru.mcu.marshrut.deadlines.CalendarRangeException e) {
            throw ProblemException.unprocessable("period", e.getMessage());
        }
        List<Ratings.Row> rows = rated.rows();
        if (csv) {
            return AcceptHeader.negotiated(Response.ok(csv(rows), "text/csv; charset=UTF-8")
                    .header("Content-Disposition", "attachment; filename=\"rating-" + m.id() + "-" + p.label() + "-"
                            + group.name().toLowerCase() + ".csv\"").build(), format);
        }
        return AcceptHeader.negotiated(Response.ok(new RatingsReport(m.id(), p.label(), p.from().toString(),
                p.to().toString(), group, group.title(), ratings.minItems(), ratings.formulaHash(m), rows,
                rated.provisionalItems())).type("application/json").build(), format);
    }

    /**
     * A period's ratings: recipients ranked by score (those with fewer than {@code minItems} items are listed
     * unranked), computed by the formula of {@code formulaHash}.
     */
    public record RatingsReport(String municipality, String period, String from, String to, ChannelGroup channels,
            String channelsTitle, int minItems, String formulaHash, List<Ratings.Row> recipients,
            @org.eclipse.microprofile.openapi.annotations.media.Schema(description = "How many of the rated items (those"
                    + " with a holder) have a due date counted on a year whose official production calendar is not loaded:"
                    + " whether they were answered in time may change once it is. Absent when none.")
            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_DEFAULT)
            int provisionalItems) {
    }

    static String csv(List<Ratings.Row> rows) {
        StringBuilder b = new StringBuilder("\uFEFFrank,recipientId,recipientName,score,grade,timeliness,quality,quantity,speed,"
                + "satisfaction,received,answered,answeredOnTime,overdue,meanAnswerHours,p90AnswerHours,meanUsedShare,"
                + "returnedForRework,repeated,satisfied,neutral,dissatisfied,provisionalItems\r\n");
        for (Ratings.Row r : rows) {
            var n = r.numbers();
            b.append(r.rank() == null ? "" : r.rank()).append(',').append(csvText(r.recipientId())).append(',')
                    .append(csvText(r.recipientName())).append(',').append(value(r.score())).append(',')
                    // the grade is the formula's text (a custom formula's may hold a comma or start with "=")
                    .append(r.grade() == null ? "" : csvText(r.grade())).append(',')
                    .append(value(r.components().get("timeliness"))).append(',')
                    .append(value(r.components().get("quality"))).append(',').append(value(r.components().get("quantity")))
                    .append(',').append(value(r.components().get("speed"))).append(',')
                    .append(value(r.components().get("satisfaction"))).append(',')
                    .append(n.received()).append(',').append(n.answered()).append(',').append(n.answeredOnTime()).append(',')
                    .append(n.overdue()).append(',').append(n.meanAnswerHours()).append(',').append(n.p90AnswerHours())
                    .append(',').append(n.meanUsedShare()).append(',').append(n.returnedForRework()).append(',')
                    .append(n.repeated()).append(',').append(n.satisfied()).append(',')
                    .append(n.neutral()).append(',').append(n.dissatisfied()).append(',').append(r.provisionalItems())
                    .append("\r\n");
        }
        return b.toString();
    }

    /** A number as written, or an empty field when the formula gave none (not the text "null"). */
    private static String value(Object v) {
        return v == null ? "" : v.toString();
    }

    /** A quoted CSV text field, with the formula-injection guard of every export (a name starting "=" stays text). */
    static String csvText(String v) {
        return "\"" + ru.mcu.marshrut.rulesets.FormulaGuard.escape(v == null ? "" : v).replace("\"", "\"\"") + "\"";
    }
}
