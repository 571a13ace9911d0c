package ru.mcu.marshrut;

import java.lang.ref.WeakReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Whether an input is left for the collector once a call has used it: the input is made in a frame of its own (no
 * local of the caller's keeps it), passed to the call, and collections are asked for until its weak reference clears
 * or a second has gone by — while the call's result is still held, so what the result keeps counts.
 */
public final class Collectable {

    /** The call's result and whether its input was collected while the result was held. */
    public record After<R>(R result, boolean inputCollected) {
    }

    private Collectable() {
    }

    public static <T, R> After<R> after(Supplier<T> input, Function<T, R> call) throws InterruptedException {
        Object[] result = new Object[1];
        WeakReference<T> ref = handOver(input, call, result);
        for (int attempt = 0; attempt < 20 && ref.get() != null; attempt++) {
            System.gc();
            Thread.sleep(50);
        }
        @SuppressWarnings("unchecked")
        R r = (R) result[0];
        return new After<>(r, ref.get() == null);
    }

    /** Heap in use after full collections, in bytes (for what a call keeps of an input too large to miss). */
    public static long liveHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static <T, R> WeakReference<T> handOver(Supplier<T> input, Function<T, R> call, Object[] result) {
        T made = input.get();
        result[0] = call.apply(made);
        return new WeakReference<>(made);
    }
}
