package dev.opencic.client.agent;

import dev.opencic.client.AgentHost;
import dev.opencic.client.Attachment;
import dev.opencic.client.CapabilityAgent;
import dev.opencic.client.CicClient;
import dev.opencic.client.EventResponse;
import dev.opencic.client.ReceivedDirective;
import dev.opencic.client.context.ContextObjects.SpeechActivity;
import dev.opencic.client.context.SpeechStateContext;
import dev.opencic.protocol.payload.Payload;
import dev.opencic.protocol.payload.SpeechSynthesizer.Speak;
import dev.opencic.protocol.payload.SpeechSynthesizer.SpeechFinished;
import dev.opencic.protocol.payload.SpeechSynthesizer.SpeechStarted;
import dev.opencic.protocol.payload.SpeechSynthesizer.SpeechStopped;
import java.io.IOException;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code SpeechSynthesizer} agent: plays each {@code Speak}'s audio through an {@link
 * AudioOutput} and reports it as the reference asks: {@code SpeechStarted} before playing, then
 * {@code SpeechFinished}, or {@code SpeechStopped} when a newer dialog interrupted it (barge-in: a
 * new recognition while it speaks). The dialog channel waits until the speech ends, so a {@code
 * RenderText} after it follows the voice. {@link #context()} reports {@code
 * SpeechSynthesizer.SpeechState} as playback goes (register it with {@link
 * dev.opencic.client.CicClient.Builder#contextProvider}); events sent while it speaks, such as the
 * user's barge-in, say {@code PLAYING}.
 */
public class SpeechSynthesizerAgent extends CapabilityAgent {

    private static final Logger log = LoggerFactory.getLogger(SpeechSynthesizerAgent.class);

    private final AudioOutput output;
    private final SpeechStateContext state = new SpeechStateContext();
    /** Reports are sent one after the other so the server sees Started before Finished. */
    private java.util.concurrent.CompletableFuture<?> reports = java.util.concurrent.CompletableFuture.completedFuture(null);

    private volatile AgentHost host;

    /** An agent playing speech through {@code output}. */
    public SpeechSynthesizerAgent(AudioOutput output) {
        super("SpeechSynthesizer", Set.of("Speak"));
        this.output = Objects.requireNonNull(output, "output");
    }

    @Override
    public void handle(ReceivedDirective directive, AgentHost host) throws Exception {
        Speak speak = directive.payload(Speak.class);
        String token = Objects.requireNonNullElse(speak.token(), "");
        String url = Objects.requireNonNullElse(speak.url(), "");
        Attachment audio = directive.attachment(url).orElseThrow(() ->
                new IOException("Speak has no attachment for url " + url + " (only cid: urls are supported)"));
        state.set(token, SpeechActivity.PLAYING);
        report(host, "SpeechStarted", new SpeechStarted(token));
        try {
            output.play(audio, Objects.requireNonNullElse(speak.format(), "AUDIO_MPEG"), token);
        } catch (Exception e) {
            state.set(token, SpeechActivity.STOPPED);
            throw e;
        }
        boolean stopped = directive.isCancelled();
        state.set(token, stopped ? SpeechActivity.STOPPED : SpeechActivity.FINISHED);
        report(host, stopped ? "SpeechStopped" : "SpeechFinished",
                stopped ? new SpeechStopped(token) : new SpeechFinished(token));
    }

    /** Remembers the client for {@link #request}; a subclass overriding this calls {@code super.onAttach(host)}. */
    @Override
    protected void onAttach(AgentHost host) {
        this.host = host;
    }

    /**
     * Sends {@code SpeechSynthesizer.Request}: the server synthesises {@code text} and answers with
     * a {@code Speak}, which this agent plays through its output like any other (the returned
     * response's {@link EventResponse#processed()} completes once it has).
     *
     * @param lang the language of {@code text}: {@code en}, {@code ja}, {@code ko} or {@code zh}
     */
    public java.util.concurrent.CompletableFuture<EventResponse> request(String text, String lang) {
        AgentHost h = host;
        if (h == null) {
            throw new IllegalStateException("SpeechSynthesizerAgent is not registered with a built CicClient");
        }
        return h.send("SpeechSynthesizer", "Request", new dev.opencic.protocol.payload.SpeechSynthesizer.Request(
                Objects.requireNonNull(text, "text"), Objects.requireNonNull(lang, "lang")));
    }

    /**
     * {@code SpeechSynthesizer.SpeechState}: the last Speak's token and whether it is playing,
     * stopped or finished; left out until the first Speak.
     */
    public SpeechStateContext context() {
        return state;
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

    private synchronized void report(AgentHost host, String name, Payload payload) {
        reports = reports.handle((r, e) -> null).thenCompose(ignored ->
                host.send("SpeechSynthesizer", name, payload))
                .whenComplete((r, e) -> {
                    if (e != null) {
                        log.warn("event=SpeechReportFailed name={} payload={} reason={}", name, payload, e.toString());
                    }
                });
    }
}
