package ru.mcu.marshrut.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Password guessing at the console is bounded per login and per window; a success or the window's end clears it. */
class LoginThrottleTest {

    @Test
    void theTenthWrongPasswordBlocksThatLoginForTheRestOfTheWindow() {
        ConsoleSessionsTest.MovableClock clock = new ConsoleSessionsTest.MovableClock();
        LoginThrottle t = new LoginThrottle(clock);
        for (int i = 0; i < 9; i++) {
            t.failed("Admin.Kachkanar");
        }
        assertThat(t.blockedUntil("admin.kachkanar")).isEmpty();
        t.failed("admin.kachkanar ");
        assertThat(t.blockedUntil("admin.kachkanar")).contains(clock.now.plus(Duration.ofMinutes(15)));
        assertThat(t.blockedUntil("auditor.kachkanar")).as("another login").isEmpty();
        clock.now = clock.now.plus(Duration.ofMinutes(15));
        assertThat(t.blockedUntil("admin.kachkanar")).isEmpty();
        t.failed("admin.kachkanar");
        assertThat(t.blockedUntil("admin.kachkanar")).as("a new window counts from one").isEmpty();
    }

    @Test
    void aSuccessClearsTheCount() {
        LoginThrottle t = new LoginThrottle(new ConsoleSessionsTest.MovableClock());
        for (int i = 0; i < 9; i++) {
            t.failed("coordinator.lovozero");
        }
        t.succeeded("coordinator.lovozero");
        t.failed("coordinator.lovozero");
        assertThat(t.blockedUntil("coordinator.lovozero")).isEmpty();
    }
}
