package ru.mcu.marshrut.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** One rule for what text is kept: the requests, autorule tables and Open311 refuse or replace the rest. */
class StorableTextTest {

    @Test
    void findsHalfASurrogatePairAControlCharacterAndNonCharactersButKeepsPairsAndCyrillic() {
        assertThat(StorableText.firstNotKept("Яма у дома 5 \uD83D\uDE97", 0, false)).isEqualTo(-1);
        assertThat(StorableText.firstNotKept("Яма\uD83D", 0, true)).isEqualTo(3);
        assertThat(StorableText.firstNotKept("Яма\uDE97 ", 0, true)).isEqualTo(3);
        assertThat(StorableText.firstNotKept("a\u0000b", 0, true)).isEqualTo(1);
        assertThat(StorableText.firstNotKept("a\uFFFEb", 0, true)).isEqualTo(1);
        assertThat(StorableText.firstNotKept("a\uFFFDb\u007F", 0, true)).as("U+FFFD and DEL are characters").isEqualTo(-1);
    }

    @Test
    void tabAndLineBreaksAreKeptOnlyInTextOfSeveralLines() {
        assertThat(StorableText.firstNotKept("одна\tстрока\r\nдругая", 0, true)).isEqualTo(-1);
        assertThat(StorableText.firstNotKept("одна\tстрока", 0, false)).isEqualTo(4);
        assertThat(StorableText.firstNotKept("a\tb\nc", 2, false)).as("from an index").isEqualTo(3);
    }

    @Test
    void replacesEachCharacterNotKeptAndReturnsTextWithoutOneAsItIs() {
        String clean = "Яма\tу дома\n\uD83D\uDE97";
        assertThat(StorableText.replacingNotKept(clean)).isSameAs(clean);
        assertThat(StorableText.replacingNotKept("\uD83DЯма\u000Bу\uDE97 дома\uFFFF"))
                .isEqualTo("\uFFFDЯма\uFFFDу\uFFFD дома\uFFFD");
    }
}
