package ru.mcu.marshrut.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import org.junit.jupiter.api.Test;


/** Session lifetimes on a clock the test moves: idle timeout, maximum age, logout, and the tokens' secrecy. */
class ConsoleSessionsTest {

    static final Actor USER = new Actor("u-1", Actor.Kind.USER, "admin", Set.of("admin"), Set.of("kachkanar"), false);

    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-12-02T09:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aSessionEndsAfterItsIdleTimeoutButUseKeepsItAlive() {
        MovableClock clock = new MovableClock();
        var sessions = new ConsoleSessions(Duration.ofMinutes(30), Duration.ofHours(12), clock);
        var s = sessions.start(USER, "stamp");
        clock.now = clock.now.plus(Duration.ofMinutes(29));
        assertThat(sessions.touch(s.cookieValue())).isPresent();
        clock.now = clock.now.plus(Duration.ofMinutes(29));
        assertThat(sessions.touch(s.cookieValue())).as("used 29 minutes ago").isPresent();
        clock.now = clock.now.plus(Duration.ofMinutes(31));
        assertThat(sessions.touch(s.cookieValue())).isEmpty();
        assertThat(sessions.touch(s.cookieValue())).as("gone for good").isEmpty();
    }

    @Test
    void aSessionEndsAtItsMaximumAgeHoweverOftenItIsUsed() {
        MovableClock clock = new MovableClock();
        var sessions = new ConsoleSessions(Duration.ofMinutes(30), Duration.ofHours(2), clock);
        var s = sessions.start(USER, "stamp");
        for (int i = 0; i < 5; i++) {
            clock.now = clock.now.plus(Duration.ofMinutes(20));
            assertThat(sessions.touch(s.cookieValue())).isPresent();
        }
        clock.now = clock.now.plus(Duration.ofMinutes(21));
        assertThat(sessions.touch(s.cookieValue())).isEmpty();
    }

    @Test
    void eachLoginHasItsOwnUnguessableIdAndToken() {
        var sessions = new ConsoleSessions(Duration.ofMinutes(30), Duration.ofHours(12), new MovableClock());
        var a = sessions.start(USER, "stamp");
        var b = sessions.start(USER, "stamp");
        assertThat(a.cookieValue()).isNotEqualTo(b.cookieValue()).hasSize(43);
        assertThat(a.session().csrfToken()).isNotEqualTo(b.session().csrfToken()).isNotEqualTo(a.cookieValue());
        assertThat(ConsoleSessions.csrfMatches(a.session(), b.session().csrfToken())).isFalse();
        assertThat(ConsoleSessions.csrfMatches(a.session(), null)).isFalse();
        assertThat(ConsoleSessions.csrfMatches(a.session(), a.session().csrfToken())).isTrue();
        sessions.end(a.cookieValue());
        assertThat(sessions.touch(a.cookieValue())).isEmpty();
        assertThat(sessions.touch(b.cookieValue())).isPresent();
    }

    @Test
    void oneUserLoggingInAgainAndAgainDropsItsOwnOldestSessionsNotAnotherUsers() {
        MovableClock clock = new MovableClock();
        var sessions = new ConsoleSessions(Duration.ofMinutes(30), Duration.ofHours(12), clock);
        Actor other = new Actor("u-2", Actor.Kind.USER, "admin", Set.of("admin"), Set.of("kingisepp"), false);
        var theirs = sessions.start(other, "stamp");
        var first = sessions.start(USER, "stamp");
        clock.now = clock.now.plusSeconds(1);
        var second = sessions.start(USER, "stamp");
        for (int i = 0; i < ConsoleSessions.MAX_SESSIONS + 100; i++) {
            clock.now = clock.now.plusMillis(1);
            var latest = sessions.start(USER, "stamp");
            if (i == 0) {
                assertThat(sessions.touch(first.cookieValue())).as("not yet at the limit").isPresent();
            }
            if (i == ConsoleSessions.MAX_SESSIONS + 99) {
                assertThat(sessions.touch(latest.cookieValue())).isPresent();
            }
        }
        assertThat(sessions.touch(theirs.cookieValue())).as("another user's session").isPresent();
        assertThat(sessions.touch(second.cookieValue())).as("its own oldest").isEmpty();
    }
}
