package ru.mcu.marshrut.persistence;

import java.util.Arrays;
import java.util.function.BiFunction;

/**
 * A compare-and-set of a byte value by its content, run inside the cache ({@code cache.compute(key, swap)}): the
 * entry's owner applies it under the entry's lock. {@code replace(key, old, new)} compares with {@code equals}, for
 * an array its identity, which a value sent to another node never keeps.
 */
public final class SwapIfEqual implements BiFunction<String, byte[], byte[]>, java.io.Serializable {

    private static final long serialVersionUID = 1L;
    private final byte[] expected;
    private final byte[] next;

    public SwapIfEqual(byte[] expected, byte[] next) {
        this.expected = expected.clone();
        this.next = next.clone();
    }

    @Override
    public byte[] apply(String key, byte[] current) {
        return Arrays.equals(current, expected) ? next : current;
    }
}
