package dev.opencic.bench.cli;

import picocli.CommandLine.Option;

/**
 * The schedule of a simulated-device load: one text event per device per interval, and the
 * windows of the report (warm-up, measurement, then a tail during which the load keeps running so
 * the server can be measured under it).
 */
public final class EventLoadOptions {

    @Option(names = "--text", paramLabel = "TEXT", description = "What each device says, as a text event (default: ${DEFAULT-VALUE}).")
    public String text = "what time is it";

    @Option(names = "--everyday-requests",
            description = "Draw each event's text at random from 26 everyday requests (timers, notes, reminders, calendar,"
                    + " volume, small talk, ...: dev.opencic.bench.devices.EverydayRequests) instead of --text.")
    public boolean everydayRequests;

    @Option(names = "--event-interval-seconds", paramLabel = "S",
            description = "Seconds between two events of a device; the devices' events are spread evenly over it (default: ${DEFAULT-VALUE}).")
    public int eventIntervalSeconds = 60;

    @Option(names = "--ping-interval-seconds", paramLabel = "S", description = "HTTP/2 PING interval per connection (default: ${DEFAULT-VALUE}).")
    public int pingIntervalSeconds;

    @Option(names = "--warmup-seconds", paramLabel = "S", description = "Seconds of load before the measurement window (default: ${DEFAULT-VALUE}).")
    public int warmupSeconds = 60;

    @Option(names = "--measure-seconds", paramLabel = "S", description = "Length of the measurement window, reported as SUMMARY (default: ${DEFAULT-VALUE}).")
    public int measureSeconds = 120;

    @Option(names = "--tail-seconds", paramLabel = "S",
            description = "Seconds the load keeps running after SUMMARY, so the server can be measured under it (default: ${DEFAULT-VALUE}).")
    public int tailSeconds = 300;

    @Option(names = "--report-seconds", paramLabel = "S", description = "Seconds between two WINDOW lines (default: ${DEFAULT-VALUE}).")
    public int reportSeconds = 10;

    public EventLoadOptions() {
        this(30);
    }

    /** With another default PING interval. */
    public EventLoadOptions(int pingIntervalSeconds) {
        this.pingIntervalSeconds = pingIntervalSeconds;
    }
}
