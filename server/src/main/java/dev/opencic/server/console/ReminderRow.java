package dev.opencic.server.console;

/**
 * One reminder on the reminders page, as shown: when it is spoken (in its zone) or "no time", its
 * repetition, the device it is spoken on, where it is on its way; {@code date}/{@code time} fill the edit form.
 */
public record ReminderRow(String id, String content, String when, String repeat, String device, String state,
                          String date, String time, boolean repeats) {}
