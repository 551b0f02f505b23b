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

    public ExtensionModule(SkillContext context) {
        this.key = PlatformKey.loadOrCreate(context.config().dataDir());
        this.client = new CekClient(key, context.config().extensionTimeout(), context.meters(), context.clock());
        this.extensions = new Extensions(new ExtensionStore(context.database().jdbi()), client, context.clock());
        extensions.reload();
    }

    public Extensions extensions() {
        return extensions;
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

    @Override
    public void bind(ServerBuilder sb) {
        String pem = key.publicKeyPem();
        sb.route().get(PlatformKey.PUBLIC_KEY_PATH).build((ctx, req) ->
                HttpResponse.of(MediaType.parse("application/x-pem-file"), pem));
    }

    @Override
    public void close() {
        client.close();
    }
}
