package ru.mcu.marshrut.recipients;

import java.time.LocalDate;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What routing needs to know about a recipient now: an absence with the deputy who covers it, the most items
 * it may hold open (none: unlimited) and how many it holds. Lives only in Infinispan.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecipientState(String recipientId, Absence absence, Integer capacity, int openItems, String updatedBy,
        java.time.OffsetDateTime updatedAt) {

    public RecipientState(String recipientId, Absence absence, Integer capacity, int openItems) {
        this(recipientId, absence, capacity, openItems, null, null);
    }

    /** The state as set by a principal at a moment (who changed it is part of the record). */
    public RecipientState setBy(String principal, java.time.OffsetDateTime at) {
        return new RecipientState(recipientId, absence, capacity, openItems, principal, at);
    }

    public static RecipientState idle(String recipientId) {
        return new RecipientState(recipientId, null, null, 0);
    }

    /** Absent from {@code from} to {@code to}, both inclusive, in the municipality's calendar. */
    public record Absence(LocalDate from, LocalDate to,
            @org.eclipse.microprofile.openapi.annotations.media.Schema(nullable = true, description = "Who covers the absence; null: nobody") String deputyId) {
        /**
         * Who takes the items meanwhile: the deputy named for this absence, else the recipient's standing one from the
         * registry (one rule for routing's holder, coordinator and co-executors and for the state's checks).
         */
        public String deputyOr(String standing) {
            return deputyId != null ? deputyId : standing;
        }

        public boolean covers(LocalDate day) {
            return !day.isBefore(from) && !day.isAfter(to);
        }

        public boolean overlaps(Absence other) {
            return !other.to.isBefore(from) && !other.from.isAfter(to);
        }
    }

    public boolean absentOn(LocalDate day) {
        return absence != null && absence.covers(day);
    }

    public boolean atCapacity() {
        return capacity != null && openItems >= capacity;
    }

    public RecipientState withOpenItems(int n) {
        return new RecipientState(recipientId, absence, capacity, Math.max(0, n), updatedBy, updatedAt);
    }
}
