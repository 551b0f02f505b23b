package dev.opencic.server.skill;

import dev.opencic.server.api.EventRequest;
import dev.opencic.server.nlu.IntentMatch;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;

/**
 * An understood request: the intent and slots, the words the user said, the originating event (for
 * its context objects and device), and the time zone and clock to answer in.
 */
public record SkillRequest(IntentMatch intent, String utterance, EventRequest event, ZoneId zone, Clock clock) {

    /** This request with one more slot, filled from a follow-up {@code reply} (its event, zone and clock). */
    public SkillRequest withSlot(String slot, String value, SkillRequest reply) {
        Map<String, String> slots = new HashMap<>(intent.slots());
        slots.put(slot, value);
        IntentMatch completed = new IntentMatch(intent.intent(), slots, intent.confidence(), intent.template());
        return new SkillRequest(completed, utterance + " / " + value, reply.event(), reply.zone(), reply.clock());
    }

    /** The current time in the request's zone. */
    public ZonedDateTime now() {
        return ZonedDateTime.now(clock).withZoneSameInstant(zone);
    }
}
