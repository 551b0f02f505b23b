package dev.opencic.server.skill.household;

import static dev.opencic.server.skill.SkillTestSupport.say;
import static dev.opencic.server.skill.SkillTestSupport.words;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.MessageIds;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Targeting and delegation over real HTTP/2: "... on the kitchen speaker" is delegated to that
 * device (Clova.HandleDelegatedEvent on its downchannel, its Clova.ProcessDelegatedEvent answered
 * with the request's result, as if asked there); the asking device says what it did. Unknown names,
 * offline devices and wrong delegation ids get clear answers and change nothing.
 */
class TargetingTest {

    private static final Duration AWAIT = Duration.ofSeconds(15);
    private static final String PASSWORD = "a long enough password";

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension();

    @Test
    void aTimerSetFromThePhoneOnTheKitchenSpeakerIsSetThere() throws Exception {
        String user = newUser();
        try (TestDevice phone = cic.deviceOf(user, PASSWORD, "phone-" + UUID.randomUUID());
             TestDevice speaker = cic.deviceOf(user, PASSWORD, "speaker-" + UUID.randomUUID())) {
            HouseholdTest.connect(cic, phone);
            StreamedParts speakerDown = HouseholdTest.connect(cic, speaker);
            say(speaker, "this is the kitchen speaker");

            CompletableFuture<List<Directive>> phoneAnswer = CompletableFuture.supplyAsync(() -> {
                try {
                    return say(phone, "set a timer for ten minutes on the kitchen speaker");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            String delegationId = nextDelegation(speakerDown);
            String dialog = MessageIds.newId();
            StreamedParts result = speaker.send("Clova", "ProcessDelegatedEvent", dialog,
                    TestDevice.payload().put("delegationId", delegationId));
            assertThat(result.status()).isEqualTo(200);
            List<Directive> carried = result.directives();
            Directive setAlert = carried.stream().filter(d -> d.header().qualifiedName().equals("Alerts.SetAlert"))
                    .findFirst().orElseThrow(() -> new AssertionError("no SetAlert in " + carried));
            assertThat(setAlert.dialogRequestId()).isEqualTo(dialog);
            assertThat(setAlert.payload().path("type").asText()).isEqualTo("TIMER");

            String told = words(phoneAnswer.get(AWAIT.toSeconds(), TimeUnit.SECONDS));
            assertThat(told).startsWith("On the kitchen speaker: ").isEqualTo("On the kitchen speaker: " + words(carried));

            StreamedParts again = speaker.send("Clova", "ProcessDelegatedEvent", MessageIds.newId(),
                    TestDevice.payload().put("delegationId", delegationId));
            assertSystemException(again, "unknown delegationId");
        }
    }

    @Test
    void onlyTheDeviceADelegationWasHandedToCanTakeIt() throws Exception {
        String user = newUser();
        try (TestDevice phone = cic.deviceOf(user, PASSWORD, "phone-" + UUID.randomUUID());
             TestDevice speaker = cic.deviceOf(user, PASSWORD, "speaker-" + UUID.randomUUID())) {
            HouseholdTest.connect(cic, phone);
            StreamedParts speakerDown = HouseholdTest.connect(cic, speaker);
            say(speaker, "call this the office speaker");
            CompletableFuture<List<Directive>> phoneAnswer = CompletableFuture.supplyAsync(() -> {
                try {
                    return say(phone, "set a timer for five minutes on the office speaker");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            String delegationId = nextDelegation(speakerDown);

            assertSystemException(phone.send("Clova", "ProcessDelegatedEvent", MessageIds.newId(),
                    TestDevice.payload().put("delegationId", delegationId)), "unknown delegationId");
            assertSystemException(speaker.send("Clova", "ProcessDelegatedEvent", MessageIds.newId(),
                    TestDevice.payload()), "delegationId");

            StreamedParts result = speaker.send("Clova", "ProcessDelegatedEvent", MessageIds.newId(),
                    TestDevice.payload().put("delegationId", delegationId));
            assertThat(result.status()).as("still there for its own device").isEqualTo(200);
            assertThat(result.directives()).extracting(d -> d.header().qualifiedName()).contains("Alerts.SetAlert");
            assertThat(words(phoneAnswer.get(AWAIT.toSeconds(), TimeUnit.SECONDS))).startsWith("On the office speaker: ");
        }
    }

    @Test
    void unknownNamesAndOfflineDevicesGetAClearAnswer() throws Exception {
        String user = newUser();
        try (TestDevice phone = cic.deviceOf(user, PASSWORD, "phone-" + UUID.randomUUID())) {
            HouseholdTest.connect(cic, phone);
            assertThat(words(say(phone, "play jazz on the garage speaker")))
                    .isEqualTo("I don't know a device or a room called garage speaker.");

            TestDevice bedroom = cic.deviceOf(user, PASSWORD, "bedroom-" + UUID.randomUUID());
            HouseholdTest.connect(cic, bedroom);
            say(bedroom, "this is the bedroom speaker");
            DeviceIdentity identity = cic.server().auth().tokens().verify(bedroom.accessToken()).get().orElseThrow();
            bedroom.close();
            await().atMost(AWAIT).until(() -> !cic.server().downchannels().isOpen(identity));
            assertThat(words(say(phone, "set a timer for ten minutes on the bedroom speaker")))
                    .isEqualTo("The bedroom speaker isn't connected right now.");
            assertThat(words(say(phone, "stop the music in the bedroom")))
                    .isEqualTo("No device in the bedroom is connected right now.");
        }
    }

    private static String newUser() {
        String user = "t" + UUID.randomUUID().toString().substring(0, 8);
        cic.server().auth().accounts().createAccount(user, PASSWORD.toCharArray());
        return user;
    }

    /** The delegationId of the next Clova.HandleDelegatedEvent on the downchannel. */
    static String nextDelegation(StreamedParts down) throws Exception {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (System.nanoTime() < deadline) {
            StreamedParts.Part p = down.poll(Duration.ofMillis(200));
            if (p != null && p.isJson() && p.directive().header().qualifiedName().equals("Clova.HandleDelegatedEvent")) {
                assertThat(p.directive().dialogRequestId()).isNull();
                return p.directive().payload().path("delegationId").asText();
            }
        }
        throw new AssertionError("no HandleDelegatedEvent within " + AWAIT);
    }

    static void assertSystemException(StreamedParts res, String containing) throws Exception {
        assertThat(res.status()).isEqualTo(400);
        JsonNode json = MessageCodec.mapper().readTree(res.next().body());
        assertThat(json.toString()).contains("System").contains("Exception").contains(containing)
                .doesNotContain("at dev.opencic");
    }
}
