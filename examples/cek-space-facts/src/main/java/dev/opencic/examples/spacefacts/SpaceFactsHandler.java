package dev.opencic.examples.spacefacts;

import com.linecorp.clova.extension.boot.handler.annnotation.CEKRequestHandler;
import com.linecorp.clova.extension.boot.handler.annnotation.IntentMapping;
import com.linecorp.clova.extension.boot.handler.annnotation.LaunchMapping;
import com.linecorp.clova.extension.boot.handler.annnotation.SessionEndedMapping;
import com.linecorp.clova.extension.boot.handler.annnotation.SlotValue;
import com.linecorp.clova.extension.boot.message.response.CEKResponse;
import com.linecorp.clova.extension.boot.message.speech.OutputSpeech;
import com.linecorp.clova.extension.boot.session.SessionHolder;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The extension's answers: a welcome that keeps the session open, a fact per planet (counting the
 * facts told in this session in a session attribute, so a question can go on), and a goodbye.
 */
@CEKRequestHandler
public class SpaceFactsHandler {

    private static final Logger log = LoggerFactory.getLogger(SpaceFactsHandler.class);
    private final AtomicInteger sessionsEnded = new AtomicInteger();
    private final AtomicReference<Trip> lastTrip = new AtomicReference<>();

    /** A booking as the SDK handed it over: each built-in slot already converted to its Java type. */
    public record Trip(int seats, String city, String who, LocalDate day, LocalTime at, Duration length) {
    }

    @LaunchMapping
    CEKResponse launch(SessionHolder session) {
        session.setAttribute("facts", 0);
        return CEKResponse.builder().outputSpeech(OutputSpeech.text("Welcome to space facts. Which planet?"))
                .shouldEndSession(false).build();
    }

    @IntentMapping("GetFact")
    CEKResponse fact(@SlotValue("planet") String planet, SessionHolder session) {
        Integer told = session.getAttribute("facts", Integer.class);
        int facts = (told == null ? 0 : told) + 1;
        session.setAttribute("facts", facts);
        String fact = switch (planet) {
            case "mars" -> "Mars has the tallest volcano in the solar system.";
            case "venus" -> "A day on Venus is longer than its year.";
            default -> "I only know Mars and Venus.";
        };
        // Within a session, keep asking; a one-shot "ask space facts about venus" ends after the answer.
        boolean inSession = told != null;
        return CEKResponse.builder()
                .outputSpeech(OutputSpeech.text(fact + (inSession ? " That was fact " + facts + ". Another planet?" : "")))
                .shouldEndSession(!inSession).build();
    }

    /** Slots of every built-in type, typed by the SDK (DATE and TIME by their {@code valueType}). */
    @IntentMapping("BookTrip")
    CEKResponse book(@SlotValue("count") Integer seats, @SlotValue("city") String city, @SlotValue("who") String who,
            @SlotValue("day") LocalDate day, @SlotValue("at") LocalTime at, @SlotValue("length") String length) {
        Trip trip = new Trip(seats, city, who, day, at, Duration.parse(length));
        lastTrip.set(trip);
        return CEKResponse.builder().outputSpeech(OutputSpeech.text("Booked " + trip.seats() + " seats to " + trip.city()
                + " for " + trip.who() + " on " + trip.day() + " at " + trip.at() + " for " + trip.length() + "."))
                .shouldEndSession(true).build();
    }

    @IntentMapping("Clova.FallbackIntent")
    CEKResponse fallback() {
        return CEKResponse.builder().outputSpeech(OutputSpeech.text("Say Mars or Venus.")).shouldEndSession(false).build();
    }

    @SessionEndedMapping
    CEKResponse ended() {
        sessionsEnded.incrementAndGet();
        log.info("space facts: session ended");
        return CEKResponse.empty();
    }

    /** The last booking asked for, or null. */
    public Trip lastTrip() {
        return lastTrip.get();
    }

    /** How many sessions the platform told this extension had ended. */
    public int sessionsEnded() {
        return sessionsEnded.get();
    }
}
