package dev.opencic.protocol.payload;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The payloads of the {@code Alerts} namespace (Alerts.md). */
public final class Alerts {
    private Alerts() {}

    /**
     * Directive {@code SetAlert}: {@code scheduledTime} is ISO-8601 with offset; days for repeating
     * alarms (left out when there are none); {@code currentTime}, the server's time in the alert's
     * zone, for timers (an addition the later reference makes).
     */
    public record SetAlert(String token, String type, String scheduledTime,
                           @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> daysOfWeek, String currentTime)
            implements Payload {

        public SetAlert {
            daysOfWeek = daysOfWeek == null ? List.of() : List.copyOf(daysOfWeek);
        }

        public SetAlert(String token, String type, String scheduledTime, List<String> daysOfWeek) {
            this(token, type, scheduledTime, daysOfWeek, null);
        }
    }

    /**
     * Directives {@code DeleteAlert} and {@code StopAlert}, and the events that report on one alert:
     * {@code SetAlertSucceeded}/{@code Failed}, {@code DeleteAlertSucceeded}/{@code Failed}, {@code
     * AlertStarted}, {@code AlertStopped}, {@code RequestAlertStop}.
     */
    public record AlertToken(String token, String type) implements Payload {}

    /** Directive {@code SynchronizeAlert}: every alert the server keeps for the device. */
    public record SynchronizeAlert(List<SetAlert> allAlerts) implements Payload {

        public SynchronizeAlert {
            allAlerts = allAlerts == null ? List.of() : List.copyOf(allAlerts);
        }
    }

    /** Context object {@code AlertsState}: every alert the device keeps, and those ringing now. */
    public record AlertsState(List<SetAlert> allAlerts, List<SetAlert> activeAlerts) implements Payload {

        public AlertsState {
            allAlerts = allAlerts == null ? List.of() : List.copyOf(allAlerts);
            activeAlerts = activeAlerts == null ? List.of() : List.copyOf(activeAlerts);
        }
    }
}
