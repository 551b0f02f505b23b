package dev.opencic.server.skill;

import dev.opencic.protocol.Directive;
import dev.opencic.server.api.EventRequest;
import java.util.List;

/**
 * One feature's part of the answer to {@code System.RequestSynchronizeState}, which a device sends
 * after a reconnect or a reset: the directives that bring that feature's state on the device back
 * in step with the server's (the volume it last reported, the player the server holds for it).
 * A module registers its own on {@link SkillContext#resyncs()} while it is constructed; the System
 * handler sends what they return after its {@code System.SynchronizeState}.
 */
@FunctionalInterface
public interface StateResync {

    /**
     * The directives for the device that asked, under the request's dialogRequestId; empty when the
     * device is already in step. Runs on the request's blocking executor (may read the database).
     */
    List<Directive> resync(EventRequest request);
}
