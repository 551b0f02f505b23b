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
 * Requests whose answers mostly need no synthesis (every attachment came from the answer cache):
 * "what time is it" asked by many devices. Such a request is admitted even when the synthesis stage
 * is full, since its answer most likely is cached again; if it is not after all, its handler has
 * already acted, so its answer takes an {@linkplain dev.opencic.server.admission.Stage#admitOwed
 * owed} synthesis slot at the head of the queue rather than a {@code 503}.
 *
 * <p>The key is the text, not the device: "what notes do I have" is cheap for a device with no
 * notes and not for the next one. So each text keeps a score of answers from the cache against
 * answers that needed synthesis, and stays in the lane only while the first outnumber the second
 * {@value #HITS_PER_MISS} to 1: "what time is it", whose answer changes once a minute, stays; a text
 * whose answers differ per device drops out after one wrong guess (a load of such texts went past a
 * full stage and waited 20–30 s). Scores halve every minute, so the lane follows what texts do now.
 */
final class CheapAnswers {

    /** Answers from the cache needed per answer that needed synthesis for a text to stay cheap. */
    static final int HITS_PER_MISS = 4;
    private static final long HALF_LIFE_NANOS = Duration.ofMinutes(1).toNanos();

    /** One text's recent answers. Updated under the cache entry's lock ({@code asMap().compute}). */
    private record Score(int cached, int synthesised, long since) {
        Score decayed(long now) {
            return now - since < HALF_LIFE_NANOS ? this : new Score(cached / 2, synthesised / 2, now);
        }

        Score plus(int cachedAnswers, int synthesisedAnswers) {
            return new Score(cached + cachedAnswers, synthesised + synthesisedAnswers, since);
        }

        boolean cheap() {
            return cached > HITS_PER_MISS * synthesised;
        }
    }

    private final Cache<String, Score> recent = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(2))
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
        Score score = key == null ? null : recent.getIfPresent(key);
        return score != null && score.cheap();
    }

    /** @param cheapLane whether the request was let in by the cheap lane (the stage was full) */
    void answeredWithoutSynthesis(String key, boolean cheapLane) {
        if (cheapLane) {
            cached.increment();
        }
        if (key != null) {
            long now = System.nanoTime();
            recent.asMap().compute(key, (k, old) -> (old == null ? new Score(0, 0, now) : old.decayed(now)).plus(1, 0));
        }
    }

    /**
     * The request's answer needed synthesis. Counted for every request with a text (not only those
     * the cheap lane let in), so a text that stopped being cheap leaves the lane before it is let in.
     *
     * @param cheapLane whether the request was let in by the cheap lane (the stage was full)
     */
    void neededSynthesis(String key, boolean cheapLane) {
        if (cheapLane) {
            missed.increment();
        }
        if (key != null) { // texts never answered from the cache are not tracked
            long now = System.nanoTime();
            recent.asMap().computeIfPresent(key, (k, old) -> old.decayed(now).plus(0, 1));
        }
    }
}
