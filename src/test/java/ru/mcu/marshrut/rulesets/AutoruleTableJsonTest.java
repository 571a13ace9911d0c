package ru.mcu.marshrut.rulesets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class AutoruleTableJsonTest {

    @Test
    void documentedRowHasExactlyTheColumnsTheTableFormatsRead() {
        assertThat(Arrays.stream(AutoruleTableJson.Row.class.getRecordComponents()).map(c -> c.getName()).toList())
                .containsExactlyElementsOf(TableRows.HEADERS);
    }
}
