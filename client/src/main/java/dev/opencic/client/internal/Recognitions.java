package dev.opencic.client.internal;

import dev.opencic.protocol.Event;
import dev.opencic.protocol.Header;
import dev.opencic.protocol.MessageIds;
import dev.opencic.protocol.payload.Payloads;
import dev.opencic.protocol.payload.SpeechRecognizer;
import dev.opencic.protocol.payload.TextRecognizer;
import java.util.List;
import java.util.Optional;

/**
 * The recognition events a user's words become, by the dialogue rules: the answer to a question the
 * server asked ({@code SpeechRecognizer.ExpectSpeech}) goes under the question's dialogRequestId with
 * {@code speechId} = its {@code expectSpeechId} (the 2018 rule) and its {@code explicit}; anything
 * else starts a new dialog. Taking the question here means one answer answers it once.
 */
public final class Recognitions {

    /** The default {@code SpeechRecognizer.Recognize} audio format: 16 kHz 16-bit mono PCM. */
    static final String DEFAULT_FORMAT = "AUDIO_L16_RATE_16000_CHANNELS_1";

    private final ExpectedSpeech expectedSpeech;
    private final String language;

    public Recognitions(ExpectedSpeech expectedSpeech, String language) {
        this.expectedSpeech = expectedSpeech;
        this.language = language;
    }

    /** {@code TextRecognizer.Recognize} for what the user typed (context attached when sent). */
    public Event text(String text) {
        Optional<ExpectedSpeech.Question> question = expectedSpeech.take();
        TextRecognizer.Recognize payload = question
                .map(q -> new TextRecognizer.Recognize(text, q.expectSpeechId(), q.explicit()))
                .orElseGet(() -> new TextRecognizer.Recognize(text));
        return new Event(Header.of("TextRecognizer", "Recognize", dialogOf(question)), Payloads.toJson(payload), List.of());
    }

    /**
     * {@code SpeechRecognizer.Recognize} with {@code fields}' non-null values and defaults for the rest
     * ({@code lang} the client's language, {@code profileVersion} empty, 16 kHz 16-bit mono PCM);
     * context attached when sent.
     */
    public Event speech(SpeechRecognizer.Recognize fields) {
        Optional<ExpectedSpeech.Question> question = expectedSpeech.take();
        SpeechRecognizer.Recognize payload = new SpeechRecognizer.Recognize(
                fields.lang() != null ? fields.lang() : language,
                fields.profileVersion() != null ? fields.profileVersion() : "",
                fields.format() != null ? fields.format() : DEFAULT_FORMAT,
                fields.explicit() != null ? fields.explicit() : question.map(ExpectedSpeech.Question::explicit).orElse(null),
                fields.speechId() != null ? fields.speechId()
                        : question.map(ExpectedSpeech.Question::expectSpeechId).orElse(null));
        return new Event(Header.of("SpeechRecognizer", "Recognize", dialogOf(question)), Payloads.toJson(payload), List.of());
    }

    /** {@code SpeechRecognizer.ExpectSpeechTimedOut}: nobody answered {@code question} in time. */
    public static Event timedOut(ExpectedSpeech.Question question) {
        return new Event(Header.of("SpeechRecognizer", "ExpectSpeechTimedOut", question.dialogRequestId()),
                Payloads.toJson(new SpeechRecognizer.ExpectSpeechTimedOut()), List.of());
    }

    private static String dialogOf(Optional<ExpectedSpeech.Question> question) {
        return question.map(ExpectedSpeech.Question::dialogRequestId).orElseGet(MessageIds::newId);
    }
}
