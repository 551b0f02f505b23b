package dev.opencic.client.agent;

import dev.opencic.client.AgentHost;
import dev.opencic.client.CapabilityAgent;
import dev.opencic.client.ReceivedDirective;
import java.util.Set;

/**
 * The capability agent of the {@code System} namespace. System directives: {@code SynchronizeState} asks the device to report its state (send the {@code System.SynchronizeState}-related events the app supports). {@code System.Exception} never reaches agents: it surfaces as a {@link dev.opencic.client.CicException}.
 *
 * <p>Override the {@code on...} methods you support; the others do nothing, which marks the
 * directive handled. Methods run on the directive channel thread and may block.
 */
public class SystemAgent extends CapabilityAgent {

    /** The directive names this agent dispatches. */
    public static final Set<String> DIRECTIVES = Set.of("SynchronizeState");

    /** An agent for every System directive. */
    public SystemAgent() {
        super("System", DIRECTIVES);
    }

    /** Dispatches to the {@code on...} method for the directive's name. */
    @Override
    public void handle(ReceivedDirective directive, AgentHost host) throws Exception {
        switch (directive.name()) {
            case "SynchronizeState" -> onSynchronizeState(directive, host);
            default -> onOther(directive, host);
        }
    }

    /** {@code System.SynchronizeState}; does nothing by default. */
    protected void onSynchronizeState(ReceivedDirective directive, AgentHost host) throws Exception {}

    /** A name not in {@link #DIRECTIVES} (only reached by subclasses that widen the set); no-op. */
    protected void onOther(ReceivedDirective directive, AgentHost host) throws Exception {}
}
