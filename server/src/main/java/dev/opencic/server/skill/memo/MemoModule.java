package dev.opencic.server.skill.memo;

import dev.opencic.server.api.NamespaceHandler;
import dev.opencic.server.skill.Skill;
import dev.opencic.server.skill.SkillContext;
import dev.opencic.server.skill.SkillModule;
import java.util.List;

/** Memos: the memo skill and the device's {@code Memo} events, on the account's server copy. */
public final class MemoModule implements SkillModule {

    /** The longest memo, as by voice or from a device. */
    public static final int MAX_CONTENT = MemoSkill.MAX_CONTENT;

    private final MemoStore store;
    private final MemoSkill skill;
    private final MemoHandler handler;

    public MemoModule(SkillContext context) {
        this.store = new JdbcMemoStore(context.database().jdbi());
        this.skill = new MemoSkill(store);
        this.handler = new MemoHandler(store, context.clock());
    }

    /**
     * The account's memos, the store the skill and the device's Memo events write, for changes made
     * outside a dialogue (the web console); its edit times keep a late, older edit from winning.
     */
    public MemoStore memos() {
        return store;
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
