package dev.opencic.server.skill.schedule;

import java.time.ZonedDateTime;

/**
 * One calendar entry. {@code period} is the reference's smallest unit said ("none", "year", "month",
 * "week", "day", "hour", "minute"); {@code end} is {@code start} plus one of it (equal for "none").
 */
public record Schedule(String id, String content, ZonedDateTime start, ZonedDateTime end, Period period) {}
