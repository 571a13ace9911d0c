package ru.mcu.marshrut.dmn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import ru.mcu.marshrut.rating.RatingFormula;
import ru.mcu.marshrut.rulesets.TableFormat;

class Utf8TextTest {

    static byte[] withByteOrderMark(Path file) throws Exception {
        byte[] text = Files.readAllBytes(file);
        byte[] out = new byte[text.length + 3];
        out[0] = (byte) 0xEF;
        out[1] = (byte) 0xBB;
        out[2] = (byte) 0xBF;
        System.arraycopy(text, 0, out, 3, text.length);
        return out;
    }

    @Test
    void aByteOrderMarkIsNotPartOfTheText() {
        assertThat(Utf8Text.decode("DMN", new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '<', 'a', '/', '>' }))
                .isEqualTo("<a/>");
        assertThat(Utf8Text.decode("DMN", "\uFEFF".getBytes(StandardCharsets.UTF_8))).isEmpty();
        // only the leading one: inside the text it is a character like any other
        assertThat(Utf8Text.decode("DMN", "a\uFEFF".getBytes(StandardCharsets.UTF_8))).isEqualTo("a\uFEFF");
        assertThatThrownBy(() -> Utf8Text.decode("DMN", new byte[] { (byte) 0xD3, (byte) 0xEB }))
                .hasMessageContaining("файл не в кодировке UTF-8");
    }

    @Test
    void aFormulaOrAutoruleTableSavedWithAByteOrderMarkIsReadAsWithout() throws Exception {
        RatingFormula formula = RatingFormula.fromXml(Utf8Text.decode("DMN", withByteOrderMark(Path.of("decisions/rating.dmn"))));
        assertThat(formula.hash()).isEqualTo(RatingFormula.fromXml(Files.readString(Path.of("decisions/rating.dmn"))).hash());
        var rows = TableFormat.DMN.read("lovozero.dmn", withByteOrderMark(Path.of("decisions/autorules/lovozero.dmn")));
        assertThat(rows).isEqualTo(TableFormat.DMN.read("lovozero.dmn", Files.readAllBytes(Path.of("decisions/autorules/lovozero.dmn"))));
    }
}
