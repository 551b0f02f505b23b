package dev.opencic.server.speech;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.opencic.server.api.DeviceIdentity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Remembers which dialogue each Speak token belongs to, and what the device reported about it
 * ({@code SpeechStarted}, {@code SpeechFinished}, {@code SpeechStopped}), so later skills can tell
 * whether the user heard an answer. Entries expire an hour after their last report.
 */
public final class SpeechTokens {

    /** One Speak as issued and as reported back. */
    public static final class Speech {
        private final DeviceIdentity device;
        private final String dialogRequestId;
        private final String text;
        private final List<Report> reports = new ArrayList<>();

        Speech(DeviceIdentity device, String dialogRequestId, String text) {
            this.device = device;
            this.dialogRequestId = dialogRequestId;
            this.text = text;
        }

        public DeviceIdentity device() {
            return device;
        }

        public String dialogRequestId() {
            return dialogRequestId;
        }

        public String text() {
            return text;
        }

        public synchronized List<Report> reports() {
            return List.copyOf(reports);
        }

        synchronized void add(Report r) {
            reports.add(r);
        }
    }

    public record Report(String state, Instant at) {}

    private final Clock clock;
    private final Cache<String, Speech> byToken;

    public SpeechTokens() {
        this(Clock.systemUTC());
    }

    /** Reports are stamped, and tokens forgotten an hour after their last use, by this clock. */
    public SpeechTokens(Clock clock) {
        this.clock = clock;
        this.byToken = Caffeine.newBuilder().ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfterAccess(Duration.ofHours(1)).maximumSize(100_000).build();
    }

    void issued(String token, DeviceIdentity device, String dialogRequestId, String text) {
        byToken.put(token, new Speech(device, dialogRequestId, text));
    }

    /**
     * Records a device's playback report. Returns the speech when the token is known and belongs to
     * this device; a token of another device is treated as unknown.
     */
    public Optional<Speech> report(String token, DeviceIdentity device, String state) {
        Speech s = byToken.getIfPresent(token);
        if (s == null || !s.device.equals(device)) {
            return Optional.empty();
        }
        s.add(new Report(state, clock.instant()));
        return Optional.of(s);
    }

    public Optional<Speech> find(String token) {
        return Optional.ofNullable(byToken.getIfPresent(token));
    }
}
