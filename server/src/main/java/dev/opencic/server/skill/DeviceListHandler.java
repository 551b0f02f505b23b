package dev.opencic.server.skill;

import dev.opencic.protocol.Directive;
import dev.opencic.server.api.EventRequest;
import dev.opencic.server.api.NamespaceHandler;
import dev.opencic.server.api.Reply;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The handler of a list the device edits and the server keeps a copy of (memos, reminders): {@code
 * Created}, {@code Updated} and {@code Deleted} change the copy, {@code Get} is answered with the
 * list's render directive. Subclasses validate an edit on the event loop (a bad request fails before
 * any database work) and apply it on the blocking executor.
 */
public abstract class DeviceListHandler implements NamespaceHandler {

    private static final Set<String> EVENTS = Set.of("Created", "Updated", "Deleted", "Get");

    @Override
    public final Set<String> eventNames() {
        return EVENTS;
    }

    @Override
    public final CompletableFuture<Reply> handle(EventRequest request) {
        String account = request.device().accountId();
        if (request.event().name().equals("Get")) {
            return CompletableFuture.supplyAsync(() -> Reply.of(list(account, request.dialogRequestId())),
                    request.blockingExecutor());
        }
        Runnable apply = edit(request, account);
        return CompletableFuture.supplyAsync(() -> {
            apply.run();
            return Reply.empty();
        }, request.blockingExecutor());
    }

    /** The directive that shows the account's list. Runs on the blocking executor. */
    protected abstract Directive list(String account, String dialogRequestId);

    /**
     * Checks a {@code Created}, {@code Updated} or {@code Deleted} event (on the event loop, throwing
     * {@code CicException} for a bad one) and returns the store work, which runs on the blocking
     * executor and may throw {@code CicException} too.
     */
    protected abstract Runnable edit(EventRequest request, String account);
}
