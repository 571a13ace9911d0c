package ru.mcu.marshrut.console;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The console tests' own service instance: they activate autorules and assign items, touching no other test. */
public class ConsoleProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        // As behind a TLS-terminating proxy on this host (README, Web console): its X-Forwarded-Proto is believed.
        return Map.of("marshrut.security.console.idle-timeout", "PT20M",
                "quarkus.http.proxy.proxy-address-forwarding", "true", "quarkus.http.proxy.allow-x-forwarded", "true",
                "quarkus.http.proxy.trusted-proxies", "127.0.0.1",
                // A term long enough to run from a past December day into the provisional year (ConsoleE2ETest)
                "marshrut.deadlines.message-working-days-by-category.\"Энергетика\"", "40");
    }
}
