package dev.opencic.device;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.opencic.client.Attachment;
import dev.opencic.client.CapabilityAgent;
import dev.opencic.client.CicClient;
import dev.opencic.client.ReceivedDirective;
import dev.opencic.client.agent.AudioOutput;
import java.io.IOException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The device's {@code SpeechSynthesizer} agent: plays each Speak through an {@link AudioOutput} and
 * reports {@code SpeechStarted}, then {@code SpeechFinished} (or {@code SpeechStopped} when a newer
 * dialog interrupted it), in order, like the SDK's {@code SpeechSynthesizerAgent}. It exists because
 * a one-shot command must not exit before its reports reached the server, and the SDK agent does not
 * say when they did: {@link #reportsSent()} does.
 */
final class SpeechPlayer extends CapabilityAgent {

    private final AudioOutput output;
    private final DirectivePrinter printer;
    private CompletableFuture<?> reports = CompletableFuture.completedFuture(null);

    SpeechPlayer(AudioOutput output, DirectivePrinter printer) {
        super("SpeechSynthesizer", Set.of("Speak"));
        this.output = Objects.requireNonNull(output, "output");
        this.printer = printer;
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

    @Override
    public void onCancel(ReceivedDirective directive) {
        output.stop();
    }

    /** Completes when every report queued so far was answered (or failed; failures are warned about). */
    synchronized CompletableFuture<Void> reportsSent() {
        return reports.handle((r, e) -> null);
    }

    private synchronized void report(CicClient client, String name, String token) {
        reports = reports.handle((r, e) -> null).thenCompose(ignored ->
                client.send("SpeechSynthesizer", name, JsonNodeFactory.instance.objectNode().put("token", token)))
                .whenComplete((r, e) -> {
                    if (e != null && printer != null) {
                        printer.warn("could not report " + name + ": "
                                + DeviceException.describe(DeviceException.unwrap(e)));
                    }
                });
    }
}
