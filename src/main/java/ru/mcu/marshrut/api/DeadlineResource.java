package ru.mcu.marshrut.api;

import java.time.OffsetDateTime;
import java.util.Arrays;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;


import ru.mcu.marshrut.deadlines.CalendarRangeException;
import ru.mcu.marshrut.deadlines.DayOffRule;
import ru.mcu.marshrut.deadlines.Deadline;
import ru.mcu.marshrut.deadlines.DeadlineClass;
import ru.mcu.marshrut.deadlines.DeadlineService;
import ru.mcu.marshrut.municipalities.Municipality;
import ru.mcu.marshrut.security.Access;
import ru.mcu.marshrut.security.Roles;

/** Computes a due date directly: by amount and unit, or by deadline class. */
@Path("/api/v1/deadlines")
@Produces(MediaType.APPLICATION_JSON)
public class DeadlineResource {


    private final DeadlineService deadlines;
    private final Access access;

    public DeadlineResource(DeadlineService deadlines, Access access) {
        this.deadlines = deadlines;
        this.access = access;
    }

    /** A calculator over public calendars, but in a municipality's settings: the caller's municipalities only. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.PLATFORM, Roles.COORDINATOR, Roles.ADMIN, Roles.AUDITOR, Roles.CENTRE })
    public Deadline compute(DeadlineRequest body) {
        Municipality m = access.municipality(body.municipality());
        try {
            if (body.byClass()) {
                DeadlineClass c = deadlines.catalog().byName(body.className()).orElseThrow(() -> ProblemException.invalid(
                        "class", "must be one of " + deadlines.catalog().classes().keySet() + " (got \"" + body.className() + "\")"));
                if (c.unit() == ru.mcu.marshrut.deadlines.TimeUnit.PLATFORM && body.answerAt() == null) {
                    throw ProblemException.invalid("answerAt", "is required for class " + c.name());
                }
                if (body.category() != null && (c.unit() == ru.mcu.marshrut.deadlines.TimeUnit.PLATFORM || c.amount() != null)) {
                    // Only a class without a term of its own takes it from the category's setting
                    throw ProblemException.invalid("category", "is read only by a class whose term depends on the category ("
                            + c.name() + " has its own)");
                }
                if (c.unit() != ru.mcu.marshrut.deadlines.TimeUnit.PLATFORM && body.answerAt() != null) {
                    throw ProblemException.invalid("answerAt", "is read only by a class counted from the platform's due"
                            + " date (" + c.name() + " counts its own)");
                }
                return deadlines.byClass(m, body.start().atZoneSameInstant(m.zone()), c, body.answerAt(), body.category());
            }
            return deadlines.direct(m, body.start().atZoneSameInstant(m.zone()), body.amount(),
                    ru.mcu.marshrut.deadlines.TimeUnit.valueOf(body.unit().name()),
                    body.dayOffRule() == null ? DayOffRule.NEXT : body.dayOffRule());
        } catch (CalendarRangeException e) {
            throw ProblemException.unprocessable(e.platformDate() ? "answerAt" : "start", e.getMessage());
        }
    }
}
