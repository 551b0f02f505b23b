package dev.opencic.server.skill.household;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One device of an account as the household knows it: what the user called it and the room it is
 * in (both {@code null} until named), the client its token was issued to ({@code null} when an admin
 * named it before it ever connected), and when it first and last opened its downchannel.
 */
public record HouseholdDevice(String accountId, String deviceId, String name, String room, String clientId,
                              Instant firstSeen, Instant lastSeen) {

    public HouseholdDevice {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
    }

    /** Whether {@code spoken} names this device (case and surrounding "the" ignored). */
    public boolean isCalled(String spoken) {
        return name != null && Names.same(name, spoken);
    }

    /** Whether the device is in {@code spoken} room. */
    public boolean isIn(String spoken) {
        return room != null && Names.same(room, spoken);
    }

    /** How the device is said in an answer: its name, else its id. */
    public String spokenName() {
        return name != null ? name : deviceId;
    }

    /** Names and rooms as people say them: compared without case, articles or extra spaces. */
    static final class Names {
        private Names() {}

        /** Lower case, punctuation as spaces, single spaces. */
        static String words(String s) {
            return s.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} ]", " ").strip().replaceAll("\\s+", " ");
        }

        /** {@link #words}, without a leading "the". */
        static String normal(String s) {
            String n = words(s);
            return n.startsWith("the ") ? n.substring(4) : n;
        }

        static boolean same(String a, String b) {
            return normal(a).equals(normal(b));
        }
    }
}
