package dev.opencic.client.agent;

import dev.opencic.client.AgentHost;
import dev.opencic.client.CapabilityAgent;
import dev.opencic.client.EventResponse;
import dev.opencic.client.ReceivedDirective;
import dev.opencic.protocol.payload.SystemSync;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The capability agent of the {@code System} namespace. {@link #requestSynchronizeState()} sends
 * {@code RequestSynchronizeState} (after a reconnect or a reset); the server's {@code
 * SynchronizeState} reaches {@link #onSynchronizeState(SystemSync.SynchronizeState, ReceivedDirective)}
 * typed, with every alert the device should have. {@code System.Exception} never reaches agents: it
 * surfaces as a {@link dev.opencic.client.CicException}.
 *
 * <p>Override the {@code on...} methods you support; the others do nothing, which marks the
 * directive handled. Methods run on the directive channel thread and may block.
 */
public class SystemAgent extends CapabilityAgent {

    /** The directive names this agent dispatches. */
    public static final Set<String> DIRECTIVES = Set.of("SynchronizeState");

    private volatile AgentHost host;

    /** An agent for every System directive. */
    public SystemAgent() {
        super("System", DIRECTIVES);
    }

    @Override
    protected void onAttach(AgentHost host) {
        this.host = host;
    }

    /** Dispatches to the {@code on...} method for the directive's name. */
    @Override
    public void handle(ReceivedDirective directive, AgentHost host) throws Exception {
        switch (directive.name()) {
            case "SynchronizeState" -> {
                onSynchronizeState(directive, host);
                onSynchronizeState(directive.payload(SystemSync.SynchronizeState.class), directive);
            }
            default -> onOther(directive, host);
        }
    }

    /** Sends {@code System.RequestSynchronizeState}; the server answers with {@code SynchronizeState}. */
    public CompletableFuture<EventResponse> requestSynchronizeState() {
        AgentHost h = host;
        if (h == null) {
            throw new IllegalStateException("SystemAgent is not registered with a built CicClient");
        }
        return h.send("System", "RequestSynchronizeState", new SystemSync.RequestSynchronizeState());
    }

    /** {@code System.SynchronizeState}, untyped (kept for existing subclasses); does nothing by default. */
    protected void onSynchronizeState(ReceivedDirective directive, AgentHost host) throws Exception {}

    /**
     * {@code System.SynchronizeState}: set the device's alerts to {@code allAlerts} (each an
     * {@code Alerts.SetAlert} payload); does nothing by default.
     */
    protected void onSynchronizeState(SystemSync.SynchronizeState payload, ReceivedDirective directive)
            throws Exception {}

    /** A name not in {@link #DIRECTIVES} (only reached by subclasses that widen the set); no-op. */
    protected void onOther(ReceivedDirective directive, AgentHost host) throws Exception {}
}
