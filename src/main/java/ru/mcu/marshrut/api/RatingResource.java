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
    public Response ratings(@PathParam("municipality") String municipality, @QueryParam("period") String period,
            @QueryParam("format") String format) {
        Municipality m = access.municipality(municipality);
        if (format != null && !format.equalsIgnoreCase("csv") && !format.equalsIgnoreCase("json")) {
            throw ProblemException.invalid("format", "must be json or csv (got \"" + format + "\")");
        }
        RatingPeriod p;
        try {
            p = RatingPeriod.parse(period, m.zone());
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw ProblemException.invalid("period", e.getMessage() + " (got \"" + period + "\")");
        }
        List<Ratings.Row> rows = ratings.rate(m, p);
        if (format != null && format.equalsIgnoreCase("csv")) {
            return Response.ok(csv(rows), "text/csv; charset=UTF-8")
                    .header("Content-Disposition", "attachment; filename=\"rating-" + m.id() + "-" + p.label() + ".csv\"").build();
        }
        return Response.ok(Map.of("municipality", m.id(), "period", p.label(), "from", p.from().toString(), "to",
                p.to().toString(), "minItems", ratings.minItems(), "formulaHash", ratings.formulaHash(), "recipients", rows))
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
