package dev.opencic.server.dialog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.protocol.Directive;
import dev.opencic.protocol.Event;
import dev.opencic.protocol.Header;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.MessageIds;
import dev.opencic.server.api.AudioInput;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.api.EventRequest;
import dev.opencic.server.api.Reply;
import dev.opencic.server.nlu.IntentMatcher;
import dev.opencic.server.skill.Skill;
import dev.opencic.server.skill.SkillAnswer;
import dev.opencic.server.skill.SkillRequest;
import dev.opencic.server.speech.FliteLameEngine;
import dev.opencic.server.speech.SpeechOutput;
import dev.opencic.server.speech.SpeechTokens;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.SpokenRequests;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.StringReader;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Multi-turn dialogue: a question with ExpectSpeech, the reply under the same dialogRequestId. */
class FollowUpTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(0));

    static final FliteLameEngine tts = FliteLameEngine.create();

    @AfterAll
    static void closeEngine() {
        tts.close();
    }

    /** Asks for a time, and confirms whatever the user answers. */
    static final class WakeUpSkill implements Skill {
        @Override
        public Set<String> intents() {
            return Set.of("alarm.ask");
        }

        @Override
        public CompletableFuture<SkillAnswer> answer(SkillRequest request) {
            return CompletableFuture.completedFuture(SkillAnswer.ask("For what time?",
                    (utterance, reply) -> CompletableFuture.completedFuture(
                            SkillAnswer.say("Okay, " + utterance + "."))));
        }
    }

    IntentPipeline pipeline() throws Exception {
        IntentMatcher matcher = new IntentMatcher(IntentMatcher.parse(
                new StringReader("== alarm.ask\nwake me up\n"), "test"));
        return new IntentPipeline(matcher, List.of(new WakeUpSkill()),
                SkillAnswer.say("Sorry, I didn't understand that."),
                new SpeechOutput(tts, new SpeechTokens(), new SimpleMeterRegistry()), "en",
                ZoneResolver.fixed(ZoneOffset.UTC), Clock.systemUTC());
    }

    static EventRequest text(DeviceIdentity device, String dialogRequestId) {
        Event e = new Event(new Header("TextRecognizer", "Recognize", MessageIds.newId(), dialogRequestId),
                MessageCodec.mapper().createObjectNode(), List.of());
        return new EventRequest(device, e, new AudioInput(), Runnable::run);
    }

    @Test
    void aQuestionExpectsSpeechAndTheReplyUnderTheSameDialogGoesToTheFollowUp() throws Exception {
        IntentPipeline p = pipeline();
        DeviceIdentity device = new DeviceIdentity("a", "c", "d");
        Reply question = p.respond("wake me up", text(device, "dialog-1")).join();
        List<Directive> ds = question.directives();
        assertThat(ds).extracting(Directive::name).containsExactly("Speak", "RenderText", "ExpectSpeech");
        assertThat(ds.get(2).dialogRequestId()).isEqualTo("dialog-1");
        assertThat(ds.get(2).payload().get("timeoutInMilliseconds").asLong()).isPositive();
        assertThat(ds.get(2).payload().get("explicit").asBoolean()).isTrue();

        // another device's words, or another dialogue's, do not answer the question
        Reply other = p.respond("seven am", text(new DeviceIdentity("b", "c", "d"), "dialog-1")).join();
        assertThat(other.directives().get(1).payload().get("text").asText()).contains("didn't understand");

        Reply answer = p.respond("seven am", text(device, "dialog-1")).join();
        assertThat(answer.directives()).extracting(Directive::name).containsExactly("Speak", "RenderText");
        assertThat(answer.directives().get(1).payload().get("text").asText()).isEqualTo("Okay, seven am.");

        // the dialogue is over: the same words are a new request now
        Reply again = p.respond("seven am", text(device, "dialog-1")).join();
        assertThat(again.directives().get(1).payload().get("text").asText()).contains("didn't understand");
    }

    @Test
    void expectSpeechTimedOutEndsTheDialogue() throws Exception {
        IntentPipeline p = pipeline();
        DeviceIdentity device = new DeviceIdentity("a", "c", "d");
        p.respond("wake me up", text(device, "dialog-2")).join();
        assertThat(p.sessions().end(device, "dialog-2").join()).isTrue();
        Reply after = p.respond("seven am", text(device, "dialog-2")).join();
        assertThat(after.directives().get(1).payload().get("text").asText()).contains("didn't understand");
    }

    @Test
    void overHttp2AGreetingKeepsListeningAndTimedOutIsAcknowledged() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            List<StreamedParts.Part> greeting = device.send("TextRecognizer", "Recognize", "dialog-hi",
                    TestDevice.payload().put("text", "hello")).rest();
            Directive expect = greeting.get(greeting.size() - 1).directive();
            assertThat(expect.header().qualifiedName()).isEqualTo("SpeechRecognizer.ExpectSpeech");
            assertThat(expect.dialogRequestId()).isEqualTo("dialog-hi");
            StreamedParts timedOut = device.send("SpeechRecognizer", "ExpectSpeechTimedOut", "dialog-hi",
                    TestDevice.payload());
            assertThat(timedOut.status()).isEqualTo(204);
        }
    }

    @Test
    void overHttp2ExpectSpeechTimedOutEndsTheDialogueItNames() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            // answered in time, the words become the memo ...
            assertThat(renderedText(device, "dialog-in-time", "take a note")).isEqualTo("What should the memo say?");
            assertThat(renderedText(device, "dialog-in-time", "buy stamps")).isEqualTo("I saved a memo: buy stamps.");

            // ... after the device reports that nobody answered, the same words are no memo
            assertThat(renderedText(device, "dialog-late", "take a note")).isEqualTo("What should the memo say?");
            assertThat(device.send("SpeechRecognizer", "ExpectSpeechTimedOut", "dialog-late", TestDevice.payload())
                    .status()).isEqualTo(204);
            assertThat(renderedText(device, "dialog-late", "buy stamps")).doesNotContain("memo");
        }
    }

    /** The RenderText text a typed request got. */
    private static String renderedText(TestDevice device, String dialogRequestId, String text) throws Exception {
        return SpokenRequests.directive(device.send("TextRecognizer", "Recognize", dialogRequestId,
                TestDevice.payload().put("text", text)).directives(), "Clova.RenderText").payload().get("text").asText();
    }
}
