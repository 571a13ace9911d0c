package ru.mcu.marshrut.rulesets;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/** A stored version of a municipality's autorules: metadata and its DMN (the canonical form). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RulesetVersion(String municipality, int version, State state, String hash, String author, String comment,
        String uploadFormat, int rows, OffsetDateTime createdAt, OffsetDateTime activatedAt, OffsetDateTime retiredAt,
        String xml, String activatedBy) {

    public enum State {
        DRAFT, ACTIVE, RETIRED
    }

    /** {@code by}: the principal who activated (or rolled back to) this version; kept for a retirement. */
    public RulesetVersion withState(State newState, OffsetDateTime at, String by) {
        return new RulesetVersion(municipality, version, newState, hash, author, comment, uploadFormat, rows, createdAt,
                newState == State.ACTIVE ? at : activatedAt, newState == State.RETIRED ? at : retiredAt, xml,
                newState == State.ACTIVE ? by : activatedBy);
    }

    /** Metadata only, for listings. */
    @JsonIgnore
    public RulesetVersion summary() {
        return new RulesetVersion(municipality, version, state, hash, author, comment, uploadFormat, rows, createdAt,
                activatedAt, retiredAt, null, activatedBy);
    }
}
