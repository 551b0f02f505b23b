package dev.opencic.server.skill.schedule;

import dev.opencic.protocol.MessageIds;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An account's calendar entries changed from outside a dialogue (the web console), in the store the
 * schedule skill reads and writes, shaped as the skill shapes a spoken entry: a day alone lasts the
 * day ({@code day}), a time lasts its hour or minute ({@code hour} on the hour, else {@code minute}).
 */
public final class AccountSchedules {

    private static final Logger log = LoggerFactory.getLogger(AccountSchedules.class);

    /** The longest entry, as by voice. */
    public static final int MAX_CONTENT = ScheduleSkill.MAX_CONTENT;

    private final ScheduleStore store;
    private final Clock clock;

    AccountSchedules(ScheduleStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The account's entries from the start of today in {@code zone} on, in start order, shown in {@code zone}. */
    public List<Schedule> upcoming(String accountId, ZoneId zone) {
        ZonedDateTime today = ZonedDateTime.now(clock).withZoneSameInstant(zone).toLocalDate().atStartOfDay(zone);
        return store.upcoming(accountId, today, zone);
    }

    /** One entry of the account, past or to come. */
    public Optional<Schedule> find(String accountId, String scheduleId, ZoneId zone) {
        return store.upcoming(accountId, Instant.EPOCH.atZone(zone), zone).stream()
                .filter(s -> s.id().equals(scheduleId)).findFirst();
    }

    /**
     * Adds {@code content} on {@code date} (at {@code time}, or the whole day when null) in {@code zone}.
     *
     * @throws IllegalArgumentException for a moment that has passed or a text too long (for a person)
     */
    public Schedule add(String accountId, String content, LocalDate date, LocalTime time, ZoneId zone) {
        Schedule s = shaped(MessageIds.newId(), content, date, time, zone);
        store.add(accountId, s);
        log.info("event=ScheduleAdded account={} start={} period={} from=console", accountId, s.start(), s.period().wire());
        return s;
    }

    /** Rewrites an entry (same id); empty when the account has none with that id. */
    public Optional<Schedule> change(String accountId, String scheduleId, String content, LocalDate date,
                                     LocalTime time, ZoneId zone) {
        Schedule s = shaped(scheduleId, content, date, time, zone);
        if (store.delete(accountId, List.of(scheduleId)) == 0) {
            return Optional.empty();
        }
        store.add(accountId, s);
        log.info("event=ScheduleChanged account={} start={} period={} from=console", accountId, s.start(), s.period().wire());
        return Optional.of(s);
    }

    /** False when the account has no entry with that id. */
    public boolean delete(String accountId, String scheduleId) {
        return store.delete(accountId, List.of(scheduleId)) > 0;
    }

    private Schedule shaped(String id, String content, LocalDate date, LocalTime time, ZoneId zone) {
        if (content == null || content.isBlank()) {
            throw new IllegalArgumentException("Write what the entry is.");
        }
        if (content.length() > MAX_CONTENT) {
            throw new IllegalArgumentException("An entry is at most " + MAX_CONTENT + " characters.");
        }
        ZonedDateTime now = ZonedDateTime.now(clock).withZoneSameInstant(zone);
        ZonedDateTime start;
        Period period;
        if (time == null) {
            start = date.atStartOfDay(zone);
            period = Period.DAY;
            if (date.isBefore(now.toLocalDate())) {
                throw new IllegalArgumentException("That day has already passed.");
            }
        } else {
            start = ZonedDateTime.of(date, time.withSecond(0).withNano(0), zone);
            period = start.getMinute() == 0 ? Period.HOUR : Period.MINUTE;
            if (!start.isAfter(now)) {
                throw new IllegalArgumentException("That time has already passed.");
            }
        }
        return new Schedule(id, content, start, period.after(start), period);
    }
}
