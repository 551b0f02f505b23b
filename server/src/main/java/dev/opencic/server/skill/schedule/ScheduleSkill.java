package dev.opencic.server.skill.schedule;

import dev.opencic.protocol.Directive;
import dev.opencic.protocol.MessageIds;
import dev.opencic.protocol.Namespaces;
import dev.opencic.protocol.payload.Clova;
import dev.opencic.protocol.payload.ContentTemplates;
import dev.opencic.protocol.payload.ContentTemplates.Value;
import dev.opencic.server.nlu.TextNormalizer;
import dev.opencic.server.nlu.YesNo;
import dev.opencic.server.nlu.time.TimeExpression;
import dev.opencic.server.nlu.time.TimedText;
import dev.opencic.server.skill.FreeText;
import dev.opencic.server.skill.Mentions;
import dev.opencic.server.skill.PendingQuestion;
import dev.opencic.server.skill.Skill;
import dev.opencic.server.skill.SkillAnswer;
import dev.opencic.server.skill.SkillRequest;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The account's calendar: "put the dentist on Friday at 3 pm on my calendar", "what's on my
 * calendar tomorrow", "how many meetings do I have next week", "clear my calendar for Saturday",
 * "cancel the dentist". Answers come from the server's copy and carry the reference's
 * {@code Clova.AddSchedule} / {@code GetSchedule} / {@code CountSchedule} / {@code DeleteSchedule}
 * with {@code scheduledTime} and {@code period}, and the ScheduleList template for lists.
 */
final class ScheduleSkill implements Skill {

    static final int MAX_CONTENT = 500;
    private static final int READ_AT_MOST = 5;
    private static final Set<String> CANCEL = Set.of("cancel", "never mind", "nevermind", "stop", "forget it", "no");
    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("h:mm a", Locale.ENGLISH);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE, MMMM d", Locale.ENGLISH);

    private static final java.util.regex.Pattern ADD_LEAD = java.util.regex.Pattern.compile(
            "^(?:(?:please|can you|could you) )*(?:add|put|schedule|book|create|make|new)"
            + "(?: (?:an?|new) (?:event|appointment|calendar event|calendar entry)(?: (?:called|named|for))?)?"
            + " (.+?)(?: (?:on|in|to|into) my (?:calendar|schedule|agenda))?$");
    private static final java.util.regex.Pattern DELETE_LEAD = java.util.regex.Pattern.compile(
            "^(?:(?:please|can you|could you) )*(?:cancel|delete|remove) (?:the|my) (.+?)"
            + "(?: (?:from|in|on) my (?:calendar|schedule|agenda))?$");
    private static final Set<String> GENERIC = Set.of("event", "appointment", "meeting", "events", "appointments",
            "meetings", "calendar", "schedule", "agenda");

    private final ScheduleStore store;

    ScheduleSkill(ScheduleStore store) {
        this.store = store;
    }

    @Override
    public Set<String> intents() {
        return Set.of("schedule.add", "schedule.list", "schedule.count", "schedule.delete");
    }

    @Override
    public CompletableFuture<SkillAnswer> answer(SkillRequest request) {
        var m = request.intent();
        String event = m.slot("event");
        if (m.intent().equals("schedule.add") && event != null) {
            event = FreeText.widen(request.utterance(), event, ADD_LEAD);
        } else if (m.intent().equals("schedule.delete") && (event != null || m.slot("when") == null)) {
            String named = FreeText.widen(request.utterance(), event, DELETE_LEAD);
            event = named == null || GENERIC.contains(named) ? event : named;
        }
        String title = event;
        return switch (m.intent()) {
            case "schedule.add" -> title == null
                    ? SkillAnswer.ask("What should I put on your calendar, and when?", question("event", "")).done()
                    : add(request, title);
            case "schedule.list" -> async(request, () -> list(request, m.slot("when"), false));
            case "schedule.count" -> async(request, () -> list(request, m.slot("when"), true));
            case "schedule.delete" -> async(request, () -> title != null
                    ? deleteNamed(request, title) : deleteWithin(request, m.slot("when")));
            default -> throw new IllegalArgumentException("not a schedule intent: " + m.intent());
        };
    }

    private static ZonedDateTime now(SkillRequest request) {
        return ZonedDateTime.now(request.clock()).withZoneSameInstant(request.zone());
    }

    /** The slot of "do you want me to delete ...?": the answer is yes or no. */
    private static final String CONFIRM = "confirm";

    /** A question about the event being added, as data (its answer may reach another cluster node). */
    private static PendingQuestion question(String asked, String content) {
        return new PendingQuestion("schedule.add", java.util.Map.of(), 1.0, null, "", asked, content);
    }

    /** The event's words, or its time after the words said before ({@code context}). */
    @Override
    public CompletableFuture<SkillAnswer> resume(PendingQuestion question, String answer, SkillRequest reply) {
        return switch (question.asked()) {
            case "event" -> add(reply, answer);
            case "when" -> add(reply, question.context() + " " + answer);
            case CONFIRM -> YesNo.isYes(answer) ? async(reply, () -> deleteAsked(reply, question.slots().get("id")))
                    : SkillAnswer.say("Okay, I didn't delete it.").done();
            default -> Skill.super.resume(question, answer, reply);
        };
    }

    private CompletableFuture<SkillAnswer> add(SkillRequest request, String words) {
        if (CANCEL.contains(TextNormalizer.normalize(words))) {
            return SkillAnswer.say("Okay, nothing added.").done();
        }
        ZonedDateTime now = now(request);
        TimedText said = TimedText.split(words, now);
        if (said.time().status() == TimeExpression.Status.PAST) {
            return SkillAnswer.say("That time has already passed, so I didn't add it to your calendar.").done();
        }
        if (said.time().status() == TimeExpression.Status.IMPOSSIBLE) {
            return SkillAnswer.say("That date or time doesn't exist, so I didn't add it to your calendar.").done();
        }
        String content = said.subject().replaceFirst("(?i)^(a|an) (event|appointment) (called|named|for) ", "").strip();
        if (content.length() > MAX_CONTENT) {
            return SkillAnswer.say("That's too long for a calendar entry. Please say it in fewer words.").done();
        }
        if (!said.hasTime()) {
            // The reference: nothing said about when is "none" from now; we ask rather than guess.
            return SkillAnswer.ask("When is " + content + "?", question("when", content)).done();
        }
        PeriodResolver.Resolved r = PeriodResolver.fromExpression(said.time(), now);
        if (!r.ok()) {
            return SkillAnswer.say("I couldn't tell when that is. Please say a day or a time.").done();
        }
        Schedule s = new Schedule(MessageIds.newId(), content, r.start(), r.period().after(r.start()), r.period());
        return async(request, () -> {
            store.add(request.event().device().accountId(), s);
            Directive d = Directive.of(request.event().dialogRequestId(),
                    new Clova.AddSchedule(s.id(), ISO.format(s.start()), s.period().wire(), s.content()));
            return SkillAnswer.say("I added " + content + " to your calendar " + when(s, now) + ".")
                    .withDirectives(d)
                    .alsoShowing(template(List.of(s)).scheduleList().get(0), request.event().dialogRequestId());
        });
    }

    private SkillAnswer list(SkillRequest request, String when, boolean countOnly) {
        ZonedDateTime now = now(request);
        PeriodResolver.Resolved r = PeriodResolver.resolve(when, now);
        if (!r.ok()) {
            return SkillAnswer.say(problem(r, when));
        }
        List<Schedule> found = store.within(request.event().device().accountId(), r.start(), r.period(), request.zone());
        String span = span(r, when, now);
        Directive d = Directive.of(Namespaces.CLOVA, countOnly ? "CountSchedule" : "GetSchedule",
                request.event().dialogRequestId(), new Clova.ScheduleSpan(ISO.format(r.start()), r.period().wire()));
        if (countOnly) {
            String n = found.isEmpty() ? "no events" : found.size() == 1 ? "one event" : found.size() + " events";
            return SkillAnswer.say("You have " + n + " " + span + ".").withDirectives(d);
        }
        if (found.isEmpty()) {
            return SkillAnswer.say("You have nothing on your calendar " + span + ".")
                    .withTemplate(template(found)).withDirectives(d);
        }
        StringBuilder say = new StringBuilder("You have ")
                .append(found.size() == 1 ? "one event " : found.size() + " events ").append(span).append(": ");
        for (int i = 0; i < Math.min(READ_AT_MOST, found.size()); i++) {
            Schedule s = found.get(i);
            say.append(s.content()).append(' ').append(when(s, now)).append(i + 1 < Math.min(READ_AT_MOST, found.size()) ? "; " : ".");
        }
        if (found.size() > READ_AT_MOST) {
            say.append(" And ").append(found.size() - READ_AT_MOST).append(" more on the screen.");
        }
        return SkillAnswer.say(say.toString()).withTemplate(template(found)).withDirectives(d);
    }

    private SkillAnswer deleteWithin(SkillRequest request, String when) {
        if (when == null) {
            return SkillAnswer.say("Tell me which day to clear, or the name of the event to cancel.");
        }
        ZonedDateTime now = now(request);
        PeriodResolver.Resolved r = PeriodResolver.resolve(when, now);
        if (!r.ok()) {
            return SkillAnswer.say(problem(r, when));
        }
        String account = request.event().device().accountId();
        List<Schedule> found = store.within(account, r.start(), r.period(), request.zone());
        String span = span(r, when, now);
        if (found.isEmpty()) {
            return SkillAnswer.say("You have nothing on your calendar " + span + ".");
        }
        int n = store.delete(account, found.stream().map(Schedule::id).toList());
        Directive d = Directive.of(request.event().dialogRequestId(),
                new Clova.DeleteSchedule(ISO.format(r.start()), r.period().wire(), null));
        return SkillAnswer.say("I deleted " + (n == 1 ? "one event" : n + " events") + " " + span + ".")
                .withDirectives(d);
    }

    private SkillAnswer deleteNamed(SkillRequest request, String name) {
        String account = request.event().device().accountId();
        ZonedDateTime now = now(request);
        List<Schedule> upcoming = store.upcoming(account, now.toLocalDate().atStartOfDay(now.getZone()), request.zone());
        List<Schedule> found = Mentions.matching(upcoming, Schedule::content, name);
        if (found.isEmpty()) {
            return SkillAnswer.say("I couldn't find " + name + " on your calendar.");
        }
        if (found.size() > 1) {
            return SkillAnswer.say(found.size() + " events match " + name + ". Tell me the day to clear instead.")
                    .withTemplate(template(found));
        }
        Schedule s = found.get(0);
        if (!SAYS_CALENDAR.matcher(TextNormalizer.normalize(request.utterance())).find()) {
            // "Cancel my netflix subscription": a name alone may mean anything, so ask before deleting.
            // Asked as data (the entry's id), so that the yes may reach another cluster node.
            return SkillAnswer.ask("Do you want me to delete " + s.content() + " " + when(s, now) + " from your calendar?",
                    new PendingQuestion("schedule.delete", java.util.Map.of("id", s.id()), 1.0, null, "", CONFIRM, ""));
        }
        return delete(request, s);
    }

    /** The entry "do you want me to delete ...?" named, if it is still there. */
    private SkillAnswer deleteAsked(SkillRequest request, String scheduleId) {
        ZonedDateTime now = now(request);
        return store.upcoming(request.event().device().accountId(), now.toLocalDate().atStartOfDay(now.getZone()),
                        request.zone()).stream().filter(s -> s.id().equals(scheduleId)).findFirst()
                .map(s -> delete(request, s))
                .orElseGet(() -> SkillAnswer.say("That's no longer on your calendar."));
    }

    /** Words that say the thing deleted is on the calendar. */
    private static final java.util.regex.Pattern SAYS_CALENDAR = java.util.regex.Pattern.compile(
            "\\b(calendar|schedule|agenda|event|appointment|meeting|booking|reservation)s?\\b");

    private SkillAnswer delete(SkillRequest request, Schedule s) {
        String account = request.event().device().accountId();
        store.delete(account, List.of(s.id()));
        Directive d = Directive.of(request.event().dialogRequestId(),
                new Clova.DeleteSchedule(ISO.format(s.start()), s.period().wire(), s.id()));
        return SkillAnswer.say("I deleted " + s.content() + " " + when(s, now(request)) + " from your calendar.")
                .withDirectives(d);
    }

    private static String problem(PeriodResolver.Resolved r, String when) {
        return switch (r.status()) {
            case PAST -> "That's already over. I can look at today and the days to come.";
            case IMPOSSIBLE -> "There is no such date as " + when + ".";
            default -> "I didn't understand which day you meant by " + when + ".";
        };
    }

    /** "tomorrow", "on Friday, November 27", "this week", "coming up". */
    private static String span(PeriodResolver.Resolved r, String when, ZonedDateTime now) {
        return switch (r.period()) {
            case NONE -> "coming up";
            case DAY -> day(r.start().toLocalDate(), now);
            case WEEK, MONTH, YEAR -> TextNormalizer.normalize(when);
            case HOUR, MINUTE -> day(r.start().toLocalDate(), now) + " at " + CLOCK.format(r.start());
        };
    }

    private static String day(LocalDate d, ZonedDateTime now) {
        if (d.equals(now.toLocalDate())) {
            return "today";
        }
        if (d.equals(now.toLocalDate().plusDays(1))) {
            return "tomorrow";
        }
        return "on " + DAY.format(d);
    }

    private static String when(Schedule s, ZonedDateTime now) {
        String day = day(s.start().toLocalDate(), now);
        return switch (s.period()) {
            case HOUR, MINUTE -> day + " at " + CLOCK.format(s.start());
            default -> day;
        };
    }

    /** The later reference's ScheduleList content template. */
    static ContentTemplates.ScheduleList template(List<Schedule> schedules) {
        return new ContentTemplates.ScheduleList(schedules.stream().map(s -> {
            boolean allDay = s.period() == Period.DAY || s.period() == Period.WEEK || s.period() == Period.MONTH
                             || s.period() == Period.YEAR;
            return new ContentTemplates.Schedule(Value.string(s.id()), moment(s.start(), allDay),
                    moment(s.end(), allDay), Value.string(s.content()));
        }).toList());
    }

    private static Value moment(ZonedDateTime t, boolean allDay) {
        return allDay ? new Value("date", t.toLocalDate().toString()) : new Value("datetime", ISO.format(t));
    }

    private static CompletableFuture<SkillAnswer> async(SkillRequest request, Supplier<SkillAnswer> work) {
        return CompletableFuture.supplyAsync(work, request.event().blockingExecutor());
    }
}
