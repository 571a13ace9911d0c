package ru.mcu.marshrut.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The stores keep records as UTF-8 JSON bytes (the ruleset store as JSON text); a record that cannot be written or
 * read back is a fault, not input.
 */
public final class JsonBytes {

    private JsonBytes() {
    }

    /**
     * The value's JSON, written into this thread's reused buffer and copied out once: {@code writeValueAsBytes}
     * builds the bytes in 2 KB blocks taken anew for each value (a stored decision is 3–4 KB) and joins them.
     */
    public static byte[] write(ObjectMapper json, Object value) {
        Buffer out = buffer();
        try {
            json.writeValue(out, value);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            release(out);
        }
    }

    /** This thread's reused buffer, emptied; give it back with {@link #release} when its bytes are copied out. */
    public static Buffer buffer() {
        Buffer out = BUFFER.get();
        out.reset();
        return out;
    }

    public static void release(Buffer out) {
        if (out.capacity() > KEPT_CAPACITY) {
            BUFFER.remove(); // an unusually large value: its buffer is not kept
        }
    }

    private static final int KEPT_CAPACITY = 64 * 1024;
    private static final ThreadLocal<Buffer> BUFFER = ThreadLocal.withInitial(Buffer::new);

    public static final class Buffer extends java.io.ByteArrayOutputStream {
        Buffer() {
            super(8 * 1024);
        }

        int capacity() {
            return buf.length;
        }

        /** The buffer's array, its bytes from 0 to {@link #size}: for a writer that copies them where they go. */
        byte[] array() {
            return buf;
        }

        /** A copy of the bytes from {@code from} to {@code to} (exclusive). */
        public byte[] copy(int from, int to) {
            if (from < 0 || to > count || from > to) {
                throw new IndexOutOfBoundsException("Bytes " + from + "–" + to + " of " + count);
            }
            return java.util.Arrays.copyOfRange(buf, from, to);
        }

        /** The digest's update with the bytes written: hashed where they are, not copied out first. */
        public void update(java.security.MessageDigest digest) {
            digest.update(buf, 0, count);
        }

        /** Drops the bytes from {@code size} on (a tail written to be replaced). */
        public void truncate(int size) {
            if (size < 0 || size > count) {
                throw new IllegalArgumentException("Cannot truncate " + count + " bytes to " + size);
            }
            count = size;
        }

        @Override
        public void close() {
            // the generator closes its target when done; this buffer is reused
        }
    }

    public static <T> T read(ObjectMapper json, byte[] bytes, Class<T> type) {
        try {
            return json.readValue(bytes, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T read(ObjectMapper json, byte[] bytes, TypeReference<T> type) {
        try {
            return json.readValue(bytes, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String writeString(ObjectMapper json, Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T readString(ObjectMapper json, String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
