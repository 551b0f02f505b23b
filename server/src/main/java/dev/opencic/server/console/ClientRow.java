package dev.opencic.server.console;

import java.time.Instant;

/** A registered client as the admin page lists it (never its secret), with how many devices hold a live token of it. */
public record ClientRow(String clientId, String name, Instant createdAt, int devices) {}
