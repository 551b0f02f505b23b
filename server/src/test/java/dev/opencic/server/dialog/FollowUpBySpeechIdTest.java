package dev.opencic.server.dialog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.protocol.Directive;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.SpokenRequests;
import dev.opencic.server.testing.TestDevice;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The 2018 rule over HTTP/2: a reply whose payload's {@code speechId} is the question's {@code
 * expectSpeechId} answers it, under any dialogRequestId; the 2017 rule (same dialogRequestId, no
 * speechId) still works beside it (see {@link FollowUpTest}).
 */
class FollowUpBySpeechIdTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(0));

    @Test
    void aReplyCarryingTheExpectSpeechIdUnderANewDialogAnswersTheQuestion() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            String expectSpeechId = question(device, "dialog-question");

            List<Directive> answer = device.send("TextRecognizer", "Recognize", "dialog-other",
                    TestDevice.payload().put("text", "buy stamps").put("speechId", expectSpeechId)).directives();

            assertThat(text(answer)).isEqualTo("I saved a memo: buy stamps.");
            // the dialogue is over under both keys: neither the old dialogRequestId nor the speechId answers again
            assertThat(text(device.send("TextRecognizer", "Recognize", "dialog-question",
                    TestDevice.payload().put("text", "buy milk")).directives())).doesNotContain("memo");
            assertThat(text(device.send("TextRecognizer", "Recognize", "dialog-third",
                    TestDevice.payload().put("text", "buy milk").put("speechId", expectSpeechId)).directives()))
                    .doesNotContain("memo");
        }
    }

    @Test
    void anUnknownSpeechIdFallsBackToTheDialogRequestId() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            question(device, "dialog-q2");

            List<Directive> answer = device.send("TextRecognizer", "Recognize", "dialog-q2",
                    TestDevice.payload().put("text", "buy bread").put("speechId", "not-an-expect-speech-id")).directives();

            assertThat(text(answer)).isEqualTo("I saved a memo: buy bread.");
        }
    }

    @Test
    void anotherDevicesSpeechIdDoesNotAnswerTheQuestion() throws Exception {
        try (TestDevice asker = cic.newDevice(); TestDevice other = cic.newDevice()) {
            asker.connect();
            other.connect();
            String expectSpeechId = question(asker, "dialog-q3");

            List<Directive> answer = other.send("TextRecognizer", "Recognize", "dialog-x",
                    TestDevice.payload().put("text", "buy eggs").put("speechId", expectSpeechId)).directives();

            assertThat(text(answer)).doesNotContain("memo");
        }
    }

    /** Asks "take a note"; returns the ExpectSpeech's expectSpeechId. */
    private static String question(TestDevice device, String dialogRequestId) throws Exception {
        List<Directive> ds = device.send("TextRecognizer", "Recognize", dialogRequestId,
                TestDevice.payload().put("text", "take a note")).directives();
        assertThat(text(ds)).isEqualTo("What should the memo say?");
        return SpokenRequests.directive(ds, "SpeechRecognizer.ExpectSpeech").payload().get("expectSpeechId").asText();
    }

    private static String text(List<Directive> ds) {
        return SpokenRequests.directive(ds, "Clova.RenderText").payload().get("text").asText();
    }
}
