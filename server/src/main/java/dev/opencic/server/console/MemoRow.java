package dev.opencic.server.console;

/** One memo on the memos page, as shown (its last edit in the account's zone). */
public record MemoRow(String id, String content, String edited) {}
