package dev.opencic.server.skill.reminder;

import dev.opencic.protocol.MessageIds;
import dev.opencic.server.nlu.Fillers;
import dev.opencic.server.nlu.TextNormalizer;
import dev.opencic.server.nlu.time.TimeExpression;
import dev.opencic.server.nlu.time.TimedText;
import dev.opencic.server.skill.FreeText;
import dev.opencic.server.skill.Mentions;
import dev.opencic.server.skill.PendingQuestion;
import dev.opencic.server.skill.Skill;
import dev.opencic.server.skill.SkillAnswer;
import dev.opencic.server.skill.SkillRequest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * "Remind me to call mom tomorrow at 5", "what are my reminders", "delete the reminder to buy
 * milk". A reminder with a time is spoken at that time by {@link ReminderDelivery}; one without is
 * a to-do. Past and impossible times get a spoken answer and nothing is stored.
 */
final class ReminderSkill implements Skill {

    static final int MAX_CONTENT = 500;
    private static final int READ_AT_MOST = 5;
    private static final Set<String> CANCEL = Set.of("cancel", "never mind", "nevermind", "stop", "forget it",
            "no", "nothing");
    private static final java.time.LocalTime MORNING = java.time.LocalTime.of(9, 0);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("h:mm a", Locale.ENGLISH);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE, MMMM d", Locale.ENGLISH);

    private static final java.util.regex.Pattern LEAD = java.util.regex.Pattern.compile(
            "^.*?\\b(?:remind me|reminder|forget)(?: (?:to|about|that|of|for))? (.+)$");

    /** Repetitions the time parser does not know: said, they would end up in the reminder's words. */
    private static final java.util.regex.Pattern OTHER_REPEAT = java.util.regex.Pattern.compile(
            "(?:\\b(?:every|each) (?:other |second |third )?(?:month|year|week|fortnight|hour|minute|other day)s?"
            + "\\b|\\b(?:monthly|yearly|annually|weekly|fortnightly|hourly)$)"); // "the weekly shop" is no repetition

    private final ReminderStore store;
    private final ReminderDelivery delivery;
    private final MissedReminders missed;

    ReminderSkill(ReminderStore store, ReminderDelivery delivery, MissedReminders missed) {
        this.store = store;
        this.delivery = delivery;
        this.missed = missed;
    }

    @Override
    public Set<String> intents() {
        return Set.of("reminder.add", "reminder.list", "reminder.delete", "reminder.missed");
    }

    @Override
    public CompletableFuture<SkillAnswer> answer(SkillRequest request) {
        // Every word of the subject counts: take them from the utterance if the matcher left some out.
        String words = FreeText.widen(request.utterance(), request.intent().slot("reminder"), LEAD);
        return switch (request.intent().intent()) {
            case "reminder.add" -> words == null || Fillers.onlyFillers(words)
                    ? SkillAnswer.ask("What should I remind you about, and when?", PendingQuestion.of(request, "reminder")).done()
                    : add(request, words);
            case "reminder.list" -> async(request, () -> list(request));
            case "reminder.delete" -> async(request, () -> delete(request, words));
            case "reminder.missed" -> async(request, () -> missed.read(request));
            default -> throw new IllegalArgumentException("not a reminder intent: " + request.intent().intent());
        };
    }

    /** The answer to "What should I remind you about, and when?" is the whole reminder. */
    @Override
    public CompletableFuture<SkillAnswer> resume(PendingQuestion question, String answer, SkillRequest reply) {
        return question.intent().equals("reminder.add") ? add(reply, answer) : Skill.super.resume(question, answer, reply);
    }

    private CompletableFuture<SkillAnswer> add(SkillRequest request, String words) {
        if (CANCEL.contains(TextNormalizer.normalize(words))) {
            return SkillAnswer.say("Okay, no reminder.").done();
        }
        if (Fillers.onlyFillers(words)) {
            return SkillAnswer.say("I didn't catch what to remind you about, so I didn't set a reminder.").done();
        }
        ZonedDateTime now = ZonedDateTime.now(request.clock()).withZoneSameInstant(request.zone());
        TimedText said = TimedText.split(words, now);
        TimeExpression time = said.time();
        switch (time.status()) {
            case PAST -> {
                return SkillAnswer.say("That time has already passed, so I didn't set a reminder.").done();
            }
            case IMPOSSIBLE -> {
                return SkillAnswer.say("That date or time doesn't exist, so I didn't set a reminder.").done();
            }
            default -> { }
        }
        if (time.isRecurring()) {
            return addRepeating(request, said, now);
        }
        ZonedDateTime moment = time.dateTime()
                // A day without a time ("on Friday") means that morning, when it is still to come.
                .or(() -> time.date().map(d -> d.atTime(MORNING).atZone(request.zone())).filter(t -> t.isAfter(now)))
                .orElse(null);
        if (time.isResolved() && moment == null) {
            return SkillAnswer.say("I couldn't tell when to remind you. Please say a time, like at 5 pm.").done();
        }
        String content = said.subject().strip();
        if (content.isEmpty()) {
            return SkillAnswer.say("What should I remind you about?").done();
        }
        if (OTHER_REPEAT.matcher(TextNormalizer.normalize(content)).find()) {
            return SkillAnswer.say("I can repeat a reminder on days of the week, like every Monday at 8 am,"
                                   + " but not that way, so I didn't set it.").done();
        }
        if (content.length() > MAX_CONTENT) {
            return SkillAnswer.say("That reminder is too long for me. Please say it in fewer words.").done();
        }
        Instant at = moment == null ? null : moment.toInstant();
        return async(request, () -> {
            String account = request.event().device().accountId();
            Reminder r = new Reminder(MessageIds.newId(), content, false, at, request.zone(),
                    request.event().device(), Reminder.State.PENDING, request.clock().instant());
            store.create(account, r);
            if (at != null) {
                delivery.schedule(account, r);
            }
            String when = moment == null ? "" : " " + spoken(moment, now);
            return SkillAnswer.say("Okay, I'll remind you: " + content + when + ".")
                    .withDirectives(ReminderDirectives.addReminder(r, request.event().dialogRequestId()))
                    .alsoShowing(ReminderDirectives.reminderTemplate(r), request.event().dialogRequestId());
        });
    }

    /**
     * "Remind me to take my pills every day at 8 am": one reminder that comes back on the days said,
     * at the time said (9 AM when none was: "every Monday"), from the first such moment after now.
     */
    private CompletableFuture<SkillAnswer> addRepeating(SkillRequest request, TimedText said, ZonedDateTime now) {
        TimeExpression time = said.time();
        String content = said.subject().strip();
        if (content.isEmpty()) {
            return SkillAnswer.say("What should I remind you about " + Recurrence.spokenDays(time.daysOfWeek()) + "?").done();
        }
        if (content.length() > MAX_CONTENT) {
            return SkillAnswer.say("That reminder is too long for me. Please say it in fewer words.").done();
        }
        if (time.duration().isPresent() && time.timeOfDay().isEmpty()) {
            return SkillAnswer.say("I can repeat a reminder on days of the week at a time of day, like every day at 8 am.").done();
        }
        java.time.LocalTime clock = time.timeOfDay().orElse(MORNING);
        ZonedDateTime first = Recurrence.next(time.daysOfWeek(), clock, request.zone(), now.toInstant());
        return async(request, () -> {
            String account = request.event().device().accountId();
            Reminder r = new Reminder(MessageIds.newId(), content, false, first.toInstant(), request.zone(),
                    request.event().device(), Reminder.State.PENDING, request.clock().instant(),
                    time.daysOfWeek(), clock);
            store.create(account, r);
            delivery.schedule(account, r);
            return SkillAnswer.say("Okay, I'll remind you to " + content + " "
                                   + Recurrence.spoken(r.repeatDays(), clock) + ".")
                    .withDirectives(ReminderDirectives.addReminder(r, request.event().dialogRequestId()))
                    .alsoShowing(ReminderDirectives.reminderTemplate(r), request.event().dialogRequestId());
        });
    }

    static String spoken(ZonedDateTime at, ZonedDateTime now) {
        LocalDate day = at.toLocalDate();
        String clock = CLOCK.format(at);
        if (day.equals(now.toLocalDate())) {
            return "today at " + clock;
        }
        if (day.equals(now.toLocalDate().plusDays(1))) {
            return "tomorrow at " + clock;
        }
        return "on " + DAY.format(at) + " at " + clock;
    }

    private SkillAnswer list(SkillRequest request) {
        List<Reminder> all = store.list(request.event().device().accountId());
        List<Reminder> open = all.stream().filter(r -> !r.done()
                && r.state() != Reminder.State.DELIVERED && r.state() != Reminder.State.EXPIRED).toList();
        String dialog = request.event().dialogRequestId();
        if (open.isEmpty()) {
            return SkillAnswer.say("You have no reminders.")
                    .withDirectives(ReminderDirectives.renderReminderList(all, dialog))
                    .alsoShowing(ReminderDirectives.reminderListTemplate(all), dialog);
        }
        ZonedDateTime now = ZonedDateTime.now(request.clock()).withZoneSameInstant(request.zone());
        StringBuilder say = new StringBuilder(open.size() == 1 ? "You have one reminder: "
                : "You have " + open.size() + " reminders. ");
        for (int i = 0; i < Math.min(READ_AT_MOST, open.size()); i++) {
            Reminder r = open.get(i);
            say.append(r.content());
            if (r.repeats()) {
                // A held occurrence is in the past: the next one is the first after now.
                Instant next = r.remindAt().isAfter(now.toInstant()) ? r.remindAt() : r.nextOccurrence(now.toInstant());
                say.append(", ").append(Recurrence.spoken(r.repeatDays(), r.repeatTime()))
                        .append(", next ").append(spoken(next.atZone(request.zone()), now));
            } else if (r.remindAt() != null) {
                say.append(", ").append(spoken(r.remindAt().atZone(request.zone()), now));
            }
            say.append(". ");
        }
        if (open.size() > READ_AT_MOST) {
            say.append("And ").append(open.size() - READ_AT_MOST).append(" more on the screen.");
        }
        return SkillAnswer.say(say.toString().strip())
                .withDirectives(ReminderDirectives.renderReminderList(all, dialog))
                .alsoShowing(ReminderDirectives.reminderListTemplate(all), dialog);
    }

    private SkillAnswer delete(SkillRequest request, String description) {
        String account = request.event().device().accountId();
        String dialog = request.event().dialogRequestId();
        List<Reminder> all = store.list(account);
        if (all.isEmpty()) {
            return SkillAnswer.say("You have no reminders to delete.");
        }
        if (description == null) {
            return SkillAnswer.say("Which reminder should I delete? Pick it on the screen.")
                    .withDirectives(ReminderDirectives.deleteReminder(null, dialog),
                            ReminderDirectives.renderReminderList(all, dialog));
        }
        List<Reminder> found = Mentions.matching(all, Reminder::content, description);
        if (found.isEmpty()) {
            return SkillAnswer.say("I couldn't find a reminder about " + description + ".");
        }
        if (found.size() > 1) {
            return SkillAnswer.say(found.size() + " reminders mention " + description
                                   + ". Tell me more of the words of the one to delete.")
                    .withDirectives(ReminderDirectives.renderReminderList(found, dialog));
        }
        Reminder r = found.get(0);
        store.delete(account, r.id(), request.clock().instant());
        return SkillAnswer.say("I deleted the " + (r.repeats() ? "repeating " : "") + "reminder: " + r.content() + ".")
                .withDirectives(ReminderDirectives.deleteReminder(r.id(), dialog));
    }

    private static CompletableFuture<SkillAnswer> async(SkillRequest request, Supplier<SkillAnswer> work) {
        return CompletableFuture.supplyAsync(work, request.event().blockingExecutor());
    }
}
