package dev.opencic.server.skill.music;

import dev.opencic.protocol.Directive;
import dev.opencic.protocol.Namespaces;
import dev.opencic.server.api.EventRequest;
import dev.opencic.server.api.NamespaceHandler;
import dev.opencic.server.api.Reply;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code PlaybackController} namespace: the device's playback buttons
 * ({@code PlaybackController.NextCommandIssued}, {@code PreviousCommandIssued},
 * {@code PauseCommandIssued}, {@code ResumeCommandIssued},
 * {@code PlayCommandIssued}, {@code StopCommandIssued}): answered with the directive the spoken
 * command would get, without speech; {@code 204} when there is nothing to do (pause with nothing
 * playing). Other events of the namespace are acknowledged by the router.
 */
final class PlaybackControllerHandler implements NamespaceHandler {

    private static final String SUFFIX = "CommandIssued";
    private static final Set<String> BUTTONS = Set.of("Next", "Previous", "Pause", "Resume", "Play", "Stop");

    private final MusicSkill skill;
    private final Players players;

    PlaybackControllerHandler(MusicSkill skill, Players players) {
        this.skill = skill;
        this.players = players;
    }

    @Override
    public String namespace() {
        return Namespaces.PLAYBACK_CONTROLLER;
    }

    @Override
    public Set<String> eventNames() {
        return Set.copyOf(BUTTONS.stream().map(b -> b + SUFFIX).toList());
    }

    @Override
    public CompletableFuture<Reply> handle(EventRequest request) {
        String name = request.event().name();
        String button = name.substring(0, name.length() - SUFFIX.length());
        Player player = players.of(request.device());
        // On the request's executor: stream URLs take their base from the request's context.
        return CompletableFuture.supplyAsync(() -> {
            List<Directive> ds = skill.button(button, request.device().deviceId(), player, request.dialogRequestId());
            return Reply.of(ds.toArray(Directive[]::new));
        }, request.blockingExecutor());
    }
}
