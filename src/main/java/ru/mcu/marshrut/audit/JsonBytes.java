package ru.mcu.marshrut.audit;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The stores keep records as UTF-8 JSON bytes; a record that cannot be written or read back is a fault, not input. */
public final class JsonBytes {

    private JsonBytes() {
    }

    public static byte[] write(ObjectMapper json, Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T read(ObjectMapper json, byte[] bytes, Class<T> type) {
        try {
            return json.readValue(bytes, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
