package dev.opencic.server.dialog;

import dev.opencic.protocol.Directive;
import dev.opencic.protocol.payload.Payload;
import dev.opencic.protocol.payload.SpeechRecognizer;
import dev.opencic.server.api.AudioInput;
import dev.opencic.server.api.DirectivePusher;
import dev.opencic.server.api.EventRequest;
import dev.opencic.server.api.Reply;
import dev.opencic.server.api.SpeechArbiter;
import dev.opencic.server.speech.asr.RecognitionResult;
import dev.opencic.server.speech.asr.RecognitionSession;
import dev.opencic.server.speech.asr.RecognitionUpdate;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One spoken request in progress. Audio chunks are decoded one after another on a blocking thread
 * (the transport asks the device for the next chunk only when the previous one is decoded, so a
 * slow recogniser slows the upload instead of filling memory). The utterance ends at the first of:
 * the voice-activity endpoint, the maximum utterance length, or the device closing its upload. The
 * recogniser goes back to its pool in every case, including a device that aborts mid-stream.
 *
 * <p>An endpoint right after words that leave the phrase open ({@link MidPhrase}: "set a timer
 * for ...") is a pause, not the end: the device gets {@code KeepRecording} and the utterance goes on
 * until the words pause again ({@link #PAUSE_AFTER_KEEP_MS} of audio without a new hypothesis) or,
 * when no more words come, {@link #WAIT_AFTER_KEEP_MS}. The detector reports one end of speech per
 * utterance, so after the first the pause is measured on the hypothesis, in audio time.
 */
final class Utterance implements AudioInput.Consumer {

    private static final Logger log = LoggerFactory.getLogger(Utterance.class);

    /** At most this many KeepRecording per utterance: a speaker who keeps trailing off is answered. */
    static final int MAX_KEEPS = 2;
    /** After KeepRecording and new words, this much audio without a new hypothesis ends the utterance. */
    static final long PAUSE_AFTER_KEEP_MS = 1000;
    /** After KeepRecording, this much audio without any new words ends the utterance. */
    static final long WAIT_AFTER_KEEP_MS = 3000;

    private final EventRequest request;
    private final CompletableFuture<RecognitionSession> session;
    private final DirectivePusher pusher;
    private final IntentPipeline pipeline;
    private final long maxUtteranceMillis;
    private final Executor executor;
    private final CompletableFuture<Reply> reply = new CompletableFuture<>();
    private final SpeechArbiter.Entry contest;
    private final SignalLevel level = new SignalLevel();
    /** Given the audio and the words when a skill acted on them, or null: the recogniser learns nothing. */
    private final BiConsumer<byte[], String> learner;
    /** The audio the recogniser decoded, kept for {@link #learner}; null without one. */
    private final ByteArrayOutputStream heard;
    private CompletableFuture<Boolean> answers; // set once the level is known; guarded by this

    // Touched only by the chain of decode steps, which never run concurrently.
    private CompletableFuture<Void> tail;
    private boolean stopped;
    private String lastPartial = "";
    private int keeps;
    private boolean keeping;           // KeepRecording sent; the end is now a pause in the words
    private boolean wordsSinceKeep;
    private long lastChangeMillis;     // audio time of the last new hypothesis

    Utterance(EventRequest request, CompletableFuture<RecognitionSession> session, DirectivePusher pusher,
              IntentPipeline pipeline, Duration maxUtterance, Executor executor, SpeechArbiter.Entry contest,
              BiConsumer<byte[], String> learner) {
        this.request = request;
        this.learner = learner;
        this.heard = learner != null ? new ByteArrayOutputStream() : null;
        this.contest = contest;
        this.session = session;
        this.pusher = pusher;
        this.pipeline = pipeline;
        this.maxUtteranceMillis = maxUtterance.toMillis();
        this.executor = executor;
        this.tail = session.thenApply(s -> null);
        session.whenComplete((s, e) -> {
            if (e != null) {
                reply.completeExceptionally(e); // e.g. 503 when every recogniser stayed busy
            }
        });
    }

    CompletableFuture<Reply> reply() {
        return reply;
    }

    @Override
    public synchronized CompletionStage<Void> onAudio(byte[] chunk) {
        // Measured as the audio arrives, not as the recogniser gets to it, so that devices hearing
        // the same utterance are compared after the same stretch of real time.
        level.add(chunk);
        if (answers == null && level.complete()) {
            reportLevel();
        }
        tail = tail.thenRunAsync(() -> decode(chunk), executor);
        // A failed step must not stall the upload: the device's remaining audio is read and dropped.
        return tail.exceptionally(e -> null);
    }

    @Override
    public synchronized void onEnd() {
        tail = tail.thenRunAsync(() -> {
            if (!stopped) {
                stop(false); // the device stopped sending before the endpoint: answer with what we have
            }
        }, executor);
        tail.whenComplete((v, e) -> {
            if (e != null) {
                fail(e);
            }
        });
    }

    @Override
    public synchronized void onError(Throwable cause) {
        // After the decode steps already queued, so the recogniser is never used by two threads.
        tail.whenComplete((v, e) -> fail(cause));
    }

    private void decode(byte[] chunk) {
        if (stopped) {
            return; // audio after StopCapture is read and ignored
        }
        RecognitionSession s = session.join();
        if (heard != null) {
            heard.writeBytes(chunk);
        }
        RecognitionUpdate update = s.feed(chunk);
        if (update.hasPartial() && !update.partialText().equals(lastPartial)) {
            lastPartial = update.partialText();
            lastChangeMillis = update.audioMillis();
            wordsSinceKeep = keeping;
            push(new SpeechRecognizer.ShowRecognizedText(lastPartial));
        }
        if (update.audioMillis() >= maxUtteranceMillis) {
            stop(true);
        } else if (keeping) {
            long quiet = update.audioMillis() - lastChangeMillis;
            if (quiet >= (wordsSinceKeep ? PAUSE_AFTER_KEEP_MS : WAIT_AFTER_KEEP_MS)) {
                endOrKeep(update.audioMillis(), wordsSinceKeep);
            }
        } else if (update.endOfSpeech()) {
            endOrKeep(update.audioMillis(), true);
        }
    }

    /** At a pause: goes on listening when the words stop mid-phrase (and may), else ends the utterance. */
    private void endOrKeep(long audioMillis, boolean newWords) {
        if (newWords && keeps < MAX_KEEPS && MidPhrase.endsOpen(lastPartial)) {
            keeps++;
            keeping = true;
            wordsSinceKeep = false;
            lastChangeMillis = audioMillis;
            log.info("event=KeepRecording device={} dialogRequestId={} audioMs={} heard=\"{}\"",
                    request.device().deviceId(), request.dialogRequestId(), audioMillis, lastPartial);
            push(new SpeechRecognizer.KeepRecording());
        } else {
            stop(true);
        }
    }

    /** Ends the utterance, tells the device to stop capturing if it still is, and answers. */
    private void stop(boolean deviceStillSending) {
        stopped = true;
        if (deviceStillSending) {
            // Before the final decode (tens of milliseconds): the microphone closes as soon as the
            // user has stopped, with the hypothesis as it stands, which the final text rarely changes.
            push(new SpeechRecognizer.StopCapture(lastPartial));
        }
        RecognitionSession s = session.join();
        RecognitionResult result;
        try {
            result = s.finish();
        } finally {
            s.close();
        }
        log.info("event=SpeechRecognized device={} dialogRequestId={} audioMs={} rtf={} confidence={} speech={}",
                request.device().deviceId(), request.dialogRequestId(), result.audioMillis(),
                String.format("%.3f", result.realTimeFactor()), String.format("%.2f", result.confidence()),
                result.speechDetected());
        // Another device of the account that heard this utterance better answers it; this one
        // stops capturing and gets no answer, so the action happens once.
        CompletableFuture<Boolean> decided;
        synchronized (this) {
            decided = answers != null ? answers : reportLevel();
        }
        CompletableFuture<Reply> answer = decided.thenCompose(answering -> {
            if (!answering) {
                if (!deviceStillSending) {
                    push(new SpeechRecognizer.StopCapture(lastPartial));
                }
                return CompletableFuture.completedFuture(Reply.empty());
            }
            return result.speechDetected() && !result.text().isBlank()
                    ? pipeline.respond(result.text(), result.confidence(), request, () -> {
                        if (learner != null) {
                            learner.accept(heard.toByteArray(), result.text());
                        }
                    })
                    : CompletableFuture.completedFuture(pipeline.answer(SpeechRecognizerHandler.NOT_HEARD, request));
        });
        answer.whenComplete((r, e) -> {
            if (e != null) {
                reply.completeExceptionally(e);
            } else {
                reply.complete(r);
            }
        });
    }

    /**
     * Enters this utterance's level in the arbitration; a device that lost stops capturing at once
     * (its recogniser is freed) and is answered with nothing. Called holding this.
     */
    private CompletableFuture<Boolean> reportLevel() {
        answers = contest.decide(level.rms());
        // Async: the arbiter may complete this while another device's utterance holds its own lock.
        answers.thenAcceptAsync(answering -> {
            if (!answering) {
                synchronized (this) {
                    tail = tail.thenRunAsync(() -> {
                        if (!stopped) {
                            stop(true);
                        }
                    }, executor);
                }
            }
        }, executor);
        return answers;
    }

    private void fail(Throwable e) {
        contest.withdraw();
        session.thenAccept(s -> {
            if (!stopped) {
                stopped = true;
                s.cancel();
                s.close();
            }
        });
        reply.completeExceptionally(e);
    }

    private void push(Payload payload) {
        pusher.push(request.device(), Reply.of(Directive.of(request.dialogRequestId(), payload)));
    }
}
