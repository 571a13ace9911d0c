package ru.mcu.marshrut.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import ru.mcu.marshrut.audit.log.DecisionIds;

class DecisionIdsTest {

    @Test
    void anIdNamesItsMunicipalityAndLogIndex() {
        String id = DecisionIds.of("kachkanar", 1042);
        assertThat(id).matches("kachkanar\\.1042\\.[0-9a-f]{12}");
        assertThat(DecisionIds.parse(id)).contains(new DecisionIds.Named("kachkanar", 1042));
        assertThat(DecisionIds.parse(DecisionIds.of("with.dots", 7))).contains(new DecisionIds.Named("with.dots", 7));
        assertThat(DecisionIds.of("kachkanar", 1)).isNotEqualTo(DecisionIds.of("kachkanar", 1));
    }

    @Test
    void earlierIdsAndMadeUpOnesDoNotParse() {
        assertThat(DecisionIds.parse("3f2b8c1e-9a4d-4e1b-8c2f-0d6a7b5e4c3a")).isEmpty();
        assertThat(DecisionIds.parse("kachkanar.12.XYZ000000000")).isEmpty();
        assertThat(DecisionIds.parse("kachkanar.-1.000000000000")).isEmpty();
        assertThat(DecisionIds.parse(".1.000000000000")).isEmpty();
        assertThat(DecisionIds.parse("kachkanar..000000000000")).isEmpty();
        assertThat(DecisionIds.parse("kachkanar.99999999999999999999.000000000000")).isEmpty();
        assertThat(DecisionIds.parse(null)).isEmpty();
        assertThat(DecisionIds.parse("kingisepp/ref/event.12.000000000000")).as("a slash names no municipality").isEmpty();
    }
}
