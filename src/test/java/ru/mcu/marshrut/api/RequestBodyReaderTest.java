package ru.mcu.marshrut.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class RequestBodyReaderTest {

    static final byte[] BODY = "{\"text\":\"Яма у дома\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void readsTheDeclaredLength() throws Exception {
        assertThat(RequestBodyReader.body(String.valueOf(BODY.length), new ByteArrayInputStream(BODY))).isEqualTo(BODY);
        assertThat(RequestBodyReader.body(" " + BODY.length + " ", new ByteArrayInputStream(BODY))).isEqualTo(BODY);
    }

    @Test
    void readsEverythingWithoutOrWithAnUnreadableLength() throws Exception {
        assertThat(RequestBodyReader.body(null, new ByteArrayInputStream(BODY))).isEqualTo(BODY);
        assertThat(RequestBodyReader.body("many", new ByteArrayInputStream(BODY))).isEqualTo(BODY);
        assertThat(RequestBodyReader.body("-1", new ByteArrayInputStream(BODY))).isEqualTo(BODY);
    }

    @Test
    void aBodyShorterThanDeclaredIsWhatArrived() throws Exception {
        assertThat(RequestBodyReader.body(String.valueOf(BODY.length + 100), new ByteArrayInputStream(BODY)))
                .isEqualTo(BODY);
        assertThat(RequestBodyReader.body("0", new ByteArrayInputStream(BODY))).isEmpty();
    }
}
