package dev.opencic.server.scheduling;

import static java.util.Objects.requireNonNull;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The server's one db-scheduler: timed work kept in the database ({@code scheduled_tasks}), so it
 * survives a restart and, in cluster mode, runs on one node. Features register their tasks while the
 * server is assembled; the scheduler is created on first use of {@link #client()} or at
 * {@link #start()}, after which no task can be added (db-scheduler must know every task of the table,
 * or it treats their rows as unresolved and deletes them).
 *
 * <p>Due times follow the server's {@link Clock}, so a test moving the clock makes tasks due.
 *
 * <p>A node marks each execution it runs with a heartbeat; an execution whose node missed
 * {@code missedHeartbeats} of them is dead and any other node revives it (the task's dead-execution
 * handler, by default run again at once). With a shared database the heartbeat is 5 s, so the work a
 * killed node held runs elsewhere about 30 s later; on H2 it stays db-scheduler's 5 min (one node:
 * its own dead executions are found when it restarts).
 */
public final class TaskScheduler implements AutoCloseable {

    private final DataSource dataSource;
    private final Clock clock;
    private final Duration heartbeat;
    private final int missedHeartbeats;
    private final String nodeId;
    private final List<Task<?>> tasks = new ArrayList<>();
    private final List<RecurringTask<?>> recurring = new ArrayList<>();
    private Scheduler scheduler;

    /** A single node's scheduler: db-scheduler's heartbeat timing (5 min, 6 missed). */
    public TaskScheduler(DataSource dataSource, Clock clock) {
        this(dataSource, clock, null, SchedulerBuilder.DEFAULT_HEARTBEAT_INTERVAL,
                SchedulerBuilder.DEFAULT_MISSED_HEARTBEATS_LIMIT);
    }

    /**
     * @param nodeId           recorded as {@code picked_by} of the executions this node runs (null: the host name)
     * @param heartbeat        how often the executions this node runs are marked alive
     * @param missedHeartbeats heartbeats missed before another node treats an execution as dead
     */
    public TaskScheduler(DataSource dataSource, Clock clock, String nodeId, Duration heartbeat, int missedHeartbeats) {
        this.dataSource = requireNonNull(dataSource, "dataSource");
        this.clock = requireNonNull(clock, "clock");
        this.heartbeat = requireNonNull(heartbeat, "heartbeat");
        if (heartbeat.isNegative() || heartbeat.isZero() || missedHeartbeats < 4) {
            throw new IllegalArgumentException("heartbeat " + heartbeat + " must be > 0 and missedHeartbeats "
                    + missedHeartbeats + " >= 4");
        }
        this.missedHeartbeats = missedHeartbeats;
        this.nodeId = nodeId;
    }

    /** How long an execution's node may stay silent before another node takes the execution over. */
    public Duration deadAfter() {
        return heartbeat.multipliedBy(missedHeartbeats);
    }

    /** Registers a task whose instances are scheduled through {@link #client()}. */
    public synchronized <T extends Task<?>> T add(T task) {
        checkNotCreated(task);
        tasks.add(task);
        return task;
    }

    /** Registers a recurring task, scheduled (once, in the table) when the scheduler starts. */
    public synchronized <T extends RecurringTask<?>> T addRecurring(T task) {
        checkNotCreated(task);
        recurring.add(task);
        return task;
    }

    private void checkNotCreated(Task<?> task) {
        requireNonNull(task, "task");
        if (scheduler != null) {
            throw new IllegalStateException("add(" + task.getName() + "): the scheduler is already created");
        }
    }

    /** Schedules, reschedules and cancels task instances; works before {@link #start()}. */
    public SchedulerClient client() {
        return scheduler();
    }

    /**
     * Looks for due executions now instead of at the next poll (up to a second away): for a caller
     * that has just made something due, e.g. a test that moved the clock. Returns at once; the due
     * executions run on the scheduler's threads.
     */
    public void checkDueNow() {
        scheduler().triggerCheckForDueExecutions();
    }

    /** Starts executing due tasks. */
    public void start() {
        scheduler().start();
    }

    private synchronized Scheduler scheduler() {
        if (scheduler == null) {
            scheduler = create();
        }
        return scheduler;
    }

    private Scheduler create() {
        SchedulerBuilder b = new ClockedSchedulerBuilder(dataSource, tasks, clock)
                .pollingInterval(Duration.ofSeconds(1))
                .enableImmediateExecution()
                .threads(2)
                .heartbeatInterval(heartbeat)
                .missedHeartbeatsLimit(missedHeartbeats)
                .shutdownMaxWait(Duration.ofSeconds(5))
                .deleteUnresolvedAfter(Duration.ofDays(1));
        if (nodeId != null) {
            b.schedulerName(new SchedulerName.Fixed(nodeId));
        }
        if (!recurring.isEmpty()) {
            b.startTasks(List.copyOf(recurring));
        }
        return b.build();
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.stop();
        }
    }

    /** db-scheduler reads time through its own {@code Clock}, settable only by a subclass. */
    private static final class ClockedSchedulerBuilder extends SchedulerBuilder {
        ClockedSchedulerBuilder(DataSource dataSource, List<Task<?>> tasks, Clock clock) {
            super(dataSource, List.copyOf(tasks)); // recurring tasks join through startTasks()
            this.clock = clock::instant;
        }
    }
}
