package dev.opencic.server.console;

import java.util.Set;

/**
 * One alarm or timer on the alarms page, as shown: when it rings next in its own time zone, its
 * repetition, the device's last report; {@code time}, {@code date} and {@code days} fill the edit form.
 */
public record AlertRow(String token, String kind, String when, String zone, String repeat, String status,
                       String time, String date, Set<String> days) {
    public boolean isAlarm() {
        return kind.equals("alarm");
    }
}
