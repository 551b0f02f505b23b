package dev.opencic.server.skill.household;

import static dev.opencic.server.skill.SkillTestSupport.names;
import static dev.opencic.server.skill.SkillTestSupport.say;
import static dev.opencic.server.skill.SkillTestSupport.words;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.protocol.ContextObject;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.Event;
import dev.opencic.protocol.Header;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.MessageIds;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.Engines;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import dev.opencic.server.testing.ToneLibrary;
import dev.opencic.server.testing.ToneLibrary.Song;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Music on the device the user names, over real HTTP/2 with a generated music library: "play jazz on
 * the kitchen speaker" and "play jazz in the kitchen" start the music on that device (its
 * downchannel gets Clova.HandleDelegatedEvent; its ProcessDelegatedEvent is answered with the
 * AudioPlayer.Play), "stop the music in the bedroom" stops it there, and the asking device hears
 * what was done. The template guard: words that only look like "... in the X" ("play blue in green by
 * miles davis") are music for the asking device, not a target.
 */
class MusicTargetingTest {

    private static final Duration AWAIT = Duration.ofSeconds(15);
    private static final String PASSWORD = "a long enough password";
    private static final Path LIBRARY = library();

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(0).musicDirs(List.of(LIBRARY)));

    @BeforeAll
    static void libraryScanned() {
        Engines.requireLame();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            var g = cic.server().meters().find("cic.music.tracks").gauge();
            return g != null && g.value() == 4;
        });
    }

    @Test
    void titlesWithInInThemAreMusicForTheAskingDeviceNotATarget() throws Exception {
        String user = newUser();
        try (TestDevice phone = cic.deviceOf(user, PASSWORD, "phone-" + UUID.randomUUID());
             TestDevice speaker = cic.deviceOf(user, PASSWORD, "speaker-" + UUID.randomUUID())) {
            HouseholdTest.connect(cic, phone);
            HouseholdTest.connect(cic, speaker);
            say(speaker, "this is the green room speaker");

            List<Directive> answer = say(phone, "play blue in green by miles davis");
            List<Directive> plays = answer.stream()
                    .filter(d -> d.header().qualifiedName().equals("AudioPlayer.Play")).toList();
            assertThat(plays).as(words(answer)).isNotEmpty();
            assertThat(plays.get(0).payload().at("/audioItem/title").asText()).isEqualTo("Blue in Green");

            // "play X in the Y" matches the household's template word for word; Y = "dark" is no room
            // or device of the account, so the household declines and the music skill plays the title.
            List<Directive> dancing = say(phone, "play dancing in the dark");
            assertThat(dancing.stream().filter(d -> d.header().qualifiedName().equals("AudioPlayer.Play"))
                    .map(d -> d.payload().at("/audioItem/title").asText()).findFirst())
                    .as(words(dancing)).contains("Dancing in the Dark");
        }
    }

    @Test
    void playJazzOnTheKitchenSpeakerStartsItThereByItsName() throws Exception {
        String user = newUser();
        try (TestDevice phone = cic.deviceOf(user, PASSWORD, "phone-" + UUID.randomUUID());
             TestDevice speaker = cic.deviceOf(user, PASSWORD, "speaker-" + UUID.randomUUID())) {
            HouseholdTest.connect(cic, phone);
            StreamedParts speakerDown = HouseholdTest.connect(cic, speaker);
            say(speaker, "this is the kitchen speaker");

            Carried carried = carryOut(phone, "play jazz on the kitchen speaker", speaker, speakerDown, null);
            assertThat(names(carried.there())).contains("AudioPlayer.Play");
            assertThat(carried.there().stream().filter(d -> d.header().qualifiedName().equals("AudioPlayer.Play"))
                    .map(d -> d.payload().at("/audioItem/title").asText()))
                    .containsAnyOf("Blue in Green", "So What");
            assertThat(names(carried.asker())).as("nothing plays on the phone").doesNotContain("AudioPlayer.Play");
            assertThat(words(carried.asker())).isEqualTo("On the kitchen speaker: " + words(carried.there()));
        }
    }

    @Test
    void playJazzInTheKitchenTargetsTheKitchensDevice() throws Exception {
        String user = newUser();
        try (TestDevice phone = cic.deviceOf(user, PASSWORD, "phone-" + UUID.randomUUID());
             TestDevice speaker = cic.deviceOf(user, PASSWORD, "speaker-" + UUID.randomUUID())) {
            HouseholdTest.connect(cic, phone);
            StreamedParts speakerDown = HouseholdTest.connect(cic, speaker);
            say(speaker, "this is the kitchen speaker");

            Carried carried = carryOut(phone, "play jazz in the kitchen", speaker, speakerDown, null);
            assertThat(names(carried.there())).contains("AudioPlayer.Play");
            assertThat(names(carried.asker())).doesNotContain("AudioPlayer.Play");
            assertThat(words(carried.asker())).isEqualTo("In the kitchen: " + words(carried.there()));
        }
    }

    @Test
    void stopTheMusicInTheBedroomStopsItThere() throws Exception {
        String user = newUser();
        try (TestDevice phone = cic.deviceOf(user, PASSWORD, "phone-" + UUID.randomUUID());
             TestDevice bedroom = cic.deviceOf(user, PASSWORD, "bedroom-" + UUID.randomUUID())) {
            HouseholdTest.connect(cic, phone);
            StreamedParts bedroomDown = HouseholdTest.connect(cic, bedroom);
            say(bedroom, "this is the bedroom speaker");
            Directive play = say(bedroom, "play so what").stream()
                    .filter(d -> d.header().qualifiedName().equals("AudioPlayer.Play")).findFirst().orElseThrow();
            String token = play.payload().at("/audioItem/stream/token").asText();
            assertThat(bedroom.send(playing("PlayStarted", token)).status()).isBetween(200, 204);

            Carried carried = carryOut(phone, "stop the music in the bedroom", bedroom, bedroomDown, token);
            assertThat(names(carried.there())).contains("PlaybackController.Stop");
            assertThat(words(carried.asker())).startsWith("In the bedroom: ");
        }
    }

    @Test
    void unknownNamesAndOfflineDevicesAreSaidSoAndNothingPlays() throws Exception {
        String user = newUser();
        try (TestDevice phone = cic.deviceOf(user, PASSWORD, "phone-" + UUID.randomUUID())) {
            HouseholdTest.connect(cic, phone);
            List<Directive> unknown = say(phone, "play jazz on the garage speaker");
            assertThat(words(unknown)).isEqualTo("I don't know a device or a room called garage speaker.");
            assertThat(names(unknown)).doesNotContain("AudioPlayer.Play");

            TestDevice office = cic.deviceOf(user, PASSWORD, "office-" + UUID.randomUUID());
            HouseholdTest.connect(cic, office);
            say(office, "this is the office speaker");
            var identity = cic.server().auth().tokens().verify(office.accessToken()).get().orElseThrow();
            office.close();
            await().atMost(AWAIT).until(() -> !cic.server().downchannels().isOpen(identity));
            List<Directive> offline = say(phone, "play jazz on the office speaker");
            assertThat(words(offline)).isEqualTo("The office speaker isn't connected right now.");
            assertThat(names(offline)).doesNotContain("AudioPlayer.Play");
        }
    }

    /** What the target device got for the delegated request, and what the asking device was told. */
    private record Carried(List<Directive> there, List<Directive> asker) {}

    /**
     * The asking device says {@code words}; the target takes the delegation from its downchannel and
     * sends ProcessDelegatedEvent (with its player's state when {@code playingToken} is given).
     */
    private static Carried carryOut(TestDevice asker, String words, TestDevice target, StreamedParts targetDown,
                                    String playingToken) throws Exception {
        CompletableFuture<List<Directive>> asked = CompletableFuture.supplyAsync(() -> {
            try {
                return say(asker, words);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        String delegationId = TargetingTest.nextDelegation(targetDown);
        ObjectNode payload = TestDevice.payload().put("delegationId", delegationId);
        Header header = new Header("Clova", "ProcessDelegatedEvent", MessageIds.newId(), MessageIds.newId());
        List<ContextObject> context = playingToken == null ? List.of() : List.of(playerState(playingToken));
        StreamedParts result = target.send(MessageCodec.writeEvent(new Event(header, payload, context)));
        assertThat(result.status()).isEqualTo(200);
        List<Directive> there = result.directives();
        return new Carried(there, asked.get(AWAIT.toSeconds(), TimeUnit.SECONDS));
    }

    private static ContextObject playerState(String token) {
        ObjectNode state = TestDevice.payload().put("playerActivity", "PLAYING").put("offsetInMilliseconds", 100)
                .put("totalInMilliseconds", 1000);
        state.putObject("stream").put("token", token).put("url", "clova:" + token);
        return new ContextObject(new Header("AudioPlayer", "PlaybackState", null, null), state);
    }

    private static byte[] playing(String name, String token) {
        return MessageCodec.writeEvent(new Event(new Header("AudioPlayer", name, MessageIds.newId(), null),
                TestDevice.payload(), List.of(playerState(token))));
    }

    private static Path library() {
        try {
            Path dir = Files.createTempDirectory("cic-music");
            if (ToneLibrary.hasLame()) {
                ToneLibrary.write(dir, List.of(
                        new Song("Miles Davis/Kind of Blue/01.mp3", "So What", "Miles Davis", "Kind of Blue", "Jazz", 1, 1, 440),
                        new Song("Miles Davis/Kind of Blue/03.mp3", "Blue in Green", "Miles Davis", "Kind of Blue", "Jazz", 3, 1, 523),
                        new Song("Bruce Springsteen/Born in the USA/11.mp3", "Dancing in the Dark", "Bruce Springsteen",
                                "Born in the USA", "Rock", 11, 1, 330),
                        new Song("Ludwig van Beethoven/Symphony 5/01.mp3", "Allegro con brio", "Ludwig van Beethoven",
                                "Symphony 5", "Classical", 1, 1, 392)));
            }
            return dir;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String newUser() {
        String user = "m" + UUID.randomUUID().toString().substring(0, 8);
        cic.server().auth().accounts().createAccount(user, PASSWORD.toCharArray());
        return user;
    }
}
