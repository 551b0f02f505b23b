package dev.opencic.server.skill.memo;

import dev.opencic.server.api.NamespaceHandler;
import dev.opencic.server.skill.Skill;
import dev.opencic.server.skill.SkillContext;
import dev.opencic.server.skill.SkillModule;
import java.util.List;

/** Memos: the memo skill and the device's {@code Memo} events, on the account's server copy. */
public final class MemoModule implements SkillModule {

    private final MemoSkill skill;
    private final MemoHandler handler;

    public MemoModule(SkillContext context) {
        MemoStore store = new JdbcMemoStore(context.database().jdbi());
        this.skill = new MemoSkill(store);
        this.handler = new MemoHandler(store, context.clock());
    }

    @Override
    public List<Skill> skills() {
        return List.of(skill);
    }

    @Override
    public List<NamespaceHandler> handlers() {
        return List.of(handler);
    }
}
