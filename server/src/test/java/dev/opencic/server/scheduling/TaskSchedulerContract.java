package dev.opencic.server.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.opencic.server.store.StoreContract;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * db-scheduler on the server's database ({@code scheduled_tasks}, V5): a one-time task with data
 * runs once, at its time, and leaves no row; one scheduled later stays until then.
 */
abstract class TaskSchedulerContract extends StoreContract {

    @Test
    void aDueTaskRunsOnceWithItsDataAndALaterOneWaits() {
        List<String> ran = new CopyOnWriteArrayList<>();
        Clock clock = Clock.systemUTC();
        try (TaskScheduler scheduler = new TaskScheduler(db.dataSource(), clock)) {
            OneTimeTask<String> say = scheduler.add(Tasks.oneTime("say", String.class)
                    .execute((instance, ctx) -> ran.add(instance.getId() + ":" + instance.getData())));
            scheduler.client().scheduleIfNotExists(new TaskInstance<>("say", "now", "hello, world"), clock.instant());
            scheduler.client().scheduleIfNotExists(new TaskInstance<>("say", "later", "not yet"),
                    clock.instant().plus(Duration.ofDays(1)));
            scheduler.start();
            scheduler.checkDueNow();

            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> ran.contains("now:hello, world"));
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> rows("now") == 0);
            assertThat(ran).containsExactly("now:hello, world");
            assertThat(rows("later")).isEqualTo(1);
            assertThat(say.getName()).isEqualTo("say");
        }
    }

    private int rows(String instance) {
        return db.jdbi().<Integer, RuntimeException>withHandle(h -> h.select(
                "SELECT COUNT(*) FROM scheduled_tasks WHERE task_instance = ?", instance).mapTo(Integer.class).one());
    }
}
