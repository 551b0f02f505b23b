package dev.opencic.server.skill.memo;

import java.time.Instant;

/** One memo of an account: what it says, when it was made, and when its current text was written. */
public record Memo(String id, String content, Instant createdAt, Instant editedAt) {}
