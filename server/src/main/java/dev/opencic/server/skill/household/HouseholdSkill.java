package dev.opencic.server.skill.household;

import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.skill.Skill;
import dev.opencic.server.skill.SkillAnswer;
import dev.opencic.server.skill.SkillRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * The household by voice: "what's this speaker called", "this is the kitchen speaker" (names the
 * asking device, and puts it in the kitchen), "announce dinner is ready" (every other device of the
 * account with an open downchannel), "announce in the kitchen the pizza is here" (that room's).
 *
 * <p>A name ending in a kind of device ("kitchen speaker", "office radio") also sets the room to the
 * words before it; a name without one ("Bob") leaves the room as it was.
 */
final class HouseholdSkill implements Skill {

    static final String WHOAMI = "household.whoami";
    static final String NAME = "household.name";
    static final String ANNOUNCE = "household.announce";
    private static final Set<String> DEVICE_WORDS = Set.of("speaker", "display", "device", "radio", "tv",
            "television", "phone", "tablet", "clock", "screen", "hub");
    private static final List<String> ROOM_PREFIXES = List.of("in the ", "to the ", "in ", "to ");

    private final DeviceDirectory directory;
    private final Announcements announcements;
    private final Predicate<DeviceIdentity> online;
    private final Clock clock;

    HouseholdSkill(DeviceDirectory directory, Announcements announcements, Predicate<DeviceIdentity> online, Clock clock) {
        this.directory = directory;
        this.announcements = announcements;
        this.online = online;
        this.clock = clock;
    }

    @Override
    public Set<String> intents() {
        return Set.of(WHOAMI, NAME, ANNOUNCE);
    }

    @Override
    public CompletableFuture<SkillAnswer> answer(SkillRequest request) {
        DeviceIdentity asking = request.event().device();
        return CompletableFuture.supplyAsync(() -> switch (request.intent().intent()) {
            case WHOAMI -> whoami(asking);
            case NAME -> name(asking, request.intent().slots().getOrDefault("name", ""));
            case ANNOUNCE -> announce(asking, request.intent().slots().getOrDefault("message", ""));
            default -> SkillAnswer.say("I can't do that here.");
        }, request.event().blockingExecutor());
    }

    private SkillAnswer whoami(DeviceIdentity asking) {
        Optional<HouseholdDevice> me = directory.find(asking.accountId(), asking.deviceId());
        if (me.isEmpty() || me.get().name() == null) {
            return SkillAnswer.say("This device has no name yet. You can say: call this the kitchen speaker.");
        }
        HouseholdDevice d = me.get();
        return SkillAnswer.say("This is the " + d.name() + (d.room() != null ? ", in the " + d.room() : "") + ".");
    }

    private SkillAnswer name(DeviceIdentity asking, String spoken) {
        String name = HouseholdDevice.Names.normal(spoken);
        if (name.isEmpty()) {
            return SkillAnswer.say("What should I call this device? You can say: call this the kitchen speaker.");
        }
        if (name.length() > 128) {
            return SkillAnswer.say("That name is too long.");
        }
        HouseholdDevice named = directory.name(asking.accountId(), asking.deviceId(), name, roomOf(name), clock.instant());
        return SkillAnswer.say("OK, this is the " + named.name()
                + (named.room() != null ? ", in the " + named.room() : "") + ".");
    }

    /** The room a name implies: the words before a final kind of device, else none. */
    static String roomOf(String name) {
        int lastSpace = name.lastIndexOf(' ');
        if (lastSpace <= 0 || !DEVICE_WORDS.contains(name.substring(lastSpace + 1))) {
            return null;
        }
        return name.substring(0, lastSpace);
    }

    private SkillAnswer announce(DeviceIdentity asking, String spoken) {
        String message = HouseholdDevice.Names.normal(spoken);
        List<HouseholdDevice> household = directory.list(asking.accountId());
        String room = null;
        for (String prefix : ROOM_PREFIXES) {
            if (room == null && message.startsWith(prefix)) {
                String rest = message.substring(prefix.length());
                room = household.stream().map(HouseholdDevice::room).filter(r -> r != null)
                        .map(HouseholdDevice.Names::normal)
                        .filter(r -> rest.startsWith(r + " "))
                        .max(Comparator.comparingInt(String::length)).orElse(null);
                if (room != null) {
                    message = rest.substring(room.length()).strip();
                }
            }
        }
        if (message.isEmpty()) {
            return SkillAnswer.say("What should I announce?");
        }
        List<DeviceIdentity> targets = new ArrayList<>();
        for (HouseholdDevice d : household) {
            if (d.deviceId().equals(asking.deviceId()) || d.clientId() == null || (room != null && !d.isIn(room))) {
                continue;
            }
            DeviceIdentity target = new DeviceIdentity(d.accountId(), d.clientId(), d.deviceId());
            if (online.test(target)) {
                targets.add(target);
            }
        }
        if (targets.isEmpty()) {
            return SkillAnswer.say(room != null ? "There's no other device on in the " + room + " to announce to."
                    : "There's no other device on to announce to.");
        }
        announcements.announce(targets, "Announcement: " + message + ".");
        return SkillAnswer.say("Announced to " + targets.size() + (targets.size() == 1 ? " device." : " devices."));
    }
}
