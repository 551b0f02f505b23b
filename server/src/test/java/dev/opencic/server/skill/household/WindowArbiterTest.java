package dev.opencic.server.skill.household;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.api.SpeechArbiter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contest rules on a hand-moved monotonic clock: requests of one account within the window
 * contest, the loudest answers once all have reported, accounts and later requests stand alone, a
 * withdrawn request is not waited for. The window's timers are run by hand (no waiting).
 */
class WindowArbiterTest {

    private static final Duration WINDOW = Duration.ofMillis(300);

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final List<Runnable> timers = new ArrayList<>();
    private final ScheduledExecutorService timer = recordingTimer();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final WindowArbiter arbiter = new WindowArbiter(WINDOW, timer, meters, nanos::get, device -> true);

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void theLoudestOfOneAccountsDevicesAnswersOnceAllReported() {
        SpeechArbiter.Entry kitchen = arbiter.enter(device("alice", "kitchen"));
        nanos.addAndGet(Duration.ofMillis(120).toNanos());
        SpeechArbiter.Entry bedroom = arbiter.enter(device("alice", "bedroom"));
        SpeechArbiter.Entry other = arbiter.enter(device("bob", "hall"));
        closeWindows();

        CompletableFuture<Boolean> bedroomAnswers = bedroom.decide(900);
        assertThat(bedroomAnswers).as("waits for the kitchen's level").isNotDone();
        assertThat(other.decide(10)).isCompletedWithValue(true);
        assertThat(kitchen.decide(2500)).isCompletedWithValue(true);
        assertThat(bedroomAnswers).isCompletedWithValue(false);
        assertThat(meters.counter("cic.arbitrations").count()).isEqualTo(1);
        assertThat(meters.counter("cic.arbitration.losers").count()).isEqualTo(1);
    }

    @Test
    void aRequestAfterTheWindowAndAWithdrawnOneStandAlone() {
        SpeechArbiter.Entry first = arbiter.enter(device("alice", "kitchen"));
        SpeechArbiter.Entry failing = arbiter.enter(device("alice", "phone"));
        nanos.addAndGet(WINDOW.toNanos() + 1);
        SpeechArbiter.Entry later = arbiter.enter(device("alice", "bedroom"));
        closeWindows();
        CompletableFuture<Boolean> firstAnswers = first.decide(100);
        assertThat(firstAnswers).isNotDone();
        failing.withdraw();
        assertThat(firstAnswers).isCompletedWithValue(true);
        assertThat(later.decide(1)).isCompletedWithValue(true);
        assertThat(meters.counter("cic.arbitrations").count()).isZero();
    }

    @Test
    void aLoneDeviceReportingBeforeTheWindowClosesAnswersWhenItCloses() {
        SpeechArbiter.Entry only = arbiter.enter(device("alice", "kitchen"));
        CompletableFuture<Boolean> answers = only.decide(50);
        assertThat(answers).isNotDone();
        closeWindows();
        assertThat(answers).isCompletedWithValue(true);
    }

    @Test
    void aDeviceAloneInItsHouseholdAnswersWithoutAWindow() {
        WindowArbiter household = new WindowArbiter(WINDOW, timer, meters, nanos::get, device -> false);
        SpeechArbiter.Entry only = household.enter(device("carol", "kitchen"));
        assertThat(only.decide(1)).as("no window to wait for").isCompletedWithValue(true);
        assertThat(timers).isEmpty();
        assertThat(meters.counter("cic.arbitration.alone").count()).isEqualTo(1);
        assertThat(meters.counter("cic.arbitration.decisions").count()).isEqualTo(1);
    }

    @Test
    void aSecondRequestOfTheSameDeviceIsANewUtterance() {
        SpeechArbiter.Entry first = arbiter.enter(device("alice", "kitchen"));
        SpeechArbiter.Entry second = arbiter.enter(device("alice", "kitchen"));
        closeWindows();
        assertThat(first.decide(100)).isCompletedWithValue(true);
        assertThat(second.decide(50)).as("not beaten by its own earlier request").isCompletedWithValue(true);
        assertThat(meters.counter("cic.arbitrations").count()).isZero();
    }

    private void closeWindows() {
        List<Runnable> due;
        synchronized (timers) {
            due = new ArrayList<>(timers.subList(0, timers.size()));
            timers.clear();
        }
        // Window-closed tasks only (even positions); the give-up tasks are not due yet.
        for (int i = 0; i < due.size(); i += 2) {
            due.get(i).run();
        }
    }

    /** A scheduler that only remembers its tasks, in order: the test runs them. */
    private ScheduledExecutorService recordingTimer() {
        return new java.util.concurrent.ScheduledThreadPoolExecutor(1) {
            @Override
            public java.util.concurrent.ScheduledFuture<?> schedule(Runnable task, long delay, java.util.concurrent.TimeUnit unit) {
                synchronized (timers) {
                    timers.add(task);
                }
                return null;
            }
        };
    }

    private static DeviceIdentity device(String account, String id) {
        return new DeviceIdentity(account, "client", id);
    }
}
