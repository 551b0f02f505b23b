package dev.opencic.server.skill;

import dev.opencic.protocol.Directive;
import dev.opencic.protocol.payload.ListEdit;
import dev.opencic.server.api.EventPayloads;
import dev.opencic.server.api.EventRequest;
import dev.opencic.server.api.NamespaceHandler;
import dev.opencic.server.api.Reply;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The handler of a list the device edits and the server keeps a copy of (memos, reminders): {@code
 * Created}, {@code Updated} and {@code Deleted} change the copy, {@code Get} is answered with the
 * list's render directive. An edit is checked on the event loop (a bad request fails before any
 * database work: an id of 1 to 64 characters, a content of 1 to {@code maxContent} except on a
 * delete) and applied on the blocking executor.
 *
 * @param <E> the record of the namespace's edit events
 */
public abstract class DeviceListHandler<E extends ListEdit> implements NamespaceHandler {

    private static final Set<String> EVENTS = Set.of("Created", "Updated", "Deleted", "Get");
    private static final int MAX_ID = 64;

    /** A checked edit: the event's name, its stripped id and content (null on a delete), and the whole record. */
    protected record Edit<E>(String name, String id, String content, E payload) {}

    /** The directive that shows an account's list: (account, dialogRequestId) to directive. */
    protected interface ListDirective {
        Directive of(String account, String dialogRequestId);
    }

    private final String namespace;
    private final Class<E> editType;
    private final int maxContent;
    private final ListDirective list;

    /** {@code list} runs on the blocking executor (it reads the store). */
    protected DeviceListHandler(String namespace, Class<E> editType, int maxContent, ListDirective list) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.editType = Objects.requireNonNull(editType, "editType");
        this.maxContent = maxContent;
        this.list = Objects.requireNonNull(list, "list");
    }

    @Override
    public final String namespace() {
        return namespace;
    }

    @Override
    public final Set<String> eventNames() {
        return EVENTS;
    }

    @Override
    public final CompletableFuture<Reply> handle(EventRequest request) {
        var event = request.event();
        String account = request.device().accountId();
        if (event.name().equals("Get")) {
            return CompletableFuture.supplyAsync(() -> Reply.of(list.of(account, request.dialogRequestId())),
                    request.blockingExecutor());
        }
        E payload = EventPayloads.read(event, editType);
        String id = EventFields.requiredText(event, "id", payload.id(), MAX_ID);
        String content = event.name().equals("Deleted") ? null
                : EventFields.requiredText(event, "content", payload.content(), maxContent);
        Runnable apply = apply(request, account, new Edit<>(event.name(), id, content, payload));
        return CompletableFuture.supplyAsync(() -> {
            apply.run();
            return Reply.empty();
        }, request.blockingExecutor());
    }

    /**
     * Checks what else the edit needs (on the event loop, throwing {@code CicException}) and returns
     * the store work, which runs on the blocking executor and may throw {@code CicException} too.
     */
    protected abstract Runnable apply(EventRequest request, String account, Edit<E> edit);
}
