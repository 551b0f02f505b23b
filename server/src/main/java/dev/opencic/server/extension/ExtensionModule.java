package dev.opencic.server.extension;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServerBuilder;
import dev.opencic.server.skill.SkillContext;
import dev.opencic.server.skill.SkillModule;

/**
 * Third-party extensions in the server: the registry the dialogue asks first ({@link #extensions()}),
 * the platform's signing key and its public half at {@code GET /extensions/public-key.pem}
 * (unauthenticated: it is public, and extensions fetch it to verify {@code SignatureCEK}), and the
 * hook admin commands call after a change ({@link #changes()}).
 */
public final class ExtensionModule implements SkillModule {

    private final PlatformKey key;
    private final CekClient client;
    private final Extensions extensions;
    private final ExtensionPush push;

    public ExtensionModule(SkillContext context) {
        this.key = PlatformKey.forServer(context.config(), context.database(), context.clock());
        this.client = new CekClient(key, context.config().extensionTimeout(), context.meters(), context.clock());
        ExtensionStore store = new ExtensionStore(context.database().jdbi());
        this.extensions = new Extensions(store, client, context.clock(), context.config().language());
        this.push = new ExtensionPush(context, store);
        extensions.reload();
    }

    public Extensions extensions() {
        return extensions;
    }

    /** An extension's samples said without its name, for words no built-in template matched. */
    public dev.opencic.server.dialog.UtteranceClaim samples() {
        return extensions.samples();
    }

    /**
     * Hands {@code listener} what users say to the registered extensions ("open NAME", their samples
     * filled), now and after every registration change: the server gives it to the speech recogniser
     * ({@code SpeechRecognitionEngine.extendDomain}), so a new extension is understood by voice
     * without a restart.
     */
    public void onRecognizerSentences(java.util.function.Consumer<java.util.List<String>> listener) {
        extensions.onSentences(listener);
    }

    /** Writes this node's waiting CEK sessions as data and reads other nodes' back (cluster mode). */
    public dev.opencic.server.dialog.FollowUpCodec sessions() {
        return ExtensionSession.codec(extensions);
    }

    /** What admin commands run in this server call after changing the store, so the change applies at once. */
    public ExtensionAdmin.Changes changes() {
        return new ExtensionAdmin.Changes() {
            @Override
            public void changed(String name) {
                client.forget(name);
                extensions.reload();
            }

            @Override
            public void enabled(String name, String accountId, boolean enabled) {
                extensions.reload();
                extensions.skillEvent(name, accountId, enabled);
            }
        };
    }

    /** "open NAME", "ask NAME ..." of a registered extension (for any account: the recogniser knows none). */
    @Override
    public boolean claimsUtterance(String words) {
        return extensions.names(words);
    }

    @Override
    public void bind(ServerBuilder sb) {
        String pem = key.publicKeyPem();
        sb.route().get(PlatformKey.PUBLIC_KEY_PATH).build((ctx, req) ->
                HttpResponse.of(MediaType.parse("application/x-pem-file"), pem));
        push.bind(sb);
    }

    @Override
    public void close() {
        client.close();
    }
}
