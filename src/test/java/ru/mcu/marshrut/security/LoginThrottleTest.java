package ru.mcu.marshrut.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** Password guessing at the console is bounded per login and per window; a right password takes back its own try. */
class LoginThrottleTest {

    @Test
    void theTenthWrongPasswordBlocksThatLoginForTheRestOfTheWindow() {
        ConsoleSessionsTest.MovableClock clock = new ConsoleSessionsTest.MovableClock();
        LoginThrottle t = new LoginThrottle(clock);
        for (int i = 0; i < 10; i++) {
            assertThat(t.reserve(i % 2 == 0 ? "Admin.Kachkanar" : "admin.kachkanar ")).as("try %d is checked", i + 1).isEmpty();
        }
        assertThat(t.reserve("admin.kachkanar")).contains(clock.now.plus(Duration.ofMinutes(15)));
        assertThat(t.reserve("auditor.kachkanar")).as("another login").isEmpty();
        clock.now = clock.now.plus(Duration.ofMinutes(15));
        assertThat(t.reserve("admin.kachkanar")).as("a new window counts from one").isEmpty();
        for (int i = 0; i < 9; i++) {
            assertThat(t.reserve("admin.kachkanar")).isEmpty();
        }
        assertThat(t.reserve("admin.kachkanar")).isPresent();
    }

    @Test
    void aRightPasswordTakesBackItsOwnTryNotTheGuessesBeforeIt() {
        LoginThrottle t = new LoginThrottle(new ConsoleSessionsTest.MovableClock());
        for (int i = 0; i < 9; i++) {
            t.reserve("coordinator.lovozero"); // wrong
        }
        // The real user's script logs in, again and again: each right password is not counted, the guesses still are
        for (int i = 0; i < 5; i++) {
            assertThat(t.reserve("coordinator.lovozero")).isEmpty();
            t.release("coordinator.lovozero");
        }
        assertThat(t.reserve("coordinator.lovozero")).as("the tenth guess is checked").isEmpty();
        assertThat(t.reserve("coordinator.lovozero")).as("and no more").isPresent();
    }

    @Test
    void guessesSentAtOnceAreCheckedTenAtMost() throws Exception {
        LoginThrottle t = new LoginThrottle(new ConsoleSessionsTest.MovableClock());
        AtomicInteger checked = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            Thread th = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                if (t.reserve("admin.kingisepp").isEmpty()) {
                    checked.incrementAndGet();
                }
            });
            th.start();
            threads.add(th);
        }
        start.countDown();
        for (Thread th : threads) {
            th.join();
        }
        assertThat(checked.get()).isEqualTo(LoginThrottle.MAX_FAILURES);
    }
}
