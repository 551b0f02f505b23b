package dev.opencic.server.skill.memo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.Namespaces;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The {@code Clova} memo directives as the seed reference defines them. */
final class MemoDirectives {

    private MemoDirectives() {}

    static Directive addMemo(Memo memo, String dialogRequestId) {
        Directive d = Directive.of(Namespaces.CLOVA, "AddMemo", dialogRequestId);
        d.payload().put("id", memo.id()).put("content", memo.content());
        return d;
    }

    /**
     * {@code Clova.DeleteMemo}. The reference's payload is empty (the device lets the user pick); when
     * the server already knows which memo was meant, {@code id} names it.
     */
    static Directive deleteMemo(String memoIdOrNull, String dialogRequestId) {
        Directive d = Directive.of(Namespaces.CLOVA, "DeleteMemo", dialogRequestId);
        if (memoIdOrNull != null) {
            d.payload().put("id", memoIdOrNull);
        }
        return d;
    }

    static Directive renderMemoList(List<Memo> memos, String dialogRequestId) {
        Directive d = Directive.of(Namespaces.CLOVA, "RenderMemoList", dialogRequestId);
        ArrayNode list = d.payload().putArray("memo");
        for (Memo m : memos) {
            list.addObject().put("id", m.id()).put("content", m.content())
                .put("timestamp", DateTimeFormatter.ISO_INSTANT.format(m.createdAt()));
        }
        return d;
    }
}
