package dev.opencic.server.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.linecorp.armeria.common.HttpStatus;
import dev.opencic.server.api.CicException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A stage's admission rules without a server: its max wait, and owed tickets going first. */
class StageTest {

    private final CountDownLatch gate = new CountDownLatch(1);
    private Stage stage;

    @AfterEach
    void close() {
        gate.countDown();
        stage.close();
    }

    /** Runs one task that takes at least {@code millis}, so the stage knows its tasks' time. */
    private void teach(long millis) {
        Stage.Ticket t = stage.admit(Long.MAX_VALUE);
        CountDownLatch done = new CountDownLatch(1);
        t.execute(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            done.countDown();
        });
        await().until(() -> done.getCount() == 0);
        t.release();
    }

    private Stage.Ticket holdTheThread() {
        Stage.Ticket t = stage.admit(Long.MAX_VALUE);
        t.execute(() -> {
            try {
                gate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return t;
    }

    @Test
    void aRequestThatWouldWaitLongerThanTheMaxWaitIsRefusedThoughSlotsAreFree() {
        stage = new Stage("test", 1, 8, Duration.ofMillis(5), new SimpleMeterRegistry());
        teach(50); // tasks take ~50 ms: one task ahead is more than the 5 ms max wait
        holdTheThread();

        assertThatThrownBy(() -> stage.admit(Long.MAX_VALUE))
                .isInstanceOfSatisfying(CicException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                    assertThat(e.retryAfter()).isPositive();
                    assertThat(e.description()).contains("queued ahead would take over 5 ms");
                });
        assertThat(stage.admitted()).as("only the held ticket").isEqualTo(1);
        assertThat(stage.shedCount()).isEqualTo(1);
    }

    @Test
    void withTheMaxWaitToSpareTheQueueIsUsedUpToItsSlots() {
        stage = new Stage("test", 1, 2, Duration.ofSeconds(30), new SimpleMeterRegistry());
        teach(5);
        holdTheThread();
        stage.admit(Long.MAX_VALUE);
        stage.admit(Long.MAX_VALUE);
        assertThatThrownBy(() -> stage.admit(Long.MAX_VALUE))
                .isInstanceOfSatisfying(CicException.class, e -> assertThat(e.description()).contains("all 3 slots"));
    }

    @Test
    void anOwedTicketIsAdmittedOverAFullStageAndRunsBeforeTheQueue() {
        stage = new Stage("test", 1, 1, Duration.ofSeconds(30), new SimpleMeterRegistry());
        holdTheThread();
        List<String> ran = new CopyOnWriteArrayList<>();
        Stage.Ticket queued = stage.admit(Long.MAX_VALUE);
        queued.execute(() -> ran.add("queued"));
        assertThatThrownBy(() -> stage.admit(Long.MAX_VALUE)).isInstanceOf(CicException.class);

        Stage.Ticket owed = stage.admitOwed(Long.MAX_VALUE);
        owed.execute(() -> ran.add("owed"));
        assertThat(stage.admitted()).isEqualTo(3);

        gate.countDown();
        await().until(() -> ran.size() == 2);
        assertThat(ran).containsExactly("owed", "queued");
        owed.release();
        queued.release();
    }

    @Test
    void theOwedReserveIsBoundedToo() {
        stage = new Stage("test", 1, 0, Duration.ofSeconds(30), new SimpleMeterRegistry());
        holdTheThread();
        stage.admitOwed(Long.MAX_VALUE);
        assertThatThrownBy(() -> stage.admitOwed(Long.MAX_VALUE))
                .isInstanceOfSatisfying(CicException.class, e -> assertThat(e.description()).contains("already owed"));
    }
}
