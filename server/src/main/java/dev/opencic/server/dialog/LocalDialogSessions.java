package dev.opencic.server.dialog;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.opencic.server.api.DeviceIdentity;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** {@link DialogSessions} in this process: the single-node default, answering at once. */
public final class LocalDialogSessions implements DialogSessions {

    /** One dialogue is stored under two keys: {@code d:<dialogRequestId>} and {@code s:<expectSpeechId>}. */
    private record Key(DeviceIdentity device, String id) {}

    private record Entry(String dialogRequestId, Pending pending) {}

    private final Cache<Key, Entry> pending;

    public LocalDialogSessions(Duration window, Clock clock) {
        // Expiry follows the server's clock, so a test can let a dialogue lapse without waiting for it.
        this.pending = Caffeine.newBuilder().ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfterWrite(window)
                .maximumSize(200_000).build();
    }

    @Override
    public CompletableFuture<Void> expect(DeviceIdentity device, String dialogRequestId, Pending p) {
        Entry e = new Entry(dialogRequestId, p);
        pending.put(new Key(device, "d:" + dialogRequestId), e);
        if (p.expectSpeechId() != null) {
            pending.put(new Key(device, "s:" + p.expectSpeechId()), e);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Optional<Pending>> take(DeviceIdentity device, String dialogRequestId, String speechId) {
        return CompletableFuture.completedFuture(takeNow(device, dialogRequestId, speechId));
    }

    /** {@link #take}, answered at once. */
    public Optional<Pending> takeNow(DeviceIdentity device, String dialogRequestId, String speechId) {
        Entry e = speechId == null ? null : pending.asMap().remove(new Key(device, "s:" + speechId));
        if (e == null && dialogRequestId != null) {
            e = pending.asMap().remove(new Key(device, "d:" + dialogRequestId));
        }
        if (e == null) {
            return Optional.empty();
        }
        // Remove the other key only if it still names this dialogue (a newer question may reuse the id).
        pending.asMap().remove(new Key(device, "d:" + e.dialogRequestId()), e);
        if (e.pending().expectSpeechId() != null) {
            pending.asMap().remove(new Key(device, "s:" + e.pending().expectSpeechId()), e);
        }
        return Optional.of(e.pending());
    }
}
