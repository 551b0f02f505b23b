package dev.opencic.client.context;

import dev.opencic.protocol.payload.Payload;
import java.util.List;
import java.util.Objects;

/** {@code Alerts.AlertsState}: every alert set on the device and those ringing now. */
public final class AlertsStateContext extends SettableContext {

    /**
     * One alert as the reference's AlertInfoObject has it.
     *
     * @param token         the token from SetAlert
     * @param type          ALARM, TIMER, REMINDER, ...
     * @param scheduledTime ISO 8601
     */
    public record AlertInfo(String token, String type, String scheduledTime) {
        public AlertInfo {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(scheduledTime, "scheduledTime");
        }
    }

    private List<AlertInfo> all = List.of();
    private List<AlertInfo> active = List.of();

    /** Starts with no alerts (both arrays empty, as the reference requires). */
    public AlertsStateContext() {
        super("Alerts", "AlertsState");
    }

    /** Replaces both lists. */
    public synchronized void set(List<AlertInfo> all, List<AlertInfo> active) {
        this.all = List.copyOf(all);
        this.active = List.copyOf(active);
    }

    @Override
    Payload payload() {
        return new ContextObjects.AlertsState(all, active);
    }
}
