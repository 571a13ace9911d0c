package ru.mcu.marshrut.api;

import java.time.OffsetDateTime;
import java.util.Arrays;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.ObjectMapper;

import ru.mcu.marshrut.deadlines.CalendarRangeException;
import ru.mcu.marshrut.deadlines.DayOffRule;
import ru.mcu.marshrut.deadlines.Deadline;
import ru.mcu.marshrut.deadlines.DeadlineClass;
import ru.mcu.marshrut.deadlines.DeadlineService;
import ru.mcu.marshrut.municipalities.Municipality;
import ru.mcu.marshrut.municipalities.MunicipalityCatalog;
import ru.mcu.marshrut.security.Access;
import ru.mcu.marshrut.security.Roles;

/** Computes a due date directly: by amount and unit, or by deadline class. */
@Path("/api/v1/deadlines")
@Produces(MediaType.APPLICATION_JSON)
public class DeadlineResource {

    private static final java.util.List<String> UNITS = java.util.List.of("CALENDAR_DAYS", "WORKING_DAYS", "WORKING_HOURS");

    private final DeadlineService deadlines;
    private final MunicipalityCatalog municipalities;
    private final ObjectMapper json;
    private final Access access;

    public DeadlineResource(DeadlineService deadlines, MunicipalityCatalog municipalities, ObjectMapper json,
            Access access) {
        this.deadlines = deadlines;
        this.municipalities = municipalities;
        this.json = json;
        this.access = access;
    }

    /** A calculator over public calendars, but in a municipality's settings: the caller's municipalities only. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.PLATFORM, Roles.COORDINATOR, Roles.ADMIN, Roles.AUDITOR, Roles.CENTRE })
    public Deadline compute(byte[] body) {
        JsonFields f = JsonFields.parse(json, body);
        String municipality = f.string("municipality", true, 100);
        Municipality m = municipality == null ? null : municipalities.find(municipality).orElse(null);
        if (municipality != null && m == null) {
            f.error("municipality", "unknown municipality \"" + municipality + "\"; yours: " + access.municipalityIds());
        } else if (m != null) {
            access.require("municipality", m.id());
        }
        OffsetDateTime start = f.dateTime("start", true);
        boolean byClass = f.has("class");
        if (byClass && (f.has("amount") || f.has("unit"))) {
            f.error("class", "give either class, or amount with unit, not both");
            f.throwIfInvalid();
        }
        if (!byClass && !f.has("amount") && !f.has("unit")) {
            f.error("class", "give class, or amount with unit");
            f.throwIfInvalid();
        }
        try {
            if (byClass) {
                String className = f.oneOf("class", deadlines.catalog().classes().keySet(), null, true);
                String category = f.string("category", false, 300);
                OffsetDateTime answerAt = f.dateTime("answerAt", false);
                DeadlineClass c = className == null ? null : deadlines.catalog().byName(className).orElseThrow();
                if (c != null && c.unit() == ru.mcu.marshrut.deadlines.TimeUnit.PLATFORM && answerAt == null) {
                    f.error("answerAt", "is required for class " + className);
                }
                f.throwIfInvalid();
                return deadlines.byClass(m, start.atZoneSameInstant(m.zone()), c, answerAt, category);
            }
            Integer amount = f.integer("amount", true, 1, 800);
            String unit = f.oneOf("unit", UNITS, null, true);
            String rule = f.oneOf("dayOffRule", Arrays.stream(DayOffRule.values()).map(Enum::name).toList(), "NEXT", false);
            f.throwIfInvalid();
            return deadlines.direct(m, start.atZoneSameInstant(m.zone()), amount,
                    ru.mcu.marshrut.deadlines.TimeUnit.valueOf(unit), DayOffRule.valueOf(rule));
        } catch (CalendarRangeException e) {
            throw ProblemException.unprocessable(e.platformDate() ? "answerAt" : "start", e.getMessage());
        }
    }
}
