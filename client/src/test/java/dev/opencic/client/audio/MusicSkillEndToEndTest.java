package dev.opencic.client.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.opencic.client.CicClient;
import dev.opencic.client.FileTokenStore;
import dev.opencic.client.PayloadJson;
import dev.opencic.client.ReceivedDirective;
import dev.opencic.protocol.payload.AudioPlayer;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.Engines;
import dev.opencic.server.testing.ToneLibrary;
import dev.opencic.server.testing.ToneLibrary.Song;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The SDK's music player against the server's own music skill and library: the Play queue the
 * skill sends is fetched through its signed stream URLs, and the playback events the player sends
 * back are what the skill's "what's playing" and "next" work from.
 */
class MusicSkillEndToEndTest {

    static final Path LIBRARY = createLibraryDir();

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.musicDirs(List.of(LIBRARY)).asrPoolSize(0));

    final VirtualOutput output = new VirtualOutput();
    MusicPlayer player;
    CicClient client;

    static Path createLibraryDir() {
        try {
            Path dir = Files.createTempDirectory("music-e2e");
            if (ToneLibrary.hasLame()) {
                ToneLibrary.write(dir, List.of(
                        new Song("Duke/Tones/01.mp3", "Morning Tone", "Duke Sine", "Tones", "Jazz", 1, 1.0, 440),
                        new Song("Duke/Tones/02.mp3", "Evening Tone", "Duke Sine", "Tones", "Jazz", 2, 1.0, 523)));
            }
            return dir;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void needsLame() {
        Engines.requireLame();
    }

    @BeforeEach
    void start() throws Exception {
        output.durationMs = 60_000; // long enough to ask questions while the first song plays
        output.stepSleepMs = 20;
        player = new MusicPlayer(output);
        client = player.register(CicClient.builder()
                .serverUrl(cic.baseUri())
                .clientCredentials(cic.clientId(), cic.clientSecret())
                .deviceId("speaker-" + UUID.randomUUID())
                .tokenStore(new FileTokenStore(Files.createTempDirectory("music-e2e").resolve("tokens.json"))))
                .build();
        client.login(CicServerExtension.USER, CicServerExtension.PASSWORD);
        client.start();
        client.whenConnected().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        player.close();
        client.close();
    }

    private List<ReceivedDirective> say(String text) throws Exception {
        var response = client.recognizeText(text).get(10, TimeUnit.SECONDS);
        response.processed().get(10, TimeUnit.SECONDS);
        return response.directives();
    }

    private static String shown(List<ReceivedDirective> directives) {
        return directives.stream().filter(d -> d.name().equals("RenderText"))
                .map(d -> PayloadJson.of(d).path("text").asText()).findFirst().orElse("");
    }

    @Test
    void theSkillsQueuePlaysThroughSignedUrlsAndItsViewFollowsThePlayer() throws Exception {
        List<ReceivedDirective> answer = say("play duke sine");
        List<ReceivedDirective> plays = answer.stream().filter(d -> d.name().equals("Play")).toList();
        assertThat(plays).hasSize(2);
        assertThat(answer.get(0).name()).isEqualTo("Speak");
        String firstToken = plays.get(0).payload(AudioPlayer.Play.class).audioItem().stream().token();
        String firstTitle = PayloadJson.of(plays.get(0)).path("audioItem").path("title").asText();
        String secondTitle = PayloadJson.of(plays.get(1)).path("audioItem").path("title").asText();
        long firstSize = Files.size(LIBRARY.resolve("Duke/Tones/01.mp3"));

        // the whole file came through the signed URL, and the server heard PlayStarted for it
        await().atMost(Duration.ofSeconds(15)).until(() -> output.bytesRead.getOrDefault(firstToken, 0) == firstSize);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(shown(say("what's playing"))).contains(firstTitle));

        say("next song");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(shown(say("what's playing"))).contains(secondTitle));
    }
}
