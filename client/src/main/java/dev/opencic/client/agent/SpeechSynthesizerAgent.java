package dev.opencic.client.agent;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.opencic.client.Attachment;
import dev.opencic.client.CapabilityAgent;
import dev.opencic.client.CicClient;
import dev.opencic.client.ReceivedDirective;
import java.io.IOException;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code SpeechSynthesizer} agent: plays each {@code Speak}'s audio through an {@link
 * AudioOutput} and reports it as the reference asks: {@code SpeechStarted} before playing, then
 * {@code SpeechFinished}, or {@code SpeechStopped} when a newer dialog interrupted it. The dialog
 * channel waits until the speech ends, so a {@code RenderText} after it follows the voice.
 */
public class SpeechSynthesizerAgent extends CapabilityAgent {

    private static final Logger log = LoggerFactory.getLogger(SpeechSynthesizerAgent.class);

    private final AudioOutput output;
    /** Reports are sent one after the other so the server sees Started before Finished. */
    private java.util.concurrent.CompletableFuture<?> reports = java.util.concurrent.CompletableFuture.completedFuture(null);

    /** An agent playing speech through {@code output}. */
    public SpeechSynthesizerAgent(AudioOutput output) {
        super("SpeechSynthesizer", Set.of("Speak"));
        this.output = Objects.requireNonNull(output, "output");
    }

    @Override
    public void handle(ReceivedDirective directive, CicClient client) throws Exception {
        String token = directive.payload().path("token").asText("");
        String url = directive.payload().path("url").asText("");
        String format = directive.payload().path("format").asText("AUDIO_MPEG");
        Attachment audio = directive.attachment(url).orElseThrow(() ->
                new IOException("Speak has no attachment for url " + url + " (only cid: urls are supported)"));
        report(client, "SpeechStarted", token);
        output.play(audio, format, token);
        report(client, directive.isCancelled() ? "SpeechStopped" : "SpeechFinished", token);
    }

    /**
     * Completes when every report queued so far has been answered by the server or has failed
     * (failures are logged, never reported here): wait for it before exiting a program that just
     * spoke. {@link CicClient#close()} also waits for them, up to 2 s.
     */
    public synchronized java.util.concurrent.CompletableFuture<Void> reportsSent() {
        return reports.handle((r, e) -> null);
    }

    /** Stops the output when a newer dialog starts. */
    @Override
    public void onCancel(ReceivedDirective directive) {
        output.stop();
    }

    private synchronized void report(CicClient client, String name, String token) {
        reports = reports.handle((r, e) -> null).thenCompose(ignored ->
                client.send("SpeechSynthesizer", name, JsonNodeFactory.instance.objectNode().put("token", token)))
                .whenComplete((r, e) -> {
                    if (e != null) {
                        log.warn("event=SpeechReportFailed name={} token={} reason={}", name, token, e.toString());
                    }
                });
    }
}
