package ru.mcu.marshrut.persistence;

import java.util.function.BiFunction;

/** Adds a delta to a count that never goes below zero, inside the cache (see {@link Sum}). */
public final class CountSum implements BiFunction<Integer, Integer, Integer>, java.io.Serializable {

    private static final long serialVersionUID = 1L;
    public static final CountSum NOT_BELOW_ZERO = new CountSum();

    private CountSum() {
    }

    @Override
    public Integer apply(Integer current, Integer delta) {
        return Math.max(0, current + delta);
    }

    private Object readResolve() {
        return NOT_BELOW_ZERO;
    }
}
