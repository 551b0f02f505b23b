package dev.opencic.client.context;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
    ObjectNode payload() {
        ObjectNode p = object();
        fill(p.putArray("allAlerts"), all);
        fill(p.putArray("activeAlerts"), active);
        return p;
    }

    private static void fill(ArrayNode array, List<AlertInfo> alerts) {
        for (AlertInfo a : alerts) {
            array.addObject().put("token", a.token()).put("type", a.type()).put("scheduledTime", a.scheduledTime());
        }
    }
}
