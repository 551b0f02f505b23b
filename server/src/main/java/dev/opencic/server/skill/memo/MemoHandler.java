package dev.opencic.server.skill.memo;

import static dev.opencic.server.skill.EventFields.shorten;

import dev.opencic.protocol.Namespaces;
import dev.opencic.server.api.CicException;
import dev.opencic.server.api.EventRequest;
import dev.opencic.server.skill.DeviceListHandler;
import dev.opencic.server.skill.EventFields;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device's memo events. {@code Created}, {@code Updated} and {@code Deleted} change the server's
 * copy; {@code Get} is answered with {@code Clova.RenderMemoList}.
 *
 * <p>Edits are ordered by when they were made, not by when they arrive: a device may send
 * {@code payload.timestamp} (ISO 8601, the time of the edit on the device; an addition to the
 * reference's payload), else the server's time of arrival counts. An edit older than the one the
 * memo holds is ignored (still {@code 204}), so a late, older edit never overwrites a newer one,
 * and a deleted memo is not brought back by an edit made before the deletion. {@code Updated} or
 * {@code Deleted} naming a memo that was never created is a bad request ({@code 400}).
 */
final class MemoHandler extends DeviceListHandler<dev.opencic.protocol.payload.Memo.Change> {

    /** How far ahead of the server's clock a device's edit time may be. */
    static final java.time.Duration MAX_CLOCK_SKEW = java.time.Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(MemoHandler.class);

    private final MemoStore store;
    private final Clock clock;

    MemoHandler(MemoStore store, Clock clock) {
        super(Namespaces.MEMO, dev.opencic.protocol.payload.Memo.Change.class, MemoSkill.MAX_CONTENT,
                (account, dialog) -> MemoDirectives.renderMemoList(store.list(account), dialog));
        this.store = store;
        this.clock = clock;
    }

    @Override
    protected Runnable apply(EventRequest request, String account,
                             Edit<dev.opencic.protocol.payload.Memo.Change> edit) {
        String name = edit.name();
        String id = edit.id();
        Instant now = clock.instant();
        Instant editedAt = EventFields.optionalInstant(request.event(), "timestamp", edit.payload().timestamp())
                .orElse(now);
        if (editedAt.isAfter(now.plus(MAX_CLOCK_SKEW))) {
            // A device clock far ahead would make its edit win over every later one, for good.
            throw CicException.badRequest(request.event().header().qualifiedName() + ": payload.timestamp is in the future");
        }
        return () -> {
            MemoStore.Outcome outcome = switch (name) {
                case "Created" -> store.put(account, id, edit.content(), editedAt);
                case "Updated" -> store.update(account, id, edit.content(), editedAt);
                default -> store.delete(account, id, editedAt);
            };
            if (outcome == MemoStore.Outcome.UNKNOWN) {
                throw CicException.badRequest(request.event().header().qualifiedName() + ": unknown memo id " + shorten(id));
            }
            if (outcome == MemoStore.Outcome.STALE) {
                log.info("event=MemoEditIgnored reason=older-than-stored device={} memo={} name={}",
                        request.device().deviceId(), shorten(id), name);
            }
        };
    }
}
