package dev.opencic.server.console;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import dev.opencic.protocol.MessageIds;
import dev.opencic.server.skill.memo.Memo;
import dev.opencic.server.skill.memo.MemoModule;
import dev.opencic.server.skill.memo.MemoStore;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Your memos: the account's memos, newest first; writing one, rewriting one, deleting one, in the
 * store the memo skill and the devices' {@code Memo} events use (with the edit's time, so a late,
 * older edit from a device does not undo it). Another account's memo id is "no such memo" (404).
 */
final class MemoPages {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", Locale.ENGLISH);

    private final ConsolePages pages;
    private final MemoStore memos;
    private final AccountDevices devices;
    private final Clock clock;

    MemoPages(ConsolePages pages, MemoStore memos, AccountDevices devices, Clock clock) {
        this.pages = pages;
        this.memos = memos;
        this.devices = devices;
        this.clock = clock;
    }

    HttpResponse list(ConsoleRequest r) {
        return page(r, HttpStatus.OK, message(r.param("done")), null);
    }

    HttpResponse add(ConsoleRequest r) {
        return ConsoleForms.orRefused(() -> {
            String content = ConsoleForms.text(r, "content", "The memo", MemoModule.MAX_CONTENT);
            memos.put(r.signedIn().accountId(), MessageIds.newId(), content, clock.instant());
            return ConsolePages.redirect("/console/memos?done=added");
        }, error -> page(r, HttpStatus.BAD_REQUEST, null, error));
    }

    HttpResponse edit(ConsoleRequest r) {
        Memo memo = own(r);
        return ConsoleForms.orRefused(() -> {
            String content = ConsoleForms.text(r, "content", "The memo", MemoModule.MAX_CONTENT);
            MemoStore.Outcome outcome = memos.update(r.signedIn().accountId(), memo.id(), content, clock.instant());
            if (outcome == MemoStore.Outcome.UNKNOWN) {
                throw new ConsoleException(404, "You have no memo with that id.");
            }
            if (outcome == MemoStore.Outcome.STALE) {
                throw new ConsoleException(400, "A device changed this memo just now; reload and try again.");
            }
            return ConsolePages.redirect("/console/memos?done=changed");
        }, error -> page(r, HttpStatus.BAD_REQUEST, null, error));
    }

    HttpResponse delete(ConsoleRequest r) {
        Memo memo = own(r);
        if (memos.delete(r.signedIn().accountId(), memo.id(), clock.instant()) == MemoStore.Outcome.UNKNOWN) {
            throw new ConsoleException(404, "You have no memo with that id.");
        }
        return ConsolePages.redirect("/console/memos?done=deleted");
    }

    private Memo own(ConsoleRequest r) {
        return memos.find(r.signedIn().accountId(), r.required("memo", "The memo"))
                .orElseThrow(() -> new ConsoleException(404, "You have no memo with that id."));
    }

    private HttpResponse page(ConsoleRequest r, HttpStatus status, String message, String error) {
        ConsoleUser user = r.signedIn();
        ZoneId zone = devices.homeZone(user.accountId());
        List<MemoRow> rows = memos.list(user.accountId()).stream().map(m -> new MemoRow(m.id(), m.content(),
                WHEN.format((m.editedAt() != null ? m.editedAt() : m.createdAt()).atZone(zone)))).toList();
        return pages.page(status, "memos.jte", List.of(), "user", user, "memos", rows, "message", message,
                "error", error);
    }

    private static String message(String done) {
        if (done == null) {
            return null;
        }
        return switch (done) {
            case "added" -> "The memo is saved.";
            case "changed" -> "The memo was changed.";
            case "deleted" -> "The memo was deleted.";
            default -> null;
        };
    }
}
