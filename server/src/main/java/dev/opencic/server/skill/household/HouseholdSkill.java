package dev.opencic.server.skill.household;

import dev.opencic.protocol.Directive;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.api.Reply;
import dev.opencic.server.skill.Skill;
import dev.opencic.server.skill.SkillAnswer;
import dev.opencic.server.skill.SkillRequest;
import java.time.Clock;
import java.time.Duration;
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
    static final String TARGET = "household.target";
    /** How long the asking device waits to say what the target device was answered. */
    static final Duration TARGET_ANSWER_WAIT = Duration.ofSeconds(5);
    private static final List<String> TARGET_SEPARATORS = List.of(" on the ", " in the ");
    private static final Set<String> DEVICE_WORDS = Set.of("speaker", "display", "device", "radio", "tv",
            "television", "phone", "tablet", "clock", "screen", "hub");
    private static final List<String> ROOM_PREFIXES = List.of("in the ", "to the ", "in ", "to ");

    private final DeviceDirectory directory;
    private final Announcements announcements;
    private final Predicate<DeviceIdentity> online;
    private final Delegations delegations;
    private final Clock clock;

    HouseholdSkill(DeviceDirectory directory, Announcements announcements, Delegations delegations,
                   Predicate<DeviceIdentity> online, Clock clock) {
        this.directory = directory;
        this.announcements = announcements;
        this.delegations = delegations;
        this.online = online;
        this.clock = clock;
    }

    @Override
    public Set<String> intents() {
        return Set.of(WHOAMI, NAME, ANNOUNCE, TARGET);
    }

    @Override
    public CompletableFuture<SkillAnswer> answer(SkillRequest request) {
        DeviceIdentity asking = request.event().device();
        if (TARGET.equals(request.intent().intent())) {
            return CompletableFuture.supplyAsync(() -> target(asking, request.utterance()),
                    request.event().blockingExecutor()).thenCompose(f -> f);
        }
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

    /**
     * "play jazz on the kitchen speaker", "stop the music in the bedroom": the words before the last
     * "on the"/"in the" that names a device (or else a room) of the account are delegated to it (to
     * each connected device of the room); the asking device says what the target was answered.
     * Words naming neither a device or room of the account nor a kind of device are declined
     * ({@link SkillAnswer#NOT_MINE}): the template guard, so "in the X" is only the household's when
     * X is in the household.
     */
    private CompletableFuture<SkillAnswer> target(DeviceIdentity asking, String utterance) {
        String said = " " + HouseholdDevice.Names.words(utterance) + " ";
        List<HouseholdDevice> household = directory.list(asking.accountId());
        String unknown = null;
        for (int at = said.length(); at > 0; ) {
            int best = -1;
            String separator = null;
            for (String sep : TARGET_SEPARATORS) {
                int i = said.lastIndexOf(sep, at - 1);
                if (i > best) {
                    best = i;
                    separator = sep;
                }
            }
            if (best <= 0) {
                break;
            }
            String inner = said.substring(0, best).strip();
            String target = said.substring(best + separator.length()).strip();
            at = best;
            List<HouseholdDevice> named = household.stream().filter(d -> d.isCalled(target)).toList();
            List<HouseholdDevice> room = household.stream().filter(d -> d.isIn(target)).toList();
            if (inner.isEmpty() || named.isEmpty() && room.isEmpty()) {
                if (unknown == null && namesADevice(target)) {
                    unknown = target;
                }
                continue;
            }
            boolean byName = !named.isEmpty();
            String where = (byName ? "on the " : "in the ") + target;
            List<DeviceIdentity> reachable = (byName ? named : room).stream().filter(d -> d.clientId() != null)
                    .map(d -> new DeviceIdentity(d.accountId(), d.clientId(), d.deviceId())).filter(online).toList();
            if (reachable.isEmpty()) {
                return SkillAnswer.say(byName ? "The " + target + " isn't connected right now."
                        : "No device in the " + target + " is connected right now.").done();
            }
            List<CompletableFuture<String>> answers = reachable.stream()
                    .map(to -> delegations.delegate(asking, to, inner).answered()).toList();
            return CompletableFuture.anyOf(answers.toArray(CompletableFuture[]::new))
                    .completeOnTimeout(null, TARGET_ANSWER_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                    .thenApply(words -> words == null || words.toString().isBlank()
                            ? SkillAnswer.say("I've asked the device " + where + ", but it hasn't answered yet.")
                            : SkillAnswer.say(capitalised(where) + ": " + words));
        }
        // Words that only look like "... in the X" ("play blue in green by miles davis", "play jazz in
        // the evening") are not for the household: another skill takes them. "... on the garage
        // speaker" names a device, so the household answers that it knows none by that name.
        return (unknown == null ? SkillAnswer.NOT_MINE
                : SkillAnswer.say("I don't know a device or a room called " + unknown + ".")).done();
    }

    /** Whether the words end in a kind of device ("garage speaker"): the user meant a device. */
    private static boolean namesADevice(String words) {
        return DEVICE_WORDS.contains(words.substring(words.lastIndexOf(' ') + 1));
    }

    private static String capitalised(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** The words of an answer: its Speak's text, else its RenderText's. */
    static String wordsOf(Reply reply) {
        String shown = null;
        for (Directive d : reply.directives()) {
            if (d.header().qualifiedName().equals("SpeechSynthesizer.Speak")) {
                return d.payload().path("ttsText").asText();
            }
            if (shown == null && d.header().qualifiedName().equals("Clova.RenderText")) {
                shown = d.payload().path("text").asText();
            }
        }
        return shown;
    }
}
