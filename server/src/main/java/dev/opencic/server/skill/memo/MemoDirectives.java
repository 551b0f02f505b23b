package dev.opencic.server.skill.memo;

import dev.opencic.protocol.Directive;
import dev.opencic.protocol.payload.Clova;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The {@code Clova} memo directives as the seed reference defines them. */
final class MemoDirectives {

    private MemoDirectives() {}

    static Directive addMemo(Memo memo, String dialogRequestId) {
        return Directive.of(dialogRequestId, new Clova.AddMemo(memo.id(), memo.content()));
    }

    /**
     * {@code Clova.DeleteMemo}. The reference's payload is empty (the device lets the user pick); when
     * the server already knows which memo was meant, {@code id} names it.
     */
    static Directive deleteMemo(String memoIdOrNull, String dialogRequestId) {
        return Directive.of(dialogRequestId, new Clova.DeleteMemo(memoIdOrNull));
    }

    static Directive renderMemoList(List<Memo> memos, String dialogRequestId) {
        return Directive.of(dialogRequestId, new Clova.RenderMemoList(memos.stream()
                .map(m -> new Clova.MemoEntry(m.id(), m.content(), DateTimeFormatter.ISO_INSTANT.format(m.createdAt())))
                .toList()));
    }
}
