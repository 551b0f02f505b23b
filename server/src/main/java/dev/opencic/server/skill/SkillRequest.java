package dev.opencic.server.skill;

import dev.opencic.server.dialog.EventRequest;
import dev.opencic.server.nlu.IntentMatch;
import java.time.Clock;
import java.time.ZoneId;

/**
 * An understood request: the intent and slots, the words the user said, the originating event (for
 * its context objects and device), and the time zone and clock to answer in.
 */
public record SkillRequest(IntentMatch intent, String utterance, EventRequest event, ZoneId zone, Clock clock) {}
