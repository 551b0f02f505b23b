package dev.opencic.server.skill;

import dev.opencic.server.api.DeviceIdentity;
import java.time.Instant;
import java.util.List;

/**
 * Notices a feature keeps for the user besides missed reminders (a missed alarm), read out by "what
 * did I miss" with the reminders. A module registers its own on {@link SkillContext#notices()} while
 * it is constructed; the reader asks every registered one.
 */
public interface MissedNotices {

    /** The account's unread notices, oldest first, each one sentence to read out. */
    List<String> unread(DeviceIdentity asking);

    /** Marks the account's notices read (they were read out to {@code asking} at {@code now}). */
    void markRead(DeviceIdentity asking, Instant now);

    /** The registered {@link MissedNotices} of the server, shared through {@link SkillContext}. */
    final class Registry {
        private final List<MissedNotices> all = new java.util.concurrent.CopyOnWriteArrayList<>();

        public void add(MissedNotices notices) {
            all.add(java.util.Objects.requireNonNull(notices, "notices"));
        }

        public List<MissedNotices> all() {
            return List.copyOf(all);
        }
    }
}
