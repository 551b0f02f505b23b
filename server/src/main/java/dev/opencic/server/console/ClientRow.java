package dev.opencic.server.console;

import java.time.Instant;

/** A registered client as the admin page lists it (never its secret). */
public record ClientRow(String clientId, String name, Instant createdAt) {}
