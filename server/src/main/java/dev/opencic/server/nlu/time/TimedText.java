package dev.opencic.server.nlu.time;

import static java.util.Objects.requireNonNull;

import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A request's words split into what it is about and when: "call mom tomorrow at 5" is "call mom"
 * and tomorrow at 17:00; "in 20 minutes to check the oven" is "check the oven" in 20 minutes. The
 * time is the shortest run of words at the end (or else at the start) that
 * {@link TimeExpressions#parse} resolves exactly as it resolves the whole text; the words that tie
 * the two together ("at", "on", "to"...) are dropped from the subject.
 *
 * @param subject what remains once the time is taken out; the whole text when no time was found
 * @param time    what the time words resolve to; {@link TimeExpression.Status#UNRECOGNISED} when none
 */
public record TimedText(String subject, TimeExpression time) {

    private static final Set<String> TRAILING_LINKS = Set.of("at", "on", "in", "for", "by", "this", "next",
            "every", "the", "of", "from", "until", "around", "about", "before", "after");
    private static final Set<String> LEADING_LINKS = Set.of("to", "that", "about", "of", "i", "should", "need",
            "remind", "me");

    public TimedText {
        requireNonNull(subject, "subject");
        requireNonNull(time, "time");
    }

    /** Whether any time, date, offset or recurrence was said. */
    public boolean hasTime() {
        return time.status() != TimeExpression.Status.UNRECOGNISED;
    }

    public static TimedText split(String text, ZonedDateTime now) {
        String[] words = text.strip().split("\\s+");
        TimeExpression whole = TimeExpressions.parse(text, now);
        if (whole.status() == TimeExpression.Status.UNRECOGNISED) {
            return new TimedText(text.strip(), whole);
        }
        // The time at the end: the latest start whose words still mean the same.
        for (int start = words.length - 1; start >= 1; start--) {
            if (same(TimeExpressions.parse(join(words, start, words.length), now), whole)) {
                List<String> rest = trimmed(words, 0, start);
                if (!rest.isEmpty()
                        && TimeExpressions.parse(String.join(" ", rest), now).status()
                           == TimeExpression.Status.UNRECOGNISED) {
                    return new TimedText(String.join(" ", rest), whole);
                }
                // The rest still says something about time ("tonight" of "tonight at 8"): take more words.
            }
        }
        // The time at the start: the earliest end whose words mean the same.
        for (int end = 1; end < words.length; end++) {
            if (same(TimeExpressions.parse(join(words, 0, end), now), whole)) {
                List<String> rest = trimmed(words, end, words.length);
                if (!rest.isEmpty()) {
                    return new TimedText(String.join(" ", rest), whole);
                }
                break;
            }
        }
        return new TimedText(text.strip(), whole);
    }

    private static List<String> trimmed(String[] words, int from, int to) {
        int a = from;
        int b = to;
        while (b > a && TRAILING_LINKS.contains(bare(words[b - 1]))) {
            b--;
        }
        while (a < b && LEADING_LINKS.contains(bare(words[a]))) {
            a++;
        }
        return Arrays.asList(words).subList(a, b);
    }

    private static String bare(String word) {
        return word.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9']", "");
    }

    private static String join(String[] words, int from, int to) {
        return String.join(" ", Arrays.asList(words).subList(from, to));
    }

    private static boolean same(TimeExpression a, TimeExpression b) {
        return a.status() == b.status()
               && Objects.equals(a.dateTime(), b.dateTime())
               && Objects.equals(a.date(), b.date())
               && Objects.equals(a.timeOfDay(), b.timeOfDay())
               && Objects.equals(a.duration(), b.duration())
               && a.daysOfWeek().equals(b.daysOfWeek());
    }

    /** The subject, if any words remain besides the time. */
    public Optional<String> subjectIfAny() {
        return subject.isBlank() ? Optional.empty() : Optional.of(subject);
    }
}
