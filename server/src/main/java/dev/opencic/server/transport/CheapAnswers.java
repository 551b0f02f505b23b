package dev.opencic.server.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.opencic.protocol.Event;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Locale;

/**
 * Requests whose last answer needed no synthesis (every attachment came from the answer cache):
 * "what time is it" asked by many devices. Such a request is admitted even when the synthesis stage
 * is full, since its answer most likely is cached again; if it is not after all, it asks for a
 * synthesis slot when its reply is written, and gets a {@code 503} then. Remembered for a minute,
 * as long as such answers ("It's 9:21 AM.") stay the same.
 *
 * <p>The key is the text, not the device: "what notes do I have" is cheap for a device with no
 * notes and not for the next one. So a request let in by the cheap lane whose answer needed
 * synthesis after all {@linkplain #neededSynthesis takes the text out}: one wrong guess per text,
 * not one per request (a load of such texts went past a full stage and waited 20–30 s).
 */
final class CheapAnswers {

    private final Cache<String, Boolean> recent = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(1))
            .build();
    private final Counter cached;
    private final Counter missed;

    CheapAnswers(MeterRegistry meters) {
        cached = Counter.builder("cic.cheap.lane").tag("outcome", "cached")
                .description("Requests admitted past a full synthesis stage whose answer was cached").register(meters);
        missed = Counter.builder("cic.cheap.lane").tag("outcome", "needed_synthesis")
                .description("Requests admitted past a full synthesis stage whose answer needed synthesis after all")
                .register(meters);
    }

    /** The request's key: event name, language and text; null for events without a text. */
    static String keyOf(String eventName, Event event) {
        JsonNode payload = event.payload(); // a copy: taken once
        String text = payload.path("text").asText("");
        if (text.isBlank()) {
            return null;
        }
        return eventName + '\n' + payload.path("lang").asText("") + '\n'
                + text.strip().toLowerCase(Locale.ROOT);
    }

    boolean isCheap(String key) {
        return key != null && recent.getIfPresent(key) != null;
    }

    /** @param cheapLane whether the request was let in by the cheap lane (the stage was full) */
    void answeredWithoutSynthesis(String key, boolean cheapLane) {
        if (cheapLane) {
            cached.increment();
        }
        if (key != null) {
            recent.put(key, Boolean.TRUE);
        }
    }

    /** A request let in by the cheap lane needed synthesis: its text is no longer cheap. */
    void neededSynthesis(String key) {
        missed.increment();
        if (key != null) {
            recent.invalidate(key);
        }
    }
}
