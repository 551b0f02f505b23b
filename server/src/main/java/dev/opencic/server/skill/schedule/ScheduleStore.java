package dev.opencic.server.skill.schedule;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

/** Each account's calendar entries. */
public interface ScheduleStore {

    void add(String accountId, Schedule schedule);

    /**
     * Entries meeting the span from {@code from} for one {@code period} (from {@code from} on, without
     * end, for NONE), in start order, shown in {@code zone}.
     */
    List<Schedule> within(String accountId, ZonedDateTime from, Period period, ZoneId zone);

    /** Entries from {@code from} on, in start order. */
    default List<Schedule> upcoming(String accountId, ZonedDateTime from, ZoneId zone) {
        return within(accountId, from, Period.NONE, zone);
    }

    /** Deletes these entries; returns how many were deleted. */
    int delete(String accountId, List<String> scheduleIds);
}
