package dev.opencic.client;

import java.time.Duration;
import java.util.Objects;

/** The checks {@link CicClient.Builder} validates its values with; messages name the bad value. */
final class Settings {
    private Settings() {}

    static void require(Object value, String name) {
        if (value == null) {
            throw new IllegalStateException(name + " is required (call Builder." + name + "(...))");
        }
    }

    static String nonBlank(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + ": \"" + value + "\" (expected: not blank)");
        }
        return value;
    }

    static Duration nonNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + ": " + d + " (expected: >= 0)");
        }
        return d;
    }

    static Duration positive(Duration d, String name) {
        nonNegative(d, name);
        if (d.isZero()) {
            throw new IllegalArgumentException(name + ": " + d + " (expected: > 0)");
        }
        return d;
    }

    static int atLeastOne(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: >= 1)");
        }
        return value;
    }
}
