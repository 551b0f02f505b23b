package dev.opencic.protocol.payload;

import java.util.List;

/** The payloads of the {@code Alerts} namespace (Alerts.md). */
public final class Alerts {
    private Alerts() {}

    /** Directive {@code SetAlert}: {@code scheduledTime} is ISO-8601 with offset; days for repeating alarms. */
    public record SetAlert(String token, String type, String scheduledTime, List<String> daysOfWeek) implements Payload {

        public SetAlert {
            daysOfWeek = daysOfWeek == null ? List.of() : List.copyOf(daysOfWeek);
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
}
