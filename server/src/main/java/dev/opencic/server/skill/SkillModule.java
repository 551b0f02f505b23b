package dev.opencic.server.skill;

import com.linecorp.armeria.server.ServerBuilder;
import dev.opencic.server.api.ContextObserver;
import dev.opencic.server.api.NamespaceHandler;
import java.util.List;
import java.util.Map;

/**
 * One feature of the assistant (alarms, memos, music...) as the server plugs it in: the intents it
 * answers, the device events of its namespaces, the context objects it keeps track of, and any HTTP
 * routes or background work it needs. The server creates its built-in modules, and those given to
 * {@code CicServerBuilder.module}, from a {@link SkillContext}, so adding one touches no transport code.
 */
public interface SkillModule extends AutoCloseable {

    /** The skills answering this module's intents. */
    default List<Skill> skills() {
        return List.of();
    }

    /** Handlers for the device events of the module's namespaces (e.g. {@code Alerts.SetAlertSucceeded}). */
    default List<NamespaceHandler> handlers() {
        return List.of();
    }

    /**
     * Context objects the module follows, by qualified name ({@code "AudioPlayer.PlaybackState"}).
     * Each observer sees that object of every event that carries it.
     */
    default Map<String, ContextObserver> contextObservers() {
        return Map.of();
    }

    /**
     * Example slot values from the module's own data (e.g. the names in the music library), by slot
     * name, added to {@code slot-examples.txt} for the speech recogniser's language model when the
     * server starts.
     */
    default Map<String, List<String>> slotExamples() {
        return Map.of();
    }

    /**
     * Whether the module takes these recognised words before the intent templates (third-party
     * extensions: "open NAME"), so the recogniser's hypothesis selector keeps such a text rather than
     * trade it for one the templates understand. Asked for every utterance: must be cheap.
     */
    default boolean claimsUtterance(String words) {
        return false;
    }

    /** Adds HTTP routes the module serves (e.g. audio streams). Called before the server starts. */
    default void bind(ServerBuilder sb) {}

    /** Starts background work (schedulers, listeners); called once, just before the server starts listening. */
    default void start() {}

    @Override
    default void close() {}

    /** A module of skills alone. */
    static SkillModule of(Skill... skills) {
        List<Skill> list = List.of(skills);
        return new SkillModule() {
            @Override
            public List<Skill> skills() {
                return list;
            }
        };
    }
}
