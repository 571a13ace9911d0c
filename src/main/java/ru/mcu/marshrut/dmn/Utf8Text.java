package ru.mcu.marshrut.dmn;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The text of an uploaded file, which must be UTF-8. Decoding with replacement turned a table saved in Windows-1251
 * (Excel's "CSV" in a Russian locale) into categories of U+FFFD, stored as a draft whose rows could never match;
 * now the upload is refused, saying where the first byte that is not UTF-8 is. A leading byte-order mark is dropped.
 */
public final class Utf8Text {

    private Utf8Text() {
    }

    public static String decode(String what, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length); // UTF-8 never gives more characters than bytes
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int at = Math.min(in.position(), bytes.length - 1);
            throw new InvalidRulesetException(what + ": файл не в кодировке UTF-8 (байт 0x"
                    + String.format("%02X", bytes[at] & 0xFF) + " в позиции " + at
                    + "); сохраните его в UTF-8" + ("CSV".equals(what) ? " (в Excel: «CSV UTF-8»)" : ""));
        }
        out.flip();
        // A byte-order mark (Notepad and spreadsheet programs write one) marks the encoding, it is not text: left in,
        // it is content before the XML declaration and the file was refused as "not DMN"
        if (out.hasRemaining() && out.get(0) == '\uFEFF') {
            out.position(1);
        }
        return out.toString();
    }
}
