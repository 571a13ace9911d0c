package ru.mcu.marshrut.audit.log;

import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids of decisions that name their audit-log entry: {@code <municipality>.<index>.<12 hex digits>}, e.g.
 * {@code kachkanar.1042.5f0c3a9e21bd}. The decision is then found by its id with one read, and its entry needs no
 * reference key. The random tail keeps ids unique if a data directory is ever started afresh; an id is honoured only
 * if the entry it names records that very id. Ids of earlier decisions (UUIDs) do not parse and are found as before.
 */
public final class DecisionIds {

    public record Named(String municipality, long index) {
    }

    private DecisionIds() {
    }

    public static String of(String municipality, long index) {
        byte[] tail = new byte[6];
        ThreadLocalRandom.current().nextBytes(tail);
        return municipality + '.' + index + '.' + HexFormat.of().formatHex(tail);
    }

    /** The municipality and index an id names, read from the right (a municipality id may hold dots). */
    public static Optional<Named> parse(String id) {
        if (id == null) {
            return Optional.empty();
        }
        int tail = id.lastIndexOf('.');
        int dot = tail > 0 ? id.lastIndexOf('.', tail - 1) : -1;
        if (dot <= 0 || id.length() - tail - 1 != 12 || tail - dot - 1 < 1 || tail - dot - 1 > 18) {
            return Optional.empty();
        }
        long index = 0;
        for (int i = dot + 1; i < tail; i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                return Optional.empty();
            }
            index = index * 10 + (c - '0');
        }
        for (int i = tail + 1; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return Optional.empty();
            }
        }
        String municipality = id.substring(0, dot);
        // The store's keys are "<municipality>/…": a slash would let a made-up id name a key of another kind (another
        // municipality's reference keys, "<m>/ref/…"); no municipality id holds one.
        return municipality.indexOf('/') >= 0 ? Optional.empty() : Optional.of(new Named(municipality, index));
    }
}
