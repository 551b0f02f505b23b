package dev.opencic.server.skill.memo;

import dev.opencic.protocol.MessageIds;
import dev.opencic.server.nlu.Fillers;
import dev.opencic.server.nlu.TextNormalizer;
import dev.opencic.server.skill.FreeText;
import dev.opencic.server.skill.Mentions;
import dev.opencic.server.skill.PendingQuestion;
import dev.opencic.server.skill.Skill;
import dev.opencic.server.skill.SkillAnswer;
import dev.opencic.server.skill.SkillRequest;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * "Make a note that...", "read my memos", "delete the memo about...": the account's memos as the
 * server keeps them, with the {@code Clova} memo directives so the device's copy follows.
 */
final class MemoSkill implements Skill {

    static final int MAX_CONTENT = 1000;
    private static final int READ_AT_MOST = 5;
    private static final Set<String> CANCEL = Set.of("cancel", "never mind", "nevermind", "stop", "forget it",
            "no", "nothing");

    private static final java.util.regex.Pattern ADD_LEAD = java.util.regex.Pattern.compile(
            "^.*?\\b(?:note|memo|write down|jot down|remember)(?: (?:that|saying|about|of|to say))? (.+)$");
    private static final java.util.regex.Pattern DELETE_LEAD = java.util.regex.Pattern.compile(
            "^.*?\\b(?:note|memo)(?: (?:about|that says|saying|on))? (.+)$");

    private final MemoStore store;

    MemoSkill(MemoStore store) {
        this.store = store;
    }

    @Override
    public Set<String> intents() {
        return Set.of("memo.add", "memo.list", "memo.delete");
    }

    @Override
    public CompletableFuture<SkillAnswer> answer(SkillRequest request) {
        String content = FreeText.widen(request.utterance(), request.intent().slot("memo"),
                request.intent().intent().equals("memo.add") ? ADD_LEAD : DELETE_LEAD);
        return switch (request.intent().intent()) {
            // "note that um uh": hesitations are not a memo; ask for the words instead.
            case "memo.add" -> content == null || Fillers.onlyFillers(content)
                    ? SkillAnswer.ask("What should the memo say?", PendingQuestion.of(request, "memo")).done()
                    : add(request, content);
            case "memo.list" -> async(request, () -> list(request));
            case "memo.delete" -> async(request, () -> delete(request, content));
            default -> throw new IllegalArgumentException("not a memo intent: " + request.intent().intent());
        };
    }

    /** The answer to "What should the memo say?" is the memo. */
    @Override
    public CompletableFuture<SkillAnswer> resume(PendingQuestion question, String answer, SkillRequest reply) {
        return question.intent().equals("memo.add") ? add(reply, answer) : Skill.super.resume(question, answer, reply);
    }

    private CompletableFuture<SkillAnswer> add(SkillRequest request, String content) {
        String text = content.strip();
        if (CANCEL.contains(TextNormalizer.normalize(text))) {
            return SkillAnswer.say("Okay, no memo.").done();
        }
        if (Fillers.onlyFillers(text)) {
            return SkillAnswer.say("I didn't catch any words for the memo, so I didn't save one.").done();
        }
        if (text.length() > MAX_CONTENT) {
            return SkillAnswer.say("That memo is too long for me. Please say it in fewer words.").done();
        }
        return async(request, () -> {
            String account = request.event().device().accountId();
            Memo memo = new Memo(MessageIds.newId(), text, request.clock().instant(), request.clock().instant());
            store.put(account, memo.id(), memo.content(), memo.createdAt());
            return SkillAnswer.say("I saved a memo: " + text + ".")
                    .withDirectives(MemoDirectives.addMemo(memo, request.event().dialogRequestId()))
                    .alsoShowing(MemoDirectives.memoTemplate(memo), request.event().dialogRequestId());
        });
    }

    private SkillAnswer list(SkillRequest request) {
        List<Memo> memos = store.list(request.event().device().accountId());
        if (memos.isEmpty()) {
            return SkillAnswer.say("You have no memos.");
        }
        StringBuilder say = new StringBuilder(memos.size() == 1 ? "You have one memo: "
                : "You have " + memos.size() + " memos. ");
        for (int i = 0; i < Math.min(READ_AT_MOST, memos.size()); i++) {
            say.append(memos.get(i).content()).append(". ");
        }
        if (memos.size() > READ_AT_MOST) {
            say.append("And ").append(memos.size() - READ_AT_MOST).append(" more on the screen.");
        }
        return SkillAnswer.say(say.toString().strip())
                .withDirectives(MemoDirectives.renderMemoList(memos, request.event().dialogRequestId()))
                .alsoShowing(MemoDirectives.memoListTemplate(memos), request.event().dialogRequestId());
    }

    private SkillAnswer delete(SkillRequest request, String description) {
        String account = request.event().device().accountId();
        String dialog = request.event().dialogRequestId();
        List<Memo> memos = store.list(account);
        if (memos.isEmpty()) {
            return SkillAnswer.say("You have no memos to delete.");
        }
        if (description == null) {
            // The reference's way: the device shows the memos and sends Memo.Deleted for the one picked.
            return SkillAnswer.say("Which memo should I delete? Pick it on the screen.")
                    .withDirectives(MemoDirectives.deleteMemo(null, dialog), MemoDirectives.renderMemoList(memos, dialog));
        }
        List<Memo> found = Mentions.matching(memos, Memo::content, description);
        if (found.isEmpty()) {
            return SkillAnswer.say("I couldn't find a memo about " + description + ".");
        }
        if (found.size() > 1) {
            return SkillAnswer.say(found.size() + " memos mention " + description
                                   + ". Tell me more of the words of the one to delete.")
                    .withDirectives(MemoDirectives.renderMemoList(found, dialog));
        }
        Memo memo = found.get(0);
        store.delete(account, memo.id(), request.clock().instant());
        return SkillAnswer.say("I deleted the memo: " + memo.content() + ".")
                .withDirectives(MemoDirectives.deleteMemo(memo.id(), dialog));
    }

    private static CompletableFuture<SkillAnswer> async(SkillRequest request, java.util.function.Supplier<SkillAnswer> work) {
        return CompletableFuture.supplyAsync(work, request.event().blockingExecutor());
    }
}
