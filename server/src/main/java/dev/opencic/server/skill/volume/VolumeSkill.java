package dev.opencic.server.skill.volume;

import dev.opencic.protocol.Directive;
import dev.opencic.protocol.Namespaces;
import dev.opencic.protocol.payload.Device;
import dev.opencic.protocol.payload.DeviceControl;
import dev.opencic.protocol.payload.Speaker;
import dev.opencic.server.api.EventPayloads;
import dev.opencic.server.skill.Skill;
import dev.opencic.server.skill.SkillAnswer;
import dev.opencic.server.skill.SkillRequest;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Volume up and down, mute and unmute, as {@code PlaybackController} directives (the 2017 seed's
 * {@code VolumeUp}/{@code VolumeDown}, which stay the contract), or, for a device whose {@code
 * Device.DeviceState} lists {@code Increase}/{@code Decrease} among its volume actions, as the later
 * reference's {@code DeviceControl.Increase}/{@code Decrease} with target {@code volume} (one
 * directive, never both: a device would step twice). As the later
 * reference edition asks, a change is made without a spoken answer (the device signals it with a
 * sound or light); the words come only when there is nothing to change, which the device's
 * {@code Speaker.VolumeState} (volume 0..10, muted) tells: "The sound is already off."
 */
public final class VolumeSkill implements Skill {

    static final int MAX_VOLUME = 10;

    @Override
    public Set<String> intents() {
        return Set.of("volume.up", "volume.down", "volume.mute", "volume.unmute");
    }

    /** What {@code Speaker.VolumeState} said, when the device sent a readable one. */
    record VolumeState(int volume, boolean muted) {}

    @Override
    public CompletableFuture<SkillAnswer> answer(SkillRequest request) {
        Optional<VolumeState> state = state(request);
        String dialog = request.event().dialogRequestId();
        boolean muted = state.map(VolumeState::muted).orElse(false);
        Optional<Device.DeviceState> device = EventPayloads.context(request.event().event(), Namespaces.DEVICE,
                "DeviceState", Device.DeviceState.class);
        Directive up = step(device, "Increase", "VolumeUp", dialog);
        Directive down = step(device, "Decrease", "VolumeDown", dialog);
        // A 2018 device's own range (DeviceState volume: min, max, value) says as much as VolumeState's 0..10.
        Optional<Device.Level> level = device.map(Device.DeviceState::volume)
                .filter(l -> l.value() != null && l.min() != null && l.max() != null);
        boolean highest = state.filter(s -> s.volume() >= MAX_VOLUME).isPresent()
                          || level.filter(l -> l.value() >= l.max()).isPresent();
        boolean lowest = state.filter(s -> s.volume() <= 0).isPresent()
                         || level.filter(l -> l.value() <= l.min()).isPresent();
        SkillAnswer answer = switch (request.intent().intent()) {
            case "volume.up" -> {
                if (muted) {
                    // Louder from silence means sound back on, then one step up.
                    yield SkillAnswer.silently("Sound on, volume up.", directive("Unmute", dialog),
                            up);
                }
                yield highest
                        ? SkillAnswer.say("The volume is already at its highest.")
                        : SkillAnswer.silently("Volume up.", up);
            }
            case "volume.down" -> {
                if (muted) {
                    yield SkillAnswer.say("The sound is already off.");
                }
                yield lowest
                        ? SkillAnswer.say("The volume is already at its lowest.")
                        : SkillAnswer.silently("Volume down.", down);
            }
            case "volume.mute" -> muted
                    ? SkillAnswer.say("The sound is already off.")
                    : SkillAnswer.silently("Sound off.", directive("Mute", dialog));
            case "volume.unmute" -> state.isPresent() && !muted
                    ? SkillAnswer.say("The sound is already on.")
                    : SkillAnswer.silently("Sound on.", directive("Unmute", dialog));
            default -> throw new IllegalArgumentException("not a volume intent: " + request.intent().intent());
        };
        return answer.done();
    }

    /** {@code DeviceControl.<command>} when the device declares it for its volume, else the 2017 directive. */
    private static Directive step(Optional<Device.DeviceState> device, String command, String seedName,
                                  String dialogRequestId) {
        boolean declared = device.flatMap(d -> d.actionsFor("volume")).map(a -> a.contains(command)).orElse(false);
        return declared
                ? Directive.of(Namespaces.DEVICE_CONTROL, command, dialogRequestId, new DeviceControl.Target("volume"))
                : directive(seedName, dialogRequestId);
    }

    private static Directive directive(String name, String dialogRequestId) {
        return Directive.of(Namespaces.PLAYBACK_CONTROLLER, name, dialogRequestId);
    }

    /** A state with a volume outside 0..10 or without {@code muted} is treated as unknown. */
    static Optional<VolumeState> state(SkillRequest request) {
        return EventPayloads.context(request.event().event(), Namespaces.SPEAKER, "VolumeState",
                        Speaker.VolumeState.class)
                .filter(s -> s.volume() != null && s.muted() != null && s.volume() >= 0 && s.volume() <= MAX_VOLUME)
                .map(s -> new VolumeState(s.volume(), s.muted()));
    }
}
