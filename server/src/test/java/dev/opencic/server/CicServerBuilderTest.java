package dev.opencic.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.kagkarlsson.scheduler.ScheduledExecution;
import dev.opencic.protocol.Namespaces;
import dev.opencic.server.api.EventRequest;
import dev.opencic.server.api.NamespaceHandler;
import dev.opencic.server.api.Reply;
import dev.opencic.server.config.ServerConfig;
import dev.opencic.server.skill.SkillModule;
import dev.opencic.server.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CicServerBuilderTest {

    @TempDir
    Path dataDir;

    CicServerBuilder builder() {
        return CicServer.builder().config(ServerConfig.builder().dataDir(dataDir).bindAddress("127.0.0.1")
                .port(0).tlsPort(-1).asrPoolSize(0).build());
    }

    @Test
    void aModuleClaimingABuiltInNamespaceFailsTheBuildNamingBothClaimants() throws Exception {
        SkillModule claimsSpeech = new SkillModule() {
            @Override
            public List<NamespaceHandler> handlers() {
                return List.of(new EmptyHandler(Namespaces.SPEECH_SYNTHESIZER));
            }
        };
        assertThatThrownBy(() -> builder().module(context -> claimsSpeech).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("namespace SpeechSynthesizer: claimed by the server and by "
                        + claimsSpeech.getClass().getName())
                .hasMessageContaining("replace(\"SpeechSynthesizer\", handler)");
        // The failed build let go of what it opened: the same data directory opens again.
        try (CicServer server = builder().build().start()) {
            assertThat(server.httpPort()).isPositive();
        }
    }

    @Test
    void anExtraHandlerForAModulesNamespaceFailsTheBuild() {
        assertThatThrownBy(() -> builder().handler(new EmptyHandler(Namespaces.ALERTS)).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("namespace Alerts: claimed by dev.opencic.server.skill.alerts.AlertsModule"
                        + " and by handler()");
    }

    @Test
    void replacingIsForANamespaceThatHasAHandler() {
        assertThatThrownBy(() -> builder().replace("Weather", new EmptyHandler("Weather")).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("replace(\"Weather\", handler): no handler of that namespace to replace");
        assertThatThrownBy(() -> builder().replace(Namespaces.ALERTS, new EmptyHandler(Namespaces.MEMO)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("handler.namespace(): Memo (expected: Alerts)");
        assertThatThrownBy(() -> builder().replace(Namespaces.MEMO, new EmptyHandler(Namespaces.MEMO))
                        .replace(Namespaces.MEMO, new EmptyHandler(Namespaces.MEMO)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already replaced");
    }

    @Test
    void aServerNeedsAConfig() {
        assertThatThrownBy(() -> CicServer.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("config: not set (expected: config(ServerConfig))");
        assertThatThrownBy(() -> CicServer.builder().clock(null))
                .isInstanceOf(NullPointerException.class).hasMessage("clock");
    }

    @Test
    void expiredAuthIsPurgedByARecurringTaskOnTheServersClock() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T08:00:00Z"));
        try (CicServer server = builder().clock(clock).build().start()) {
            ScheduledExecution<?> first = await().atMost(Duration.ofSeconds(10))
                    .until(() -> purge(server), e -> e.getLastSuccess() != null);
            assertThat(first.getExecutionTime()).isEqualTo(first.getLastSuccess().plus(Duration.ofMinutes(10)));

            clock.advance(Duration.ofMinutes(10));
            ScheduledExecution<?> second = await().atMost(Duration.ofSeconds(10))
                    .until(() -> purge(server), e -> e.getLastSuccess().isAfter(first.getLastSuccess()));
            assertThat(second.getLastSuccess()).isEqualTo(clock.instant());
            assertThat(second.getExecutionTime()).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
        }
    }

    private static ScheduledExecution<?> purge(CicServer server) {
        List<ScheduledExecution<Object>> executions =
                server.scheduler().client().getScheduledExecutionsForTask(CicServer.PURGE_EXPIRED_AUTH);
        assertThat(executions).hasSize(1);
        return executions.get(0);
    }

    private record EmptyHandler(String namespace) implements NamespaceHandler {
        @Override
        public Set<String> eventNames() {
            return Set.of("Nothing");
        }

        @Override
        public CompletableFuture<Reply> handle(EventRequest request) {
            return CompletableFuture.completedFuture(Reply.empty());
        }
    }
}
