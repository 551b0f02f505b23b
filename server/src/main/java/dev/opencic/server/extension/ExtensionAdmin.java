package dev.opencic.server.extension;

import dev.opencic.server.store.Database;
import dev.opencic.server.store.JdbcAccountRepository;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * The {@code ./cic admin extension} commands on the database; the running server passes its
 * {@link Changes} so that a change applies at once (and enable/disable reach the extension as
 * {@code ClovaSkill.SkillEnabled}/{@code SkillDisabled}). Each returns the lines to print; a refused
 * command throws {@link IllegalArgumentException} with a one-line message.
 */
public final class ExtensionAdmin {

    /** What the running server does after a change; nothing when the command runs without a server. */
    public interface Changes {
        Changes NONE = new Changes() {
            @Override
            public void changed(String name) {}

            @Override
            public void enabled(String name, String accountId, boolean enabled) {}
        };

        void changed(String name);

        void enabled(String name, String accountId, boolean enabled);
    }

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
    private static final int MAX_MODEL_CHARS = 200_000;

    private final Database database;
    private final ExtensionStore store;
    private final Changes changes;
    private final Clock clock;

    public ExtensionAdmin(Database database, Changes changes, Clock clock) {
        this.database = database;
        this.store = new ExtensionStore(database.jdbi());
        this.changes = changes;
        this.clock = clock;
    }

    /** Registers an extension; the last line is its push secret (shown this once). */
    public String add(String name, String url, String modelJson) {
        checkName(name);
        ExtensionModel model = model(name, modelJson);
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        if (!store.add(new Registration(name, checkUrl(url), modelJson, sha256(secret), clock.millis()))) {
            throw new IllegalArgumentException("an extension named " + name + " exists (extension update changes it)");
        }
        changes.changed(name);
        return "extension added: " + name + " (invocation \"" + model.invocation() + "\", intents "
                + String.join(", ", model.intentNames()) + "); its push secret, shown this once:\n" + secret;
    }

    public String update(String name, String url, String modelJson) {
        Registration old = store.find(name)
                .orElseThrow(() -> new IllegalArgumentException("no extension named " + name));
        if (url == null && modelJson == null) {
            throw new IllegalArgumentException("nothing to update: give --url and/or --model");
        }
        String newModel = modelJson == null ? old.modelJson() : modelJson;
        ExtensionModel model = model(name, newModel);
        store.update(new Registration(name, url == null ? old.url() : checkUrl(url), newModel, old.pushSecretHash(),
                clock.millis()));
        changes.changed(name);
        return "extension updated: " + name + " (invocation \"" + model.invocation() + "\")";
    }

    /** One registered extension as the web console lists it. */
    public record Listed(String name, String url, String invocation, java.util.Set<String> disabledAccounts) {}

    /** Every registered extension, by name, with the accounts it is disabled for. */
    public List<Listed> registrations() {
        return store.all().stream().map(r -> {
            String invocation;
            try {
                invocation = ExtensionModel.parse(r.modelJson(), r.name()).invocation();
            } catch (IllegalArgumentException e) {
                invocation = "(model unreadable)";
            }
            return new Listed(r.name(), r.url(), invocation, store.disabledAccounts(r.name()));
        }).toList();
    }

    public String list() {
        List<Registration> all = store.all();
        if (all.isEmpty()) {
            return "no extensions";
        }
        StringJoiner out = new StringJoiner("\n");
        for (Registration r : all) {
            String invocation;
            try {
                invocation = ExtensionModel.parse(r.modelJson(), r.name()).invocation();
            } catch (IllegalArgumentException e) {
                invocation = "(model unreadable: " + e.getMessage() + ")";
            }
            out.add(r.name() + "\t" + r.url() + "\tinvocation=\"" + invocation + "\"\tdisabled-for="
                    + store.disabledAccounts(r.name()).size());
        }
        return out.toString();
    }

    public String remove(String name) {
        if (!store.remove(name)) {
            throw new IllegalArgumentException("no extension named " + name);
        }
        changes.changed(name);
        return "extension removed: " + name;
    }

    public String setEnabled(String name, String user, boolean enabled) {
        if (store.find(name).isEmpty()) {
            throw new IllegalArgumentException("no extension named " + name);
        }
        String accountId = new JdbcAccountRepository(database.jdbi()).findByUsername(user)
                .orElseThrow(() -> new IllegalArgumentException("no such user: " + user)).accountId();
        boolean changed = store.setEnabled(name, accountId, enabled);
        if (changed) {
            changes.enabled(name, accountId, enabled);
        }
        return "extension " + name + (enabled ? " enabled" : " disabled") + " for " + user
                + (changed ? "" : " (already)");
    }

    /** The platform's public key (PEM) that verifies {@code SignatureCEK}; made with the data directory's key. */
    public static String key(Path dataDir) {
        return PlatformKey.loadOrCreate(dataDir).publicKeyPem().strip();
    }

    /**
     * The public key (PEM) a server with these settings signs with: for a cluster node (db-url) the
     * one in the shared database, the same on every node (made now if no node started yet).
     */
    public static String key(dev.opencic.server.config.ServerConfig config, Database database) {
        return PlatformKey.forServer(config, database, Clock.systemUTC()).publicKeyPem().strip();
    }

    private static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad extension name '" + name
                    + "' (lower-case letters, digits, '.', '_', '-'; at most 100)");
        }
    }

    private static ExtensionModel model(String name, String json) {
        if (json.length() > MAX_MODEL_CHARS) {
            throw new IllegalArgumentException("model is over " + MAX_MODEL_CHARS + " characters");
        }
        return ExtensionModel.parse(json, name);
    }

    private static String checkUrl(String url) {
        try {
            URI uri = new URI(url);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                    || url.length() > 2000) {
                throw new IllegalArgumentException("the URL must be http(s)://HOST[:PORT]/PATH: " + url);
            }
            return url;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + url);
        }
    }

    static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
