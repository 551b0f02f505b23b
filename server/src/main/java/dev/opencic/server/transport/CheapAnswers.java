package dev.opencic.server.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.opencic.protocol.Event;
import java.time.Duration;
import java.util.Locale;

/**
 * Requests whose last answer needed no synthesis (every attachment came from the answer cache):
 * "what time is it" asked by many devices. Such a request is admitted even when the synthesis stage
 * is full, since its answer most likely is cached again; if it is not after all, it asks for a
 * synthesis slot when its reply is written, and gets a {@code 503} then. Remembered for a minute,
 * as long as such answers ("It's 9:21 AM.") stay the same.
 */
final class CheapAnswers {

    private final Cache<String, Boolean> recent = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(1))
            .build();

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

    void answeredWithoutSynthesis(String key) {
        if (key != null) {
            recent.put(key, Boolean.TRUE);
        }
    }
}
