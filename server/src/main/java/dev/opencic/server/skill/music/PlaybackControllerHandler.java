package dev.opencic.server.skill.music;

import dev.opencic.protocol.Directive;
import dev.opencic.protocol.Namespaces;
import dev.opencic.protocol.payload.PlaybackController;
import dev.opencic.server.api.CicException;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.api.DirectivePusher;
import dev.opencic.server.api.EventPayloads;
import dev.opencic.server.api.EventRequest;
import dev.opencic.server.api.NamespaceHandler;
import dev.opencic.server.api.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code PlaybackController} namespace: the device's playback buttons
 * ({@code NextCommandIssued}, {@code PreviousCommandIssued}, {@code PauseCommandIssued},
 * {@code ResumeCommandIssued}, {@code PlayCommandIssued}, {@code StopCommandIssued}), also what a
 * device sends after an {@code Expect<X>Command}: answered with the directive the spoken command
 * would get, without speech; {@code 204} when there is nothing to do (pause with nothing playing).
 * {@code PlayCommandIssued} with a {@code token} (an entry of {@code RenderPlayerInfo}'s list)
 * plays the queue from that entry. {@code SetRepeatModeCommandIssued} (the Repeat button) sets the
 * mode and answers {@code SetRepeatMode} (or the 2017 TurnOn/OffRepeatMode, see
 * {@link MusicDirectives#repeat}). With a {@code deviceId} naming another device of the account
 * (remote control), that device's player moves and the directives are pushed to it; the sender
 * gets {@code 204}. {@code CustomCommandIssued} (a shortcut button) has no action configured: it
 * is checked, logged and answered {@code 204}. A {@code handover} is not supported (the library
 * plays on one device at a time) and is ignored.
 */
final class PlaybackControllerHandler implements NamespaceHandler {

    private static final Logger log = LoggerFactory.getLogger(PlaybackControllerHandler.class);
    private static final String SUFFIX = "CommandIssued";
    private static final Set<String> BUTTONS = Set.of("Next", "Previous", "Pause", "Resume", "Play", "Stop");

    private final MusicSkill skill;
    private final Players players;
    private final MusicDirectives directives;
    private final DirectivePusher downchannels;

    PlaybackControllerHandler(MusicSkill skill, Players players, MusicDirectives directives,
                              DirectivePusher downchannels) {
        this.skill = skill;
        this.players = players;
        this.directives = directives;
        this.downchannels = downchannels;
    }

    @Override
    public String namespace() {
        return Namespaces.PLAYBACK_CONTROLLER;
    }

    @Override
    public Set<String> eventNames() {
        Set<String> names = new java.util.HashSet<>(BUTTONS.stream().map(b -> b + SUFFIX).toList());
        names.add("SetRepeatModeCommandIssued");
        names.add("CustomCommandIssued");
        return Set.copyOf(names);
    }

    @Override
    public CompletableFuture<Reply> handle(EventRequest request) {
        String name = request.event().name();
        String qualified = request.event().header().qualifiedName();
        if (name.equals("CustomCommandIssued")) {
            var p = EventPayloads.read(request.event(), PlaybackController.CustomCommandIssued.class);
            if (p.button() == null || p.button().isBlank()) {
                throw CicException.badRequest(qualified + " needs payload.button");
            }
            log.info("event=CustomButton device={} button=\"{}\" action=none", request.device().deviceId(),
                    shorten(p.button()));
            return CompletableFuture.completedFuture(Reply.empty());
        }
        if (name.equals("SetRepeatModeCommandIssued")) {
            var p = EventPayloads.read(request.event(), PlaybackController.SetRepeatModeCommandIssued.class);
            if (!PlaybackController.REPEAT_NONE.equals(p.repeatMode()) && !PlaybackController.REPEAT_ONE.equals(p.repeatMode())) {
                throw CicException.badRequest(qualified + " needs payload.repeatMode NONE or REPEAT_ONE");
            }
            boolean on = p.repeatMode().equals(PlaybackController.REPEAT_ONE);
            return target(request, p.deviceId()).thenCompose(target -> players.ready(target).thenComposeAsync(player -> {
                player.repeat(on);
                return players.flushed(target, deliver(request, target,
                        List.of(MusicDirectives.repeat(player, on, request.dialogRequestId()))), request.blockingExecutor());
            }, request.blockingExecutor()));
        }
        String button = name.substring(0, name.length() - SUFFIX.length());
        String deviceId;
        String token = null;
        if (button.equals("Play")) {
            var p = EventPayloads.read(request.event(), PlaybackController.PlayCommandIssued.class);
            deviceId = p.deviceId();
            token = p.token() == null || p.token().isBlank() ? null : p.token();
        } else {
            deviceId = EventPayloads.read(request.event(), PlaybackController.CommandIssued.class).deviceId();
        }
        String chosen = token;
        return target(request, deviceId).thenCompose(target -> {
            CompletableFuture<Player> ready = players.ready(target);
            if (ready.isDone()) {
                return pressed(request, target, ready.join(), button, chosen);
            }
            return ready.thenComposeAsync(player -> pressed(request, target, player, button, chosen),
                    request.blockingExecutor());
        });
    }

    /** A button pressed for the target's player: the same decision as the spoken command. */
    private CompletableFuture<Reply> pressed(EventRequest request, DeviceIdentity target, Player player,
                                             String button, String chosen) {
        if (chosen != null && player.indexOf(chosen) < 0) {
            throw CicException.badRequest(request.event().header().qualifiedName() + ": "
                    + (player.isKnown(chosen) ? "token no longer queued " : "unknown token ") + shorten(chosen));
        }
        // On the request's executor: stream URLs take their base from the request's context.
        return CompletableFuture.supplyAsync(() -> {
            List<Directive> ds;
            if (chosen != null) {
                ds = player.jumpTo(chosen).map(item -> directives.play(player.remaining(), 0, target.deviceId(),
                        request.dialogRequestId())).orElse(List.of());
            } else {
                ds = skill.button(button, target.deviceId(), player, request.dialogRequestId());
            }
            return deliver(request, target, ds);
        }, request.blockingExecutor()).thenCompose(r -> players.flushed(target, r, request.blockingExecutor()));
    }

    /**
     * The sender's own device, or the account's device {@code deviceId} names; a bad request when
     * unknown. Another device is looked up on the blocking executor: in a cluster its player may be
     * known only to the shared store (a node that has never seen that device).
     */
    private CompletableFuture<DeviceIdentity> target(EventRequest request, String deviceId) {
        if (deviceId == null || deviceId.equals(request.device().deviceId())) {
            return CompletableFuture.completedFuture(request.device());
        }
        return CompletableFuture.supplyAsync(() -> players.device(request.device().accountId(), deviceId)
                .orElseThrow(() -> CicException.badRequest(request.event().header().qualifiedName() + ": no device "
                        + shorten(deviceId) + " of this account has played anything")), request.blockingExecutor());
    }

    /** The directives as the reply, or pushed to the other device they are for (the sender then gets 204). */
    private Reply deliver(EventRequest request, DeviceIdentity target, List<Directive> ds) {
        Reply reply = Reply.of(ds.toArray(Directive[]::new));
        if (target.equals(request.device())) {
            return reply;
        }
        if (!ds.isEmpty()) {
            List<Directive> pushed = new ArrayList<>(ds);
            downchannels.push(target, Reply.of(pushed.toArray(Directive[]::new)));
        }
        return Reply.empty();
    }

    private static String shorten(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }
}
