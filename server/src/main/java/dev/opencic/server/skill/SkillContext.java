package dev.opencic.server.skill;

import dev.opencic.server.api.DirectivePusher;
import dev.opencic.server.config.ServerConfig;
import dev.opencic.server.scheduling.TaskScheduler;
import dev.opencic.server.speech.SpeechOutput;
import dev.opencic.server.store.Database;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What a {@link SkillModule} may use: the configuration, the database (through its own
 * repositories), the downchannels for cloud-initiated directives, speech output for pushed Speak
 * directives, an executor for blocking work, the server's task scheduler for timed work that must
 * survive a restart, metrics, the clock (read time only through it), the registry of what
 * {@code System.RequestSynchronizeState} brings back in step ({@link StateResync}) and of the
 * notices "what did I miss" reads ({@link MissedNotices}), and what the nodes of a cluster share
 * ({@link ClusterServices}).
 */
public record SkillContext(ServerConfig config, Database database, DirectivePusher downchannels,
                           SpeechOutput speech, ScheduledExecutorService blocking, TaskScheduler scheduler,
                           MeterRegistry meters, Clock clock, StateResyncs resyncs, MissedNotices.Registry notices,
                           ClusterServices cluster) {
    public SkillContext {
        java.util.Objects.requireNonNull(cluster, "cluster");
    }

    /**
     * A context with its own {@link StateResyncs} and {@link MissedNotices.Registry}, shared by every
     * module given this context (the server makes one for all its modules).
     */
    public SkillContext(ServerConfig config, Database database, DirectivePusher downchannels, SpeechOutput speech,
                        ScheduledExecutorService blocking, TaskScheduler scheduler, MeterRegistry meters, Clock clock,
                        ClusterServices cluster) {
        this(config, database, downchannels, speech, blocking, scheduler, meters, clock, new StateResyncs(),
                new MissedNotices.Registry(), cluster);
    }

    /** On a single node ({@link ClusterServices#SINGLE}). */
    public SkillContext(ServerConfig config, Database database, DirectivePusher downchannels, SpeechOutput speech,
                        ScheduledExecutorService blocking, TaskScheduler scheduler, MeterRegistry meters, Clock clock) {
        this(config, database, downchannels, speech, blocking, scheduler, meters, clock, ClusterServices.SINGLE);
    }
}
