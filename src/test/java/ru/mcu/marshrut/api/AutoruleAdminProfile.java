package ru.mcu.marshrut.api;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Adds a test municipality whose autorules the admin tests may change without touching the shipped five. */
public class AutoruleAdminProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "marshrut.municipalities.testovo.name", "Тестовый округ",
                "marshrut.municipalities.testovo.time-zone", "Europe/Moscow",
                "marshrut.municipalities.testovo.oktmo-prefix", "11111",
                "marshrut.municipalities.testovo.coordinator", "testovo.coord",
                // Two of the largest uploads' bodies, as a larger heap would allow: the upload tests hold two at once
                "marshrut.rulesets.upload-budget-bytes", "41943040");
    }
}
