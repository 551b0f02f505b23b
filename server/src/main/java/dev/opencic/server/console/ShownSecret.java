package dev.opencic.server.console;

import dev.opencic.server.auth.ClientCredentials;

/** A client's secret on the one answer that shows it: {@code what} is "created" or "rotated". */
public record ShownSecret(String what, ClientCredentials credentials) {}
