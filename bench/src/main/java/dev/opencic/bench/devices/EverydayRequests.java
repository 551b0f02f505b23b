package dev.opencic.bench.devices;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What people ask a speaker every day, beyond "what time is it" (which the answer cache serves):
 * the clock, small talk, timers, alarms, notes, reminders, the calendar and music. Each answer
 * carries Speak and RenderText (volume changes and some list queries answer without one, so they are not here). None
 * needs the network (no weather) or a music library. Some change state (a note, a reminder, a
 * timer, an alarm, an event) and most answers differ from call to call, so synthesis runs.
 */
public final class EverydayRequests {

    public static final List<String> ALL = List.of(
            "what time is it",
            "what's the date today",
            "what day is it",
            "hello",
            "how are you",
            "what can you do",
            "set a timer for five minutes",
            "cancel my timer",
            "set an alarm for seven am",
            "note that the spare key is under the mat",
            "what are my notes",
            "remind me to water the plants",
            "what are my reminders",
            "add dentist at three pm tomorrow to my calendar",
            "how many meetings do i have tomorrow",
            "what's playing",
            "stop the alarm",
            "good morning",
            "tell me the time",
            "what's the time",
            "tell me the date",
            "hi there",
            "what do you know",
            "set a timer for ten minutes",
            "what notes do i have",
            "remind me to call the bank");

    private EverydayRequests() {}

    /** One of {@link #ALL}, uniformly at random. */
    public static String any() {
        return ALL.get(ThreadLocalRandom.current().nextInt(ALL.size()));
    }
}
