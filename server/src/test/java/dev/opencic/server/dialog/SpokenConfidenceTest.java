package dev.opencic.server.dialog;

import static dev.opencic.server.skill.SkillTestSupport.names;
import static dev.opencic.server.skill.SkillTestSupport.words;
import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.protocol.Directive;
import dev.opencic.protocol.MessageIds;
import dev.opencic.server.speech.asr.RecognitionResult;
import dev.opencic.server.speech.asr.RecognitionSession;
import dev.opencic.server.speech.asr.RecognitionUpdate;
import dev.opencic.server.speech.asr.SpeechRecognitionEngine;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.TestDevice;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The recogniser's confidence decides, over HTTP/2 with real audio uploads: a spoken command heard
 * with low confidence is asked about ("Did you want an alarm ...?") and done only on "yes"; heard
 * with very low confidence it is not even asked about. The recogniser here hears what the test says
 * it hears, at the confidence the test gives: which words PocketSphinx hears, and how sure it is,
 * is measured on generated audio in docs/benchmarks-asr.md (ConfidenceRoc), where the thresholds
 * come from.
 */
class SpokenConfidenceTest {

    /** What the recogniser hears next, and how sure it is. */
    static final AtomicReference<RecognitionResult> NEXT = new AtomicReference<>();

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> { }, builder -> builder.speechRecognition(new Scripted()));

    @Test
    void aCommandHeardWithLowConfidenceIsAskedAndYesDoesIt() throws Exception {
        try (TestDevice device = newAccountDevice()) {
            String dialog = MessageIds.newId();
            List<Directive> question = hear(device, dialog, "set an alarm for 8 am tomorrow", 0.25);
            assertThat(names(question)).doesNotContain("Alerts.SetAlert").contains("SpeechRecognizer.ExpectSpeech");
            assertThat(words(question)).isEqualTo("I'm not sure I heard you right. Did you want an alarm for 8 am tomorrow?");

            List<Directive> done = hear(device, dialog, "yes", 0.3);
            assertThat(names(done)).contains("Alerts.SetAlert");
            assertThat(words(done)).startsWith("Okay, your alarm is set for 8:00 AM");
        }
    }

    @Test
    void noToTheQuestionChangesNothing() throws Exception {
        try (TestDevice device = newAccountDevice()) {
            String dialog = MessageIds.newId();
            hear(device, dialog, "remind me to call the bank tomorrow at 5 pm", 0.3);
            assertThat(words(hear(device, dialog, "no", 0.6))).isEqualTo("Okay, I won't.");
            assertThat(words(hear(device, MessageIds.newId(), "what are my reminders", 0.9))).isEqualTo("You have no reminders.");
        }
    }

    @Test
    void aCommandHeardWithVeryLowConfidenceIsNotEvenAsked() throws Exception {
        try (TestDevice device = newAccountDevice()) {
            List<Directive> answer = hear(device, MessageIds.newId(), "take a note that toddler for toddler units", 0.08);
            assertThat(names(answer)).doesNotContain("Clova.AddMemo", "SpeechRecognizer.ExpectSpeech");
            assertThat(words(answer)).startsWith("Sorry, I didn't catch that.");
        }
    }

    @Test
    void aConfidentCommandIsDoneAndReadOnlyAnswersNeedNoConfidence() throws Exception {
        try (TestDevice device = newAccountDevice()) {
            List<Directive> memo = hear(device, MessageIds.newId(), "take a note that the keys are in the drawer", 0.6);
            assertThat(names(memo)).contains("Clova.AddMemo");
            assertThat(words(hear(device, MessageIds.newId(), "what time is it", 0.06))).startsWith("It's ");
        }
    }

    @Test
    void oneWordOfDictationFromTheRecogniserIsAskedAbout() throws Exception {
        try (TestDevice device = newAccountDevice()) {
            List<Directive> answer = hear(device, MessageIds.newId(), "remind me again", 0.74);
            assertThat(names(answer)).doesNotContain("Clova.AddReminder").contains("SpeechRecognizer.ExpectSpeech");
        }
    }

    /** Uploads a second of audio as SpeechRecognizer.Recognize; the recogniser hears {@code words}. */
    static List<Directive> hear(TestDevice device, String dialogRequestId, String words, double confidence) throws Exception {
        NEXT.set(new RecognitionResult(words, confidence, 1000, true, 0));
        TestDevice.StreamingEvent event = device.startEvent(TestDevice.metadata("SpeechRecognizer", "Recognize",
                dialogRequestId, TestDevice.payload().put("lang", "en").put("profile", "CLOSE_TALK")
                        .put("format", "AUDIO_L16_RATE_16000_CHANNELS_1")));
        byte[] chunk = new byte[6400];
        for (int i = 0; i < 5; i++) {
            event.writeAudio(chunk);
        }
        event.finish();
        return event.response().directives();
    }

    static TestDevice newAccountDevice() throws Exception {
        TestDevice device = cic.deviceOf("u" + java.util.UUID.randomUUID().toString().substring(0, 8),
                "a long enough password", "device-" + java.util.UUID.randomUUID());
        device.connect();
        return device;
    }

    /** A recogniser that hears {@link #NEXT} once the device ends its upload. */
    static final class Scripted implements SpeechRecognitionEngine {
        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public Set<String> languages() {
            return Set.of("en");
        }

        @Override
        public boolean isAvailable() {
            return true;
        }

        @Override
        public String unavailableReason() {
            return "";
        }

        @Override
        public CompletableFuture<RecognitionSession> open(String lang, Duration maxWait) {
            return CompletableFuture.completedFuture(new RecognitionSession() {
                private long millis;

                @Override
                public RecognitionUpdate feed(byte[] pcm) {
                    millis += pcm.length / 32;
                    return new RecognitionUpdate("", true, false, millis);
                }

                @Override
                public RecognitionResult finish() {
                    return NEXT.get();
                }

                @Override
                public void cancel() {}

                @Override
                public void close() {}
            });
        }

        @Override
        public void close() {}
    }
}
