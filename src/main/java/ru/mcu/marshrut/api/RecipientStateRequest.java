package ru.mcu.marshrut.api;

import java.time.LocalDate;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import ru.mcu.marshrut.recipients.RecipientState;

/** A recipient's state as an administrator sets it; every field replaces the stored one. */
@Schema(name = "RecipientStateRequest")
@KnownFieldsOnly(answered = { "recipientId", "updatedBy", "updatedAt" })
public record RecipientStateRequest(
        @Schema(description = "Absent from–to (inclusive), with the deputy who takes the items; null: present")
        @Valid Absence absence,
        @Schema(description = "How many open items the recipient can hold; null: no limit") @Min(1) @Max(100_000) Integer capacity,
        @Schema(description = "Open items now; left out: unchanged") @Min(0) @Max(1_000_000) Integer openItems)
        implements JsonRequest {

    @Schema(name = "AbsenceRequest")
    @KnownFieldsOnly
    public record Absence(
            @Schema(example = "2026-06-01") @NotNull LocalDate from,
            @Schema(example = "2026-06-20") @NotNull LocalDate to,
            @Schema(description = "Recipient id of the deputy") @Size(max = 200) String deputyId) implements JsonRequest {

        RecipientState.Absence state() {
            return new RecipientState.Absence(from, to, deputyId);
        }
    }

    @Override
    public void check(FieldErrors errors) {
        if (absence != null && absence.from() != null && absence.to() != null && absence.to().isBefore(absence.from())) {
            errors.add("absence.to", "must not be before absence.from");
        }
    }
}
