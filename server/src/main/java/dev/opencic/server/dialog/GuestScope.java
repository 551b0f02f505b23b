package dev.opencic.server.dialog;

import com.linecorp.armeria.common.HttpStatus;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.Event;
import dev.opencic.protocol.payload.Clova;
import dev.opencic.server.api.CicException;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.skill.SkillAnswer;
import java.util.Set;

/**
 * What a device in guest mode (a token from {@code /authorize?request_vu=Y}, no user's account) may
 * do: ask what needs no account of its own (the time, the weather, small talk, help, the volume and
 * the device's own controls, the music library, "stop"). A request that would keep something for a
 * user (alarms, timers, memos, reminders, the calendar, the household's devices, likes) is answered
 * with {@code Clova.ExpectLogin} and a spoken "please log in"; an event of a namespace that keeps
 * such things is refused with {@code 403} before its handler runs, so nothing changes.
 */
final class GuestScope {

    /** Intent families a guest may use (the part of the intent name before the first dot). */
    private static final Set<String> GUEST_INTENTS = Set.of("clock", "weather", "smalltalk", "volume", "device",
            "music", "stop");
    /** {@code alert.stop} stops what rings on the device; it keeps nothing. */
    private static final Set<String> GUEST_EXCEPTIONS = Set.of("alert.stop");
    /** Namespaces whose events keep a user's things. */
    private static final Set<String> ACCOUNT_NAMESPACES = Set.of("Memo", "Reminder", "Household");
    /** Single events that keep a user's things in a namespace guests otherwise use. */
    private static final Set<String> ACCOUNT_EVENTS = Set.of("TemplateRuntime.LikeCommandIssued",
            "TemplateRuntime.UnlikeCommandIssued", "Clova.ProcessDelegatedEvent");

    static final String LOG_IN = "You'll need to log in to your account for that. "
            + "Log in on this device, then ask me again.";

    private GuestScope() {}

    /** Whether the device may have the intent's answer; always for a device with an account. */
    static boolean allows(DeviceIdentity device, String intent) {
        if (!device.isGuest()) {
            return true;
        }
        int dot = intent.indexOf('.');
        return GUEST_INTENTS.contains(dot < 0 ? intent : intent.substring(0, dot)) || GUEST_EXCEPTIONS.contains(intent);
    }

    /** The answer to a guest's request that needs an account: spoken, and {@code Clova.ExpectLogin}. */
    static SkillAnswer logIn(String dialogRequestId) {
        return SkillAnswer.say(LOG_IN).withDirectives(Directive.of(dialogRequestId, new Clova.ExpectLogin()));
    }

    /** Refuses (403) a guest's event that would keep something for a user. */
    static void checkEvent(DeviceIdentity device, Event event) {
        if (device.isGuest() && (ACCOUNT_NAMESPACES.contains(event.namespace())
                || ACCOUNT_EVENTS.contains(event.header().qualifiedName()))) {
            throw new CicException(HttpStatus.FORBIDDEN, event.header().qualifiedName()
                    + " needs an account: this device is in guest mode; log in first");
        }
    }
}
