package dev.opencic.server.skill.alerts;

import static dev.opencic.server.skill.alerts.AlertMessages.spokenAlarm;
import static dev.opencic.server.skill.alerts.AlertMessages.spokenDuration;

import dev.opencic.protocol.Directive;
import dev.opencic.protocol.Namespaces;
import dev.opencic.server.nlu.time.TimeExpression;
import dev.opencic.server.nlu.time.TimeExpressions;
import dev.opencic.server.skill.Interruptible;
import dev.opencic.server.skill.PendingQuestion;
import dev.opencic.server.skill.Skill;
import dev.opencic.server.skill.SkillAnswer;
import dev.opencic.server.skill.SkillRequest;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alarms and timers by voice: set, list, delete, and stop one that rings. The server's copy of the
 * account's alerts answers questions; each change goes to the device as an {@code Alerts} directive
 * after the Speak. Missing times are asked for; times in the past and impossible dates are refused
 * aloud.
 */
final class AlertsSkill implements Skill, Interruptible {

    private static final Logger log = LoggerFactory.getLogger(AlertsSkill.class);

    private static final java.util.regex.Pattern DAY_WORDS = java.util.regex.Pattern.compile(
            "(?i)\\b(today|tonight|tomorrow|yesterday|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
            + "|january|february|march|april|may|june|july|august|september|october|november|december"
            + "|\\d+(st|nd|rd|th))\\b");

    private final AlertRepository alerts;
    private final OtherDevices others;

    AlertsSkill(AlertRepository alerts, OtherDevices others) {
        this.alerts = alerts;
        this.others = others;
    }

    @Override
    public Set<String> intents() {
        return Set.of("alarm.set", "alarm.list", "alarm.delete", "alarm.delete_all",
                      "timer.set", "timer.list", "timer.delete", "alert.stop");
    }

    @Override
    public CompletableFuture<SkillAnswer> answer(SkillRequest request) {
        return CompletableFuture.supplyAsync(() -> {
            SkillAnswer a = answerNow(request);
            // Changes reach the account's other devices too; stopping a ring stays on this one.
            if (!request.intent().intent().equals("alert.stop")) {
                // Only the Alerts directives: the card shown with the answer is for the device asked.
                others.tell(request.event().device(), a.directives().stream()
                        .filter(d -> d.header().namespace().equals(Namespaces.ALERTS)).toList());
            }
            return a;
        }, request.event().blockingExecutor());
    }

    private SkillAnswer answerNow(SkillRequest r) {
        String account = r.event().device().accountId();
        return switch (r.intent().intent()) {
            case "alarm.set" -> setAlarm(r, account);
            case "alarm.list" -> listAlarms(r, account);
            case "alarm.delete" -> deleteAlarm(r, account);
            case "alarm.delete_all" -> deleteAll(r, account, Alert.Type.ALARM);
            case "timer.set" -> setTimer(r, account);
            case "timer.list" -> listTimers(r, account);
            case "timer.delete" -> deleteAll(r, account, Alert.Type.TIMER);
            case "alert.stop" -> stop(r, account);
            default -> throw new IllegalArgumentException("not an alerts intent: " + r.intent().intent());
        };
    }

    // ---- alarms ----

    private SkillAnswer setAlarm(SkillRequest r, String account) {
        String said = r.intent().slot("time");
        if (said == null || said.isBlank()) {
            return SkillAnswer.askFor("For what time?", "time", r, this);
        }
        ZonedDateTime now = r.now();
        TimeExpression t = TimeExpressions.parse(said, now);
        switch (t.status()) {
            case UNRECOGNISED -> {
                return SkillAnswer.askFor("Sorry, I didn't get the time. For what time?", "time", r, this);
            }
            case IMPOSSIBLE -> {
                return SkillAnswer.say("There's no such date or time as " + said + ". Please try again.");
            }
            case PAST -> {
                return SkillAnswer.say("That time has already passed, so I didn't set an alarm.");
            }
            default -> { }
        }
        if (t.dateTime().isEmpty() || t.approximateTime()) {
            // "tomorrow", "every Monday", "tomorrow morning": the day is known, the clock time is not.
            String context = said;
            return SkillAnswer.ask("At what time?", PendingQuestion.of(r, "time").withContext(context));
        }
        ZonedDateTime at = t.dateTime().get();
        Alert alarm = new Alert(UUID.randomUUID().toString(), account, Alert.Type.ALARM, at.toInstant(),
                                r.zone(), at.toLocalTime(), t.daysOfWeek(), Alert.Status.PENDING, now.toInstant());
        alerts.insert(alarm);
        log.info("event=AlarmSet account={} token={} scheduledTime={} days={}", account, alarm.token(),
                 AlertMessages.iso(at), t.daysOfWeek());
        return SkillAnswer.say("Okay, your alarm is set for " + spokenAlarm(alarm, now) + ".")
                .withDirectives(AlertMessages.setAlert(alarm, now, r.event().dialogRequestId()))
                .alsoShowing(AlertMessages.alarm(alarm), r.event().dialogRequestId());
    }

    private SkillAnswer listAlarms(SkillRequest r, String account) {
        List<Alert> list = alerts.list(account, Alert.Type.ALARM);
        if (list.isEmpty()) {
            return SkillAnswer.say("You don't have any alarms set.");
        }
        ZonedDateTime now = r.now();
        List<String> spoken = new ArrayList<>();
        list.forEach(a -> spoken.add(spokenAlarm(a, now)));
        String text = list.size() == 1
                ? "You have one alarm, for " + spoken.get(0) + "."
                : "You have " + list.size() + " alarms: " + AlertMessages.list(spoken) + ".";
        return SkillAnswer.say(text).withTemplate(AlertMessages.alarmList(list));
    }

    private SkillAnswer deleteAlarm(SkillRequest r, String account) {
        List<Alert> list = alerts.list(account, Alert.Type.ALARM);
        if (list.isEmpty()) {
            return SkillAnswer.say("You don't have any alarms to delete.");
        }
        ZonedDateTime now = r.now();
        String said = r.intent().slot("time");
        List<Alert> chosen = list;
        if (said != null && !said.isBlank()) {
            chosen = matching(list, said, now);
            if (chosen.isEmpty()) {
                return SkillAnswer.say("I couldn't find an alarm for " + said + ".");
            }
        }
        if (chosen.size() > 1) {
            List<String> spoken = new ArrayList<>();
            chosen.forEach(a -> spoken.add(spokenAlarm(a, now)));
            return SkillAnswer.askFor("You have alarms for " + AlertMessages.list(spoken) + ". Which one?",
                                      "time", r, this);
        }
        Alert a = chosen.get(0);
        alerts.delete(account, a.token());
        log.info("event=AlarmDeleted account={} token={}", account, a.token());
        return SkillAnswer.say("Okay, I deleted your alarm for " + spokenAlarm(a, now) + ".")
                .withDirectives(AlertMessages.tokenDirective("DeleteAlert", a, r.event().dialogRequestId()));
    }

    /** The alarms that "7 am", "tomorrow", "6:30 tomorrow" or "every weekday" describe. */
    private static List<Alert> matching(List<Alert> list, String said, ZonedDateTime now) {
        TimeExpression t = TimeExpressions.parse(said, now);
        if (t.status() == TimeExpression.Status.UNRECOGNISED || t.status() == TimeExpression.Status.IMPOSSIBLE) {
            return List.of();
        }
        LocalTime time = t.approximateTime() ? null : t.timeOfDay().orElse(null);
        boolean dateSaid = t.date().isPresent() && (t.timeOfDay().isEmpty() || DAY_WORDS.matcher(said).find());
        List<Alert> out = new ArrayList<>();
        for (Alert a : list) {
            ZonedDateTime at = a.scheduledTime().withZoneSameInstant(now.getZone());
            boolean timeOk = time == null || a.time().equals(time) || at.toLocalTime().equals(time)
                             || time.getHour() < 12 && a.time().equals(time.plusHours(12))
                             || time.getHour() >= 12 && a.time().equals(time.minusHours(12));
            boolean dayOk = t.isRecurring() ? a.daysOfWeek().equals(t.daysOfWeek())
                    : !dateSaid || a.repeats() && a.daysOfWeek().contains(t.date().get().getDayOfWeek())
                      || at.toLocalDate().equals(t.date().get());
            if (timeOk && dayOk) {
                out.add(a);
            }
        }
        return out;
    }

    private SkillAnswer deleteAll(SkillRequest r, String account, Alert.Type type) {
        List<Alert> list = alerts.list(account, type);
        String kind = type == Alert.Type.ALARM ? "alarm" : "timer";
        if (list.isEmpty()) {
            return SkillAnswer.say(type == Alert.Type.ALARM ? "You don't have any alarms to delete."
                                                            : "You don't have any timers running.");
        }
        List<Directive> deletes = new ArrayList<>();
        for (Alert a : list) {
            alerts.delete(account, a.token());
            deletes.add(AlertMessages.tokenDirective("DeleteAlert", a, r.event().dialogRequestId()));
        }
        log.info("event=AlertsDeleted account={} type={} count={}", account, type, list.size());
        String text = list.size() == 1 ? "Okay, I cancelled your " + kind + "."
                                       : "Okay, I cancelled all " + list.size() + " " + kind + "s.";
        return SkillAnswer.say(text).withDirectives(deletes.toArray(Directive[]::new));
    }

    // ---- timers ----

    private SkillAnswer setTimer(SkillRequest r, String account) {
        String said = r.intent().slot("duration");
        if (said == null || said.isBlank()) {
            return SkillAnswer.askFor("For how long?", "duration", r, this);
        }
        ZonedDateTime now = r.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        TimeExpression t = TimeExpressions.parse(said, now);
        Duration length = t.duration().orElse(null);
        if (length == null && t.isResolved() && t.dateTime().isPresent() && !t.isRecurring()) {
            length = Duration.between(now, t.dateTime().get()); // "a timer until 5 pm"
        }
        if (t.status() == TimeExpression.Status.IMPOSSIBLE || t.status() == TimeExpression.Status.PAST) {
            return SkillAnswer.say("I can't set a timer for " + said + ".");
        }
        if (length == null) {
            return SkillAnswer.askFor("Sorry, for how long?", "duration", r, this);
        }
        if (!Alert.timerLengthAllowed(length)) {
            return SkillAnswer.say("A timer can run for at most 24 hours.");
        }
        Alert timer = Alert.newTimer(account, now.withZoneSameInstant(r.zone()), length);
        alerts.insert(timer);
        log.info("event=TimerSet account={} token={} seconds={}", account, timer.token(), length.getSeconds());
        return SkillAnswer.say("Okay, " + spokenDuration(length) + ", starting now.")
                .withDirectives(AlertMessages.setAlert(timer, now, r.event().dialogRequestId()))
                .alsoShowing(AlertMessages.timer(timer), r.event().dialogRequestId());
    }

    private SkillAnswer listTimers(SkillRequest r, String account) {
        List<Alert> list = alerts.list(account, Alert.Type.TIMER);
        if (list.isEmpty()) {
            return SkillAnswer.say("You don't have any timers running.");
        }
        ZonedDateTime now = r.now();
        List<String> left = new ArrayList<>();
        list.forEach(a -> left.add(spokenDuration(Duration.between(now, a.scheduledTime()))));
        String text = list.size() == 1
                ? "Your timer has " + left.get(0) + " left."
                : "You have " + list.size() + " timers, with " + AlertMessages.list(left) + " left.";
        return SkillAnswer.say(text).withTemplate(AlertMessages.timerList(list));
    }

    // ---- ringing ----

    private SkillAnswer stop(SkillRequest r, String account) {
        return stopRinging(r, account).orElseGet(() -> SkillAnswer.say("Nothing is ringing right now."));
    }

    @Override
    public int urgency() {
        return ALERT;
    }

    /** "Stop" said to the device: the alerts ringing there, if any (the server's record or the device's context). */
    @Override
    public CompletableFuture<Optional<SkillAnswer>> stop(SkillRequest request) {
        return CompletableFuture.supplyAsync(() -> stopRinging(request, request.event().device().accountId()),
                request.event().blockingExecutor());
    }

    private Optional<SkillAnswer> stopRinging(SkillRequest r, String account) {
        List<Alert> ringing = new ArrayList<>();
        for (Alert a : alerts.list(account, null)) {
            if (a.status() == Alert.Status.RINGING || AlertsState.isActive(r.event().event(), a.token())) {
                ringing.add(a);
            }
        }
        if (ringing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(SkillAnswer.say("Okay.").withDirectives(ringing.stream()
                .map(a -> AlertMessages.tokenDirective("StopAlert", a, r.event().dialogRequestId()))
                .toArray(Directive[]::new)));
    }

    /** The next time a repeating alarm rings after {@code after}. */
    static ZonedDateTime nextOccurrence(Alert a, ZonedDateTime after) {
        ZoneId zone = a.zone();
        ZonedDateTime from = after.withZoneSameInstant(zone);
        for (int d = 0; d <= 7; d++) {
            ZonedDateTime at = ZonedDateTime.of(from.toLocalDate().plusDays(d), a.time(), zone);
            if (a.daysOfWeek().contains(at.getDayOfWeek()) && at.isAfter(from)) {
                return at;
            }
        }
        throw new IllegalStateException("no next occurrence for " + a.daysOfWeek());
    }

}
