package dev.opencic.server.skill.household;

import dev.opencic.protocol.Directive;
import dev.opencic.protocol.payload.Clova;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.api.Reply;
import dev.opencic.server.skill.SkillContext;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Speaks an announcement on the account's other devices: a pushed {@code SpeechSynthesizer.Speak}
 * with its audio (and a {@code Clova.RenderText}), outside any dialogue.
 *
 * <p>Delivered like reminders: {@link dev.opencic.server.api.DirectivePusher#pushConfirmed confirmed}
 * by the ACK of an HTTP/2 PING sent after it. A device whose push is not confirmed (it stopped reading,
 * its connection died on the way) keeps the announcement and hears it when it next opens its
 * downchannel, unless {@link #HOLD} has passed by then: "dinner is ready" an hour late is noise, not
 * news. Held announcements are kept in the database ({@link HeldAnnouncements}, migration V22), so a
 * restart in between (or, in a cluster, the device coming back on another node) does not lose them.
 * Only devices with an open downchannel at the time are announced to: one that is off is not "in the
 * house" for this announcement.
 */
final class Announcements {

    private static final Logger log = LoggerFactory.getLogger(Announcements.class);
    /** How long an unconfirmed announcement is kept for its device's reconnect. */
    static final Duration HOLD = Duration.ofMinutes(10);

    private final SkillContext context;
    private final HeldAnnouncements held;
    private final Counter delivered;
    private final Counter heldCount;

    Announcements(SkillContext context, HeldAnnouncements held) {
        this.context = context;
        this.held = held;
        this.delivered = Counter.builder("cic.announcements.delivered")
                .description("Announcements confirmed read by a device").register(context.meters());
        this.heldCount = Counter.builder("cic.announcements.held")
                .description("Announcements not confirmed, kept for the device's reconnect").register(context.meters());
    }

    /** Pushes the announcement to each of {@code targets}; completes at once (delivery goes on behind). */
    void announce(List<DeviceIdentity> targets, String text) {
        Instant now = context.clock().instant();
        // Devices that never came back would keep their held announcements for ever: drop the stale ones.
        try {
            held.dropBefore(now.minus(HOLD));
        } catch (RuntimeException e) {
            log.warn("event=HeldAnnouncementsNotPurged cause=\"{}\"", e.toString());
        }
        for (DeviceIdentity device : targets) {
            push(device, new HeldAnnouncements.Held(text, now));
        }
    }

    /** Speaks the device's held announcements that are still fresh; called when its downchannel opens. */
    void deliverHeld(DeviceIdentity device) {
        List<HeldAnnouncements.Held> pending;
        try {
            pending = held.take(device, context.clock().instant().minus(HOLD));
        } catch (RuntimeException e) {
            log.warn("event=HeldAnnouncementsNotRead device={} cause=\"{}\"", device.deviceId(), e.toString());
            return;
        }
        pending.forEach(h -> push(device, h));
    }

    private void push(DeviceIdentity device, HeldAnnouncements.Held announcement) {
        Reply reply;
        try {
            reply = reply(device, announcement.text());
        } catch (RuntimeException e) { // speech synthesis unavailable: the text alone still shows
            log.warn("event=AnnouncementNotSpoken device={} cause=\"{}\"", device.deviceId(), e.toString());
            reply = Reply.of(Directive.of(new Clova.RenderText(announcement.text())));
        }
        context.downchannels().pushConfirmed(device, reply).whenComplete((ok, e) -> {
            if (e == null && Boolean.TRUE.equals(ok)) {
                delivered.increment();
                log.info("event=AnnouncementDelivered device={}", device.deviceId());
            } else {
                // Off the thread that saw the push fail (it may be an event loop): the row is a database write.
                context.blocking().execute(() -> {
                    try {
                        held.hold(device, announcement.text(), announcement.at());
                        heldCount.increment();
                        log.info("event=AnnouncementHeld device={}", device.deviceId());
                    } catch (RuntimeException ex) {
                        log.warn("event=AnnouncementLost device={} cause=\"{}\"", device.deviceId(), ex.toString());
                    }
                });
            }
        });
    }

    private Reply reply(DeviceIdentity device, String text) {
        Reply.Builder b = Reply.builder();
        context.speech().speak(b, text, context.config().language(), null, device);
        b.directive(Directive.of(new Clova.RenderText(text)));
        return b.build();
    }
}
