package dev.opencic.server.skill.household;

import dev.opencic.protocol.Namespaces;
import dev.opencic.protocol.payload.Household;
import dev.opencic.server.api.CicException;
import dev.opencic.server.api.EventPayloads;
import dev.opencic.server.api.EventRequest;
import dev.opencic.server.api.NamespaceHandler;
import dev.opencic.server.api.Reply;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * This project's {@code Household} namespace: {@code SetDeviceName}, the device naming itself (and
 * putting itself in a room), what an app's settings screen sends; answered {@code 204}. A name or
 * room that is blank or over 128 characters is {@code 400} and changes nothing.
 */
final class HouseholdHandler implements NamespaceHandler {

    private final DeviceDirectory directory;
    private final Clock clock;

    HouseholdHandler(DeviceDirectory directory, Clock clock) {
        this.directory = directory;
        this.clock = clock;
    }

    @Override
    public String namespace() {
        return Namespaces.HOUSEHOLD;
    }

    @Override
    public Set<String> eventNames() {
        return Set.of("SetDeviceName");
    }

    @Override
    public CompletableFuture<Reply> handle(EventRequest request) {
        Household.SetDeviceName payload = EventPayloads.read(request.event(), Household.SetDeviceName.class);
        String name = payload.name() == null ? "" : payload.name().strip();
        String room = payload.room() == null ? null : payload.room().strip();
        if (name.isEmpty() || name.length() > 128) {
            throw CicException.badRequest("SetDeviceName needs payload.name, 1 to 128 characters");
        }
        if (room != null && (room.isEmpty() || room.length() > 128)) {
            throw CicException.badRequest("payload.room, when given, is 1 to 128 characters");
        }
        return CompletableFuture.supplyAsync(() -> {
            directory.name(request.device().accountId(), request.device().deviceId(), name, room, clock.instant());
            return Reply.empty();
        }, request.blockingExecutor());
    }
}
