-- Repeating reminders: the days of the week a reminder comes back on (e.g. 'MON,WED'; NULL for a
-- reminder that is spoken once) and the wall-clock time it is spoken at in its zone ('08:00:00').
-- The time is kept apart from remind_at because remind_at is one instant: on a day when the clock
-- skips that time (daylight saving) the occurrence is moved, but the following ones are not.
ALTER TABLE reminders ADD COLUMN repeat_days VARCHAR(32);
ALTER TABLE reminders ADD COLUMN repeat_time VARCHAR(8);
