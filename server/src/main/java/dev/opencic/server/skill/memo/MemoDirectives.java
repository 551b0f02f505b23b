package dev.opencic.server.skill.memo;

import dev.opencic.protocol.Directive;
import dev.opencic.protocol.payload.Clova;
import dev.opencic.protocol.payload.ContentTemplates;
import dev.opencic.protocol.payload.ContentTemplates.Value;
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

    /** The 2018 {@code Memo} content template for the memo just saved. */
    static ContentTemplates.Memo memoTemplate(Memo memo) {
        return new ContentTemplates.Memo(Value.string(memo.id()), Value.string(memo.content()),
                new Value("datetime", DateTimeFormatter.ISO_INSTANT.format(memo.createdAt())));
    }

    /** The 2018 {@code MemoList} content template, sent beside the 2017 {@code Clova.RenderMemoList}. */
    static ContentTemplates.MemoList memoListTemplate(List<Memo> memos) {
        return new ContentTemplates.MemoList(memos.stream().map(m -> new ContentTemplates.MemoListItem(
                Value.string(m.id()), Value.string(m.content()),
                new Value("datetime", DateTimeFormatter.ISO_INSTANT.format(
                        m.editedAt() != null ? m.editedAt() : m.createdAt())))).toList());
    }

    static Directive renderMemoList(List<Memo> memos, String dialogRequestId) {
        return Directive.of(dialogRequestId, new Clova.RenderMemoList(memos.stream()
                .map(m -> new Clova.MemoEntry(m.id(), m.content(), DateTimeFormatter.ISO_INSTANT.format(m.createdAt())))
                .toList()));
    }
}
