package ru.mcu.marshrut.console;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The console tests' own service instance: they activate autorules and assign items, touching no other test. */
public class ConsoleProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("marshrut.security.console.idle-timeout", "PT20M");
    }
}
