package dev.opencic.server.skill.household;

import static dev.opencic.server.skill.SkillTestSupport.names;
import static dev.opencic.server.skill.SkillTestSupport.say;
import static dev.opencic.server.skill.SkillTestSupport.words;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opencic.protocol.Directive;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.api.Reply;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The household over real HTTP/2: devices named by voice, announcements to the account's other open
 * downchannels (all, or one room's), never another account's.
 */
class HouseholdTest {

    private static final Duration AWAIT = Duration.ofSeconds(15);
    private static final String PASSWORD = "a long enough password";

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension();

    @Test
    void aDeviceIsNamedAndPutInARoomByVoice() throws Exception {
        String user = newUser();
        try (TestDevice speaker = cic.deviceOf(user, PASSWORD, "speaker-" + UUID.randomUUID())) {
            connect(speaker);
            assertThat(words(say(speaker, "what's this speaker called"))).startsWith("This device has no name yet.");
            assertThat(words(say(speaker, "this is the kitchen speaker")))
                    .isEqualTo("OK, this is the kitchen speaker, in the kitchen.");
            assertThat(words(say(speaker, "what is this speaker called")))
                    .isEqualTo("This is the kitchen speaker, in the kitchen.");
            assertThat(words(say(speaker, "call this the Bob")))
                    .as("a name without a kind of device keeps the room").isEqualTo("OK, this is the bob, in the kitchen.");
        }
    }

    @Test
    void aDeviceNamesItselfWithSetDeviceNameAndBadNamesChangeNothing() throws Exception {
        String user = newUser();
        try (TestDevice speaker = cic.deviceOf(user, PASSWORD, "speaker-" + UUID.randomUUID())) {
            connect(speaker);
            assertThat(speaker.send("Household", "SetDeviceName", null,
                    TestDevice.payload().put("name", "hall speaker").put("room", "hall")).status()).isEqualTo(204);
            for (var bad : List.of(TestDevice.payload().put("name", " "), TestDevice.payload().put("name", "x".repeat(129)),
                    TestDevice.payload().put("name", "ok").put("room", ""), TestDevice.payload().put("name", 5))) {
                StreamedParts refused = speaker.send("Household", "SetDeviceName", null, bad);
                assertThat(refused.status()).as("%s", bad).isEqualTo(400);
                assertThat(new String(refused.next().body(), java.nio.charset.StandardCharsets.UTF_8))
                        .contains("Exception").doesNotContain("at dev.opencic");
            }
            assertThat(words(say(speaker, "what's this speaker called"))).isEqualTo("This is the hall speaker, in the hall.");
        }
    }

    @Test
    void anAnnouncementIsSpokenOnEveryOtherOpenDeviceOfTheAccountAndNoOtherAccounts() throws Exception {
        String user = newUser();
        String other = newUser();
        try (TestDevice asking = cic.deviceOf(user, PASSWORD, "asking-" + UUID.randomUUID());
             TestDevice kitchen = cic.deviceOf(user, PASSWORD, "kitchen-" + UUID.randomUUID());
             TestDevice bedroom = cic.deviceOf(user, PASSWORD, "bedroom-" + UUID.randomUUID());
             TestDevice neighbour = cic.deviceOf(other, PASSWORD, "neighbour-" + UUID.randomUUID())) {
            connect(asking);
            StreamedParts kitchenDown = connect(kitchen);
            StreamedParts bedroomDown = connect(bedroom);
            StreamedParts neighbourDown = connect(neighbour);

            List<Directive> answer = say(asking, "announce dinner is ready");
            assertThat(words(answer)).isEqualTo("Announced to 2 devices.");
            for (StreamedParts down : List.of(kitchenDown, bedroomDown)) {
                List<StreamedParts.Part> pushed = nextAnnouncement(down);
                assertThat(pushed.stream().filter(StreamedParts.Part::isJson).map(p -> p.directive().header()
                        .qualifiedName())).containsExactly("SpeechSynthesizer.Speak", "Clova.RenderText");
                Directive speak = pushed.get(0).directive();
                assertThat(speak.dialogRequestId()).isNull();
                assertThat(speak.payload().path("ttsText").asText()).isEqualTo("Announcement: dinner is ready.");
                assertThat(pushed.stream().filter(p -> !p.isJson()).findFirst().orElseThrow().body())
                        .as("the Speak's audio").isNotEmpty();
            }
            assertNothingSpokenBefore(neighbour, neighbourDown);
            assertThat(words(say(neighbour, "announce hello")))
                    .isEqualTo("There's no other device on to announce to.");
        }
    }

    @Test
    void anAnnouncementToARoomReachesOnlyThatRoomsDevices() throws Exception {
        String user = newUser();
        try (TestDevice asking = cic.deviceOf(user, PASSWORD, "asking-" + UUID.randomUUID());
             TestDevice kitchen = cic.deviceOf(user, PASSWORD, "kitchen-" + UUID.randomUUID());
             TestDevice livingRoom = cic.deviceOf(user, PASSWORD, "living-" + UUID.randomUUID())) {
            connect(asking);
            StreamedParts kitchenDown = connect(kitchen);
            StreamedParts livingDown = connect(livingRoom);
            say(kitchen, "this is the kitchen speaker");
            say(livingRoom, "call this the living room display");

            assertThat(words(say(asking, "announce in the living room the film starts"))).isEqualTo("Announced to 1 device.");
            assertThat(nextAnnouncement(livingDown).get(0).directive().payload().path("ttsText").asText())
                    .isEqualTo("Announcement: the film starts.");
            assertNothingSpokenBefore(kitchen, kitchenDown);
            assertThat(words(say(asking, "announce in the kitchen pizza is here"))).isEqualTo("Announced to 1 device.");
            assertThat(nextAnnouncement(kitchenDown).get(0).directive().payload().path("ttsText").asText())
                    .isEqualTo("Announcement: pizza is here.");
        }
    }

    private static String newUser() {
        String user = "h" + UUID.randomUUID().toString().substring(0, 8);
        cic.server().auth().accounts().createAccount(user, PASSWORD.toCharArray());
        return user;
    }

    private static StreamedParts connect(TestDevice device) throws Exception {
        return connect(cic, device);
    }

    /** Opens the downchannel and waits until {@code server} has recorded the device. */
    static StreamedParts connect(CicServerExtension server, TestDevice device) throws Exception {
        double before = handledOpens(server);
        StreamedParts down = device.connect();
        await().atMost(AWAIT).until(() -> handledOpens(server) > before);
        return down;
    }

    private static double handledOpens(CicServerExtension server) {
        var c = server.server().meters().find("cic.household.opens.handled").counter();
        return c == null ? 0 : c.count();
    }

    /** The parts of the next pushed announcement: Speak, its audio, RenderText. */
    static List<StreamedParts.Part> nextAnnouncement(StreamedParts down) throws Exception {
        List<StreamedParts.Part> got = new ArrayList<>();
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (System.nanoTime() < deadline) {
            StreamedParts.Part p = down.poll(Duration.ofMillis(200));
            if (p == null) {
                continue;
            }
            got.add(p);
            if (p.isJson() && p.directive().header().qualifiedName().equals("Clova.RenderText")) {
                return got;
            }
        }
        throw new AssertionError("no announcement within " + AWAIT + "; got " + got.size() + " parts");
    }

    /** A marker pushed now arrives with no Speak before it (announcements are pushed before the answer). */
    static void assertNothingSpokenBefore(TestDevice device, StreamedParts down) throws Exception {
        Directive marker = Directive.of("Test", "Marker", null);
        DeviceIdentity identity = cic.server().auth().tokens().verify(device.accessToken()).get().orElseThrow();
        assertThat(cic.server().downchannels().push(identity, Reply.builder().directive(marker).build())
                .get(AWAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        List<String> before = new ArrayList<>();
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (System.nanoTime() < deadline) {
            StreamedParts.Part p = down.poll(Duration.ofMillis(200));
            if (p == null || !p.isJson()) {
                continue;
            }
            if (marker.header().messageId().equals(p.directive().header().messageId())) {
                assertThat(before).as("pushed before the marker").doesNotContain("SpeechSynthesizer.Speak");
                return;
            }
            before.add(p.directive().header().qualifiedName());
        }
        throw new AssertionError("marker not received; got " + before);
    }
}
