package dev.opencic.server.console;

/** One calendar entry on the schedules page, as shown; {@code date}/{@code time} fill the edit form. */
public record ScheduleRow(String id, String content, String when, String date, String time) {}
