package ru.mcu.marshrut.persistence;

import java.util.function.BiFunction;

/**
 * Adds a delta to a counter inside the cache ({@code cache.merge(key, delta, Sum.LONG)}): the primary owner applies it
 * under the key's lock, so concurrent increments from any node need no compare-and-set retries. Serializable, as the
 * function travels to the owner in a cluster.
 */
public final class Sum implements BiFunction<Long, Long, Long>, java.io.Serializable {

    private static final long serialVersionUID = 1L;
    public static final Sum LONG = new Sum();

    private Sum() {
    }

    @Override
    public Long apply(Long current, Long delta) {
        return current + delta;
    }

    private Object readResolve() {
        return LONG;
    }
}
