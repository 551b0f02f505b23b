package dev.opencic.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The SDK honours {@code Retry-After} on a {@code 503} or {@code 429} (issue 16): the same event
 * (same messageId and dialogRequestId) goes out again after the delay the server asked for plus
 * jitter, timed by the client's scheduler, within the attempts and the deadline of {@link
 * CicClient.Builder#retryOnBusy}; an audio upload is never sent twice. Against a real HTTP/2 peer
 * ({@link BusyServer}) and a scheduler the test moves ({@link ManualScheduler}): no wall-clock
 * waits.
 */
class BusyRetryTest {

    private static final Instant NOW = Instant.parse("2026-12-06T20:00:00Z");

    private final BusyServer server = new BusyServer();
    private final ManualScheduler scheduler = new ManualScheduler();
    private final java.util.concurrent.ExecutorService workers = java.util.concurrent.Executors.newCachedThreadPool();
    private CicClient client;

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
        server.close();
        scheduler.shutdownNow();
        workers.shutdownNow();
    }

    @Test
    void a503WithRetryAfterSecondsIsSentAgainWithTheSameIdsAfterTheDelayPlusJitter() throws Exception {
        server.thenRefuse(503, "2");
        client = started(b -> {});

        CompletableFuture<EventResponse> response = client.recognizeText("what time is it");

        Duration delay = awaitRetryDelay();
        assertThat(delay).isBetween(Duration.ofSeconds(2), Duration.ofMillis(2400)); // + up to a fifth
        assertThat(server.events).hasSize(1); // the retry is held by the scheduler until the test moves it
        assertThat(response).isNotDone();

        scheduler.runDelayed(delay);

        assertThat(response.get(10, TimeUnit.SECONDS).httpStatus()).isEqualTo(204);
        assertThat(server.events).hasSize(2);
        assertThat(server.events.get(1)).isEqualTo(server.events.get(0));
        assertThat(server.events.get(0).dialogRequestId()).isNotNull();
    }

    @Test
    void a429WithAnHttpDateWaitsUntilThatDateOnTheClientsClock() throws Exception {
        String inFive = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(5).atOffset(ZoneOffset.UTC));
        server.thenRefuse(429, inFive);
        client = started(b -> {});

        CompletableFuture<EventResponse> response = client.send("System", "ReportState",
                new dev.opencic.protocol.payload.RawPayload("{}"));

        Duration delay = awaitRetryDelay();
        assertThat(delay).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(6));
        scheduler.runDelayed(delay);
        assertThat(response.get(10, TimeUnit.SECONDS).httpStatus()).isEqualTo(204);
        assertThat(server.events).hasSize(2).extracting(BusyServer.Received::messageId).doesNotContainNull()
                .containsOnly(server.events.get(0).messageId());
    }

    @Test
    void theLastRefusalOfTheAttemptsFailsTheEventWithItsStatus() throws Exception {
        server.thenRefuse(503, "1").thenRefuse(503, "1");
        client = started(b -> b.retryOnBusy(2, Duration.ofSeconds(30)));

        CompletableFuture<EventResponse> response = client.recognizeText("hello");
        scheduler.runDelayed(awaitRetryDelay());

        assertThatThrownBy(() -> response.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(CicException.class)
                .cause().satisfies(e -> assertThat(((CicException) e).httpStatus()).isEqualTo(503));
        assertThat(server.events).hasSize(2);
        assertThat(shortDelays()).isEmpty();
    }

    @Test
    void aRetryAfterBeyondTheDeadlineFailsAtOnce() throws Exception {
        server.thenRefuse(503, "60");
        client = started(b -> b.retryOnBusy(3, Duration.ofSeconds(10)));

        CompletableFuture<EventResponse> response = client.recognizeText("hello");

        assertThatThrownBy(() -> response.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(CicException.class)
                .cause().satisfies(e -> assertThat(((CicException) e).retryAfter()).contains(Duration.ofSeconds(60)));
        assertThat(server.events).hasSize(1);
        assertThat(shortDelays()).isEmpty();
    }

    @Test
    void withoutRetryAfterTheRefusalGoesToTheCaller() throws Exception {
        server.thenRefuse(503, null);
        client = started(b -> {});

        CompletableFuture<EventResponse> response = client.recognizeText("hello");

        assertThatThrownBy(() -> response.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(CicException.class)
                .cause().satisfies(e -> assertThat(((CicException) e).retryAfter()).isEmpty());
        assertThat(server.events).hasSize(1);
    }

    @Test
    void anAudioUploadIsNotSentAgain() throws Exception {
        server.thenRefuse(503, "1");
        client = started(b -> {});

        AudioSink sink = client.startRecognize();
        sink.write(new byte[3200]);
        sink.close();

        // the app hears when the server would take it, to ask the user again then
        assertThatThrownBy(() -> sink.response().get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(CicException.class)
                .cause().satisfies(e -> assertThat(((CicException) e).retryAfter()).contains(Duration.ofSeconds(1)));
        assertThat(server.events).hasSize(1);
        assertThat(shortDelays()).isEmpty();
    }

    @Test
    void closingFailsAnEventWaitingToBeSentAgain() throws Exception {
        server.thenRefuse(503, "2");
        client = started(b -> {});
        CompletableFuture<EventResponse> response = client.recognizeText("hello");
        awaitRetryDelay();

        client.close();

        assertThatThrownBy(response::join).isInstanceOf(CompletionException.class).hasCauseInstanceOf(IOException.class);
    }

    @Test
    void theBuilderRefusesNonsense() {
        assertThatThrownBy(() -> CicClient.builder().retryOnBusy(0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAttempts: 0");
        assertThatThrownBy(() -> CicClient.builder().retryOnBusy(3, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deadline");
    }

    /** The retry's delay, once the client has asked the scheduler for it. */
    private Duration awaitRetryDelay() {
        await().atMost(Duration.ofSeconds(10)).until(() -> !shortDelays().isEmpty());
        return shortDelays().get(0);
    }

    /** Pending delays under a minute: the token refresh's (an hour away) is not one of them. */
    private List<Duration> shortDelays() {
        return scheduler.pendingDelays().stream().filter(d -> d.compareTo(Duration.ofMinutes(1)) < 0).toList();
    }

    private CicClient started(Consumer<CicClient.Builder> customizer) throws Exception {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        TokenStore tokens = new FileTokenStore(Files.createTempDirectory("busy-retry").resolve("tokens.json"));
        tokens.save(new Tokens("access", "refresh", "Bearer", Duration.ofHours(1), NOW));
        CicClient.Builder b = CicClient.builder().serverUrl(server.baseUrl()).clientCredentials("id", "secret")
                .deviceId("busy-device").tokenStore(tokens).clock(clock)
                .executors(scheduler, workers);
        customizer.accept(b);
        CicClient c = b.build();
        c.start();
        c.whenConnected().get(10, TimeUnit.SECONDS);
        return c;
    }
}
