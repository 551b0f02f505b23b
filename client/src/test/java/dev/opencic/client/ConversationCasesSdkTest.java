package dev.opencic.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.Engines;
import dev.opencic.server.testing.ToneLibrary;
import dev.opencic.server.testing.ToneLibrary.Song;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 18's everyday cases through the SDK, as an app built on it meets them: a date question about
 * another day, and music titles made of common words with the artist named after "by".
 */
class ConversationCasesSdkTest {

    static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");
    static final Path LIBRARY = createLibraryDir();

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(
            b -> b.musicDirs(List.of(LIBRARY)).asrPoolSize(0).timeZone(ZONE));

    static Path createLibraryDir() {
        try {
            Path dir = Files.createTempDirectory("sdk-titles");
            if (ToneLibrary.hasLame()) {
                ToneLibrary.write(dir, List.of(
                        new Song("Miles/KindOfBlue/01.mp3", "So What", "Miles Davis", "Kind of Blue", "Jazz", 1, 1.0, 440),
                        new Song("Miles/KindOfBlue/03.mp3", "Blue in Green", "Miles Davis", "Kind of Blue", "Jazz", 3, 1.0, 523),
                        new Song("Beatles/Help/07.mp3", "Yesterday", "The Beatles", "Help!", "Pop", 7, 1.0, 330)));
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

    @Test
    void whatDayIsItTomorrowAnswersTomorrowsDate() throws Exception {
        try (CicClient client = Clients.started(cic, b -> {})) {
            LocalDate before = LocalDate.now(ZONE);
            String answer = shown(client.recognizeText("what day is it tomorrow").get(20, TimeUnit.SECONDS));
            LocalDate after = LocalDate.now(ZONE);
            DateTimeFormatter date = DateTimeFormatter.ofPattern("EEEE, MMMM d, yyyy", Locale.ENGLISH);
            // The answer names the day after the server's today (a midnight between the two reads allows either).
            assertThat(answer).isIn("Tomorrow is " + date.format(before.plusDays(1)) + ".",
                    "Tomorrow is " + date.format(after.plusDays(1)) + ".");
        }
    }

    @Test
    void titlesOfCommonWordsAreFoundWithTheirArtist() throws Exception {
        try (CicClient client = Clients.started(cic, b -> {})) {
            // The library is scanned in the background after the start: wait until it answers with a track.
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    shown(client.recognizeText("play so what by miles davis").get(20, TimeUnit.SECONDS)).startsWith("Playing"));
            assertThat(shown(client.recognizeText("play so what by miles davis").get(20, TimeUnit.SECONDS)))
                    .isEqualTo("Playing So What by Miles Davis.");
            assertThat(shown(client.recognizeText("play blue in green by miles davis").get(20, TimeUnit.SECONDS)))
                    .isEqualTo("Playing Blue in Green by Miles Davis.");
            assertThat(shown(client.recognizeText("play yesterday by the details").get(20, TimeUnit.SECONDS)))
                    .isEqualTo("Playing Yesterday by The Beatles.");
        }
    }

    /** The words the answer shows ({@code Clova.RenderText}). */
    private static String shown(EventResponse response) {
        return response.directives().stream().filter(d -> d.header().qualifiedName().equals("Clova.RenderText"))
                .map(d -> PayloadJson.of(d).path("text").asText()).findFirst().orElse("");
    }
}
