package dev.opencic.server.skill.household;

import dev.opencic.protocol.Directive;
import dev.opencic.protocol.MessageIds;
import dev.opencic.protocol.payload.Clova;
import dev.opencic.server.api.CicException;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.api.DirectivePusher;
import dev.opencic.server.api.Reply;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests handed from one device of an account to another, the 2018 reference's delegation
 * (Guides/InteractWithCIC/Handle_Delegation.md): the server pushes {@code Clova.HandleDelegatedEvent}
 * with a {@code delegationId} to the device that is to carry the request out; that device sends
 * {@code Clova.ProcessDelegatedEvent} with the id (and its context) and gets the request's answer as
 * the reply, exactly as if it had been asked itself ({@link ClovaHandler}).
 *
 * <p>A delegation waits {@link #TTL} for its device and is taken once, by that device only. Pending
 * ones live in memory: a delegation outliving a restart would act long after the user asked.
 */
final class Delegations {

    static final Duration TTL = Duration.ofSeconds(60);

    /** One delegated request; {@code answered} completes with the words the target device was answered. */
    record Delegation(String id, DeviceIdentity from, DeviceIdentity to, String utterance, Instant at,
                      CompletableFuture<String> answered) {}

    private final DirectivePusher downchannels;
    private final Clock clock;
    private final Map<String, Delegation> pending = new ConcurrentHashMap<>();

    Delegations(DirectivePusher downchannels, Clock clock) {
        this.downchannels = downchannels;
        this.clock = clock;
    }

    /** Hands {@code utterance} to {@code to}; the delegation's {@code answered} tells what came of it. */
    Delegation delegate(DeviceIdentity from, DeviceIdentity to, String utterance) {
        Instant now = clock.instant();
        pending.values().removeIf(d -> now.isAfter(d.at().plus(TTL)));
        Delegation d = new Delegation(MessageIds.newId(), from, to, utterance, now, new CompletableFuture<>());
        pending.put(d.id(), d);
        downchannels.push(to, Reply.of(Directive.of(new Clova.HandleDelegatedEvent(d.id())))).thenAccept(pushed -> {
            if (!Boolean.TRUE.equals(pushed) && pending.remove(d.id(), d)) {
                d.answered().complete(null);
            }
        });
        return d;
    }

    /**
     * The delegation {@code device} was handed, taken so it runs once. Refused (400, nothing taken)
     * when the id is unknown, expired or another device's.
     */
    Delegation take(DeviceIdentity device, String delegationId) {
        Delegation d = pending.get(delegationId);
        if (d == null || !d.to().equals(device)) {
            throw CicException.badRequest("unknown delegationId: " + delegationId);
        }
        if (clock.instant().isAfter(d.at().plus(TTL))) {
            pending.remove(delegationId, d);
            d.answered().complete(null);
            throw CicException.badRequest("delegationId expired: " + delegationId);
        }
        if (!pending.remove(delegationId, d)) {
            throw CicException.badRequest("unknown delegationId: " + delegationId);
        }
        return d;
    }
}
