package ru.mcu.marshrut.open311;

import java.util.List;

/**
 * An answer in the GeoReport v2 error format: an HTTP status and one entry per error, each with its own code (400
 * for a bad or missing field, 404 for something named that does not exist) and a description naming the field.
 * Nothing was stored when it is thrown.
 */
public class Open311Error extends RuntimeException {

    public record Entry(int code, String description) {
    }

    private final int status;
    private final transient List<Entry> entries;

    public Open311Error(int status, List<Entry> entries) {
        super(entries.isEmpty() ? String.valueOf(status) : entries.get(0).description());
        this.status = status;
        this.entries = List.copyOf(entries);
    }

    public static Open311Error of(int status, String description) {
        return new Open311Error(status, List.of(new Entry(status, description)));
    }

    public int status() {
        return status;
    }

    public List<Entry> entries() {
        return entries;
    }
}
