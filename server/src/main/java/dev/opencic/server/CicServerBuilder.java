package dev.opencic.server;

import static java.util.Objects.requireNonNull;

import dev.opencic.server.api.NamespaceHandler;
import dev.opencic.server.config.ServerConfig;
import dev.opencic.server.skill.SkillContext;
import dev.opencic.server.skill.SkillModule;
import dev.opencic.server.speech.SpeechSynthesisEngine;
import dev.opencic.server.speech.asr.SpeechRecognitionEngine;
import dev.opencic.server.store.Database;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Assembles a {@link CicServer}. Only the configuration is required; everything else defaults to
 * what {@code ./cic serve} uses:
 *
 * <pre>{@code
 * CicServer server = CicServer.builder()
 *         .config(config)
 *         .clock(clock)                                   // default: the system clock
 *         .module(context -> new MyModule(context))       // extra features, beside the built-in ones
 *         .replace("SpeechSynthesizer", mySynthesizer)    // take a namespace over, explicitly
 *         .build()
 *         .start();
 * }</pre>
 *
 * <p>Each namespace has one handler. A second claim on a namespace, by a built-in feature, a module
 * or {@link #handler}, fails {@link #build()} with a message naming both claimants; taking over a
 * built-in namespace is {@link #replace}.
 *
 * <p>Engines and a database given here belong to the server from then on: it closes them.
 */
public final class CicServerBuilder {

    private ServerConfig config;
    private Clock clock = Clock.systemUTC();
    private SpeechSynthesisEngine speechSynthesis;
    private SpeechRecognitionEngine speechRecognition;
    private Database database;
    private final List<Function<SkillContext, ? extends SkillModule>> modules = new ArrayList<>();
    private final List<NamespaceHandler> handlers = new ArrayList<>();
    private final Map<String, NamespaceHandler> replacements = new LinkedHashMap<>();

    CicServerBuilder() {}

    /** Ports, TLS, engines' settings, skills' settings: what {@code cic.properties} says. Required. */
    public CicServerBuilder config(ServerConfig config) {
        this.config = requireNonNull(config, "config");
        return this;
    }

    /** The clock every part of the server reads time from (tokens, reminders, alerts, dialogues, tasks). */
    public CicServerBuilder clock(Clock clock) {
        this.clock = requireNonNull(clock, "clock");
        return this;
    }

    /** The text-to-speech engine; default Flite and LAME with the configured voice and bitrate. */
    public CicServerBuilder speechSynthesis(SpeechSynthesisEngine engine) {
        this.speechSynthesis = requireNonNull(engine, "engine");
        return this;
    }

    /**
     * The speech recogniser; default PocketSphinx with a language model from the intent templates
     * ({@code asr-pool-size=0} turns it off).
     */
    public CicServerBuilder speechRecognition(SpeechRecognitionEngine engine) {
        this.speechRecognition = requireNonNull(engine, "engine");
        return this;
    }

    /** A migrated database; default the H2 database in the configured data directory. */
    public CicServerBuilder database(Database database) {
        this.database = requireNonNull(database, "database");
        return this;
    }

    /**
     * Adds a feature beside the built-in ones, made from the same {@link SkillContext}. Its intents
     * and namespaces must not be claimed by anything else.
     */
    public CicServerBuilder module(Function<SkillContext, ? extends SkillModule> factory) {
        modules.add(requireNonNull(factory, "factory"));
        return this;
    }

    /** Adds the handler of a namespace nothing else serves (for a built-in namespace, see {@link #replace}). */
    public CicServerBuilder handler(NamespaceHandler handler) {
        handlers.add(requireNonNull(handler, "handler"));
        return this;
    }

    /**
     * Serves a namespace with this handler instead of the built-in one (a test double, an embedder's
     * own capability). The namespace must have a handler to replace, and be replaced once.
     */
    public CicServerBuilder replace(String namespace, NamespaceHandler handler) {
        requireNonNull(namespace, "namespace");
        requireNonNull(handler, "handler");
        if (!namespace.equals(handler.namespace())) {
            throw new IllegalArgumentException(String.format("handler.namespace(): %s (expected: %s)",
                    handler.namespace(), namespace));
        }
        if (replacements.putIfAbsent(namespace, handler) != null) {
            throw new IllegalArgumentException(String.format(
                    "replace(\"%s\", handler): already replaced (expected: one replacement per namespace)", namespace));
        }
        return this;
    }

    /**
     * Opens the database and engines and wires the features, without listening yet ({@link CicServer#start()}).
     *
     * @throws IllegalStateException without a config, or when two handlers claim one namespace
     */
    public CicServer build() throws IOException {
        if (config == null) {
            throw new IllegalStateException("config: not set (expected: config(ServerConfig))");
        }
        return new CicServer(this);
    }

    ServerConfig config() {
        return config;
    }

    Clock clock() {
        return clock;
    }

    SpeechSynthesisEngine speechSynthesis() {
        return speechSynthesis;
    }

    SpeechRecognitionEngine speechRecognition() {
        return speechRecognition;
    }

    Database database() {
        return database;
    }

    List<Function<SkillContext, ? extends SkillModule>> modules() {
        return List.copyOf(modules);
    }

    List<NamespaceHandler> handlers() {
        return List.copyOf(handlers);
    }

    Map<String, NamespaceHandler> replacements() {
        return Map.copyOf(replacements);
    }
}
