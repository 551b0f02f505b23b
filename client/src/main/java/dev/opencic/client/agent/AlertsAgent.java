package dev.opencic.client.agent;

import dev.opencic.client.AgentHost;
import dev.opencic.client.CapabilityAgent;
import dev.opencic.client.ReceivedDirective;
import java.util.Set;

/**
 * The capability agent of the {@code Alerts} namespace. Alarms, timers and reminders the device rings by itself: set, delete, stop and synchronise them. Report the outcome with {@code SetAlertSucceeded}/{@code SetAlertFailed} and so on, and keep an {@link dev.opencic.client.context.AlertsStateContext} up to date.
 *
 * <p>Override the {@code on...} methods you support; the others do nothing, which marks the
 * directive handled. Methods run on the directive channel thread and may block.
 */
public class AlertsAgent extends CapabilityAgent {

    /** The directive names this agent dispatches. */
    public static final Set<String> DIRECTIVES = Set.of("SetAlert", "DeleteAlert", "StopAlert", "SynchronizeAlert");

    /** An agent for every Alerts directive. */
    public AlertsAgent() {
        super("Alerts", DIRECTIVES);
    }

    /** Dispatches to the {@code on...} method for the directive's name. */
    @Override
    public void handle(ReceivedDirective directive, AgentHost host) throws Exception {
        switch (directive.name()) {
            case "SetAlert" -> onSetAlert(directive, host);
            case "DeleteAlert" -> onDeleteAlert(directive, host);
            case "StopAlert" -> onStopAlert(directive, host);
            case "SynchronizeAlert" -> onSynchronizeAlert(directive, host);
            default -> onOther(directive, host);
        }
    }

    /** {@code Alerts.SetAlert}; does nothing by default. */
    protected void onSetAlert(ReceivedDirective directive, AgentHost host) throws Exception {}

    /** {@code Alerts.DeleteAlert}; does nothing by default. */
    protected void onDeleteAlert(ReceivedDirective directive, AgentHost host) throws Exception {}

    /** {@code Alerts.StopAlert}; does nothing by default. */
    protected void onStopAlert(ReceivedDirective directive, AgentHost host) throws Exception {}

    /** {@code Alerts.SynchronizeAlert}; does nothing by default. */
    protected void onSynchronizeAlert(ReceivedDirective directive, AgentHost host) throws Exception {}

    /** A name not in {@link #DIRECTIVES} (only reached by subclasses that widen the set); no-op. */
    protected void onOther(ReceivedDirective directive, AgentHost host) throws Exception {}
}
