package dev.opencic.client.agent;

import dev.opencic.client.AgentHost;
import dev.opencic.client.CapabilityAgent;
import dev.opencic.client.EventResponse;
import dev.opencic.client.ReceivedDirective;
import dev.opencic.protocol.payload.Alerts;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The capability agent of the {@code Alerts} namespace. Alarms, timers and reminders the device rings by itself: set, delete, stop and synchronise them. Report the outcome with {@code SetAlertSucceeded}/{@code SetAlertFailed} and so on, and keep an {@link dev.opencic.client.context.AlertsStateContext} up to date.
 *
 * <p>Override the {@code on...} methods you support; the others do nothing, which marks the
 * directive handled. Methods run on the directive channel thread and may block.
 */
public class AlertsAgent extends CapabilityAgent {

    /** The directive names this agent dispatches. */
    public static final Set<String> DIRECTIVES = Set.of("SetAlert", "DeleteAlert", "StopAlert", "SynchronizeAlert");

    private volatile AgentHost host;

    /** An agent for every Alerts directive. */
    public AlertsAgent() {
        super("Alerts", DIRECTIVES);
    }

    /**
     * Remembers the client for {@link #requestAlertStop} and {@link #reportDeleteAlertFailed}; a
     * subclass overriding this calls {@code super.onAttach(host)}.
     */
    @Override
    protected void onAttach(AgentHost host) {
        this.host = host;
    }

    /**
     * Sends {@code RequestAlertStop}: the user stopped the ringing alert {@code token} with a button
     * (not by voice). The server answers with {@code StopAlert}, which reaches {@link #onStopAlert};
     * the reference lets the device mute while it waits for it.
     *
     * @param type {@code ALARM}, {@code TIMER}, {@code REMINDER} or {@code ACTIONTIMER}
     */
    public CompletableFuture<EventResponse> requestAlertStop(String token, String type) {
        return attached().send("Alerts", "RequestAlertStop", alertToken(token, type));
    }

    /**
     * Sends {@code DeleteAlertFailed}: the device could not delete the alert a {@code DeleteAlert}
     * named. A server that still keeps the alert answers with a {@code SetAlert} for it.
     */
    public CompletableFuture<EventResponse> reportDeleteAlertFailed(String token, String type) {
        return attached().send("Alerts", "DeleteAlertFailed", alertToken(token, type));
    }

    private static Alerts.AlertToken alertToken(String token, String type) {
        return new Alerts.AlertToken(Objects.requireNonNull(token, "token"), Objects.requireNonNull(type, "type"));
    }

    private AgentHost attached() {
        AgentHost h = host;
        if (h == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " is not registered with a built CicClient");
        }
        return h;
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
