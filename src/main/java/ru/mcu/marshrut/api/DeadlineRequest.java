package ru.mcu.marshrut.api;

import java.time.OffsetDateTime;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;

import ru.mcu.marshrut.deadlines.DayOffRule;

/** A due date to compute in a municipality's calendar and zone: by deadline class, or by amount and unit. */
@Schema(name = "DeadlineRequest")
public record DeadlineRequest(
        @NotNull @Size(max = 100) @MunicipalityId String municipality,
        @Schema(example = "2026-03-02T10:00:00+05:00") @NotNull OffsetDateTime start,
        @Schema(oneOf = DeadlineClassName.class, description = "A deadline class; or give amount and unit instead")
        @JsonProperty("class") @Size(max = 100) String className,
        @Schema(description = "With class: the item's category (some classes depend on it)") @Size(max = 300) String category,
        @Schema(description = "With class POS_PLATFORM: the due date the platform set") OffsetDateTime answerAt,
        @Schema(description = "Without class: how many units") @Min(1) @Max(800) Integer amount,
        @Schema(description = "Without class: what is counted") CountedIn unit,
        @Schema(description = "Without class, counting calendar days: where a due date on a day off moves. Default NEXT")
        DayOffRule dayOffRule) implements JsonRequest {

    /** The units a direct computation counts in (PLATFORM only comes with a class). */
    public enum CountedIn {
        CALENDAR_DAYS, WORKING_DAYS, WORKING_HOURS
    }

    /**
     * The deadline classes of the shipped {@code decisions/deadline-classes.dmn}, for the API's schema; a test keeps
     * the two equal. A class an operator adds to the DMN is accepted without being listed here.
     */
    public enum DeadlineClassName {
        APPEAL_59FZ, APPEAL_59FZ_EXTENDED, APPEAL_59FZ_ART12_1_1, APPEAL_59FZ_MIGRATION, APPEAL_59FZ_FORWARD, IM_POST, IM_POST_HIGH,
        IM_FINAL_ANSWER, POS_PLATFORM, POS_MESSAGE, MODERATION
    }

    boolean byClass() {
        return className != null;
    }

    @Override
    public void check(FieldErrors errors) {
        if (errors.has("class")) {
            return; // a class sent but unreadable: which way of counting was meant is not known
        }
        boolean direct = amount != null || unit != null || errors.has("amount") || errors.has("unit");
        if (className != null && direct) {
            errors.add("class", "give either class, or amount with unit, not both");
        } else if (className == null && !direct) {
            errors.add("class", "give class, or amount with unit");
        } else if (className == null) {
            if (amount == null && !errors.has("amount")) {
                errors.add("amount", "is required without class");
            }
            if (unit == null && !errors.has("unit")) {
                errors.add("unit", "is required without class");
            }
        }
        // A field the chosen way of counting does not read would be ignored: the caller meant another due date. (Not
        // said when the way itself is in question: the class or amount and unit already have their error.)
        if (errors.has("class") || errors.has("unit")) {
            return;
        }
        if (className == null && category != null && !errors.has("category")) {
            errors.add("category", "is read only with class (a class may depend on it); without class give amount and unit");
        }
        if (className == null && answerAt != null && !errors.has("answerAt")) {
            errors.add("answerAt", "is read only with class POS_PLATFORM (the due date the platform set)");
        }
        if (dayOffRule != null && !errors.has("dayOffRule") && (className != null || unit != null && unit != CountedIn.CALENDAR_DAYS)) {
            errors.add("dayOffRule", className != null ? "is read only without class: a class has its own rule"
                    : "is read only when counting CALENDAR_DAYS (working days and hours never end on a day off)");
        }
        if (start != null && answerAt != null && !answerAt.isAfter(start) && !errors.has("answerAt")) {
            errors.add("answerAt", "must be after start");
        }
    }
}
