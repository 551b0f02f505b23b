package dev.opencic.server.skill.music;

import dev.opencic.protocol.Namespaces;
import dev.opencic.protocol.payload.TemplateRuntime;
import dev.opencic.server.api.CicException;
import dev.opencic.server.api.EventPayloads;
import dev.opencic.server.api.EventRequest;
import dev.opencic.server.api.NamespaceHandler;
import dev.opencic.server.api.Reply;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code TemplateRuntime} namespace: {@code RequestPlayerInfo} (and {@code RequestPlayerInfoIssued},
 * the name of the reference's section and example) is answered with {@code RenderPlayerInfo} for
 * the entries around the token, {@code range.before} ahead and {@code range.after} past it ({@link
 * PlayerInfo#DEFAULT_AFTER} past it without a range); {@code LikeCommandIssued} and {@code
 * UnlikeCommandIssued} keep the like of the token's track for the account and answer with the
 * list again, its Like button changed. A token this device's current queue does not hold is a
 * bad request, as is a negative range.
 */
final class TemplateRuntimeHandler implements NamespaceHandler {

    private final Players players;
    private final PlayerInfo info;
    private final LikeStore likes;

    TemplateRuntimeHandler(Players players, PlayerInfo info, LikeStore likes) {
        this.players = players;
        this.info = info;
        this.likes = likes;
    }

    @Override
    public String namespace() {
        return Namespaces.TEMPLATE_RUNTIME;
    }

    @Override
    public Set<String> eventNames() {
        return Set.of("RequestPlayerInfo", "RequestPlayerInfoIssued", "LikeCommandIssued", "UnlikeCommandIssued");
    }

    @Override
    public CompletableFuture<Reply> handle(EventRequest request) {
        CompletableFuture<Player> ready = players.ready(request.device());
        if (ready.isDone()) {
            return handle(request, ready.join());
        }
        return ready.thenComposeAsync(player -> handle(request, player), request.blockingExecutor());
    }

    private CompletableFuture<Reply> handle(EventRequest request, Player player) {
        String name = request.event().name();
        String qualified = request.event().header().qualifiedName();
        String account = request.device().accountId();
        if (name.startsWith("RequestPlayerInfo")) {
            TemplateRuntime.RequestPlayerInfo p = EventPayloads.read(request.event(), TemplateRuntime.RequestPlayerInfo.class);
            int index = queued(qualified, p.token(), player);
            TemplateRuntime.Range range = p.range();
            Integer before = range == null ? null : range.before();
            Integer after = range == null ? null : range.after();
            if ((before != null && before < 0) || (after != null && after < 0)) {
                throw CicException.badRequest(qualified + ": range.before and range.after must not be negative");
            }
            int b = before == null ? 0 : before;
            int a = after == null ? (before == null ? PlayerInfo.DEFAULT_AFTER : 0) : after;
            return CompletableFuture.supplyAsync(() -> Reply.of(info.render(account, player, index, b, a,
                    request.dialogRequestId())), request.blockingExecutor());
        }
        TemplateRuntime.LikeCommand p = EventPayloads.read(request.event(), TemplateRuntime.LikeCommand.class);
        queued(qualified, p.token(), player);
        Track track = player.item(p.token()).orElseThrow(() -> CicException.badRequest(
                qualified + ": token no longer queued " + shorten(p.token()))).track();
        boolean like = name.equals("LikeCommandIssued");
        return CompletableFuture.supplyAsync(() -> {
            if (like) {
                likes.like(account, track.id());
            } else {
                likes.unlike(account, track.id());
            }
            return Reply.of(info.renderCurrent(account, player, request.dialogRequestId()));
        }, request.blockingExecutor());
    }

    /** The token's position in the device's current queue; a bad request when it has none. */
    private static int queued(String qualified, String token, Player player) {
        if (token == null || token.isBlank()) {
            throw CicException.badRequest(qualified + " needs payload.token");
        }
        int index = player.indexOf(token);
        if (index < 0) {
            throw CicException.badRequest(qualified + ": " + (player.isKnown(token)
                    ? "token no longer queued " : "unknown token ") + shorten(token));
        }
        return index;
    }

    private static String shorten(String token) {
        return token.length() > 64 ? token.substring(0, 64) + "..." : token;
    }
}
