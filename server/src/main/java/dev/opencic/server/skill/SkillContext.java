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
 * survive a restart, metrics, and the clock (read time only through it).
 */
public record SkillContext(ServerConfig config, Database database, DirectivePusher downchannels,
                           SpeechOutput speech, ScheduledExecutorService blocking, TaskScheduler scheduler,
                           MeterRegistry meters, Clock clock) {}
