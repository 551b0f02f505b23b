package dev.opencic.client.agent;

import dev.opencic.client.AgentHost;
import dev.opencic.client.CapabilityAgent;
import dev.opencic.client.ReceivedDirective;
import java.util.Set;

/**
 * The capability agent of the {@code Reminder} namespace. The Reminder namespace. The reference defines only events for it ({@code Created}, {@code Deleted}, {@code Get}, {@code Updated}); this agent receives any Reminder directive a server sends.
 *
 * <p>Override the {@code on...} methods you support; the others do nothing, which marks the
 * directive handled. Methods run on the directive channel thread and may block.
 */
public class ReminderAgent extends CapabilityAgent {

    /** An agent for every Reminder directive name. */
    public ReminderAgent() {
        super("Reminder", Set.of());
    }

    /** Dispatches to the {@code on...} method for the directive's name. */
    @Override
    public void handle(ReceivedDirective directive, AgentHost host) throws Exception {
        onDirective(directive, host);
    }

    /** Any directive of this namespace; does nothing by default. */
    protected void onDirective(ReceivedDirective directive, AgentHost host) throws Exception {}
}
