package dev.opencic.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.server.admin.AdminOperations;
import dev.opencic.server.extension.ExtensionAdmin;
import io.lettuce.core.SetArgs;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settings an admin command changes on one node, announced to every node ({@code settings} on the
 * broadcast channel) so each applies it at once, as the node that ran the command does: a time
 * zone (each node caches zones for a minute: they forget them) and an extension (each node reloads
 * its registrations). The store itself (PostgreSQL) is shared, so an announcement carries only what
 * changed, never the value. Saved places and device names are read from the store on each use and
 * need none. After a Redis outage, in which announcements may have been lost, every node forgets
 * and reloads all of them.
 */
public final class ClusterSettings {

    private static final Logger log = LoggerFactory.getLogger(ClusterSettings.class);

    /** How long an announcement that one node must act on stays claimed. */
    private static final Duration ONCE_TTL = Duration.ofMinutes(1);

    private final RedisCluster redis;
    private final Runnable forgetZones;
    private final ExtensionAdmin.Changes extensions;

    /**
     * @param forgetZones drops this node's cached time zones
     * @param extensions  what this node does after an extension changed (it reloads them)
     */
    public ClusterSettings(RedisCluster redis, Runnable forgetZones, ExtensionAdmin.Changes extensions) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.forgetZones = Objects.requireNonNull(forgetZones, "forgetZones");
        this.extensions = Objects.requireNonNull(extensions, "extensions");
        redis.on("settings", this::onSettings);
        redis.onReconnect(() -> {
            forgetZones.run();
            extensions.changed("");
        });
    }

    /** Sets a zone through {@code local} (this node), then tells the other nodes. */
    public AdminOperations.ZoneSetter announcing(AdminOperations.ZoneSetter local) {
        return (accountId, deviceId, zone) -> {
            local.set(accountId, deviceId, zone);
            announce(redis.message("settings").put("what", "zones"));
        };
    }

    /**
     * Applies an extension change on this node through {@code local}, then tells the other nodes,
     * which reload (only this node tells the extension that a user enabled or disabled it).
     */
    public ExtensionAdmin.Changes announcing(ExtensionAdmin.Changes local) {
        return new ExtensionAdmin.Changes() {
            @Override
            public void changed(String name) {
                local.changed(name);
                announce(redis.message("settings").put("what", "extension").put("name", name));
            }

            @Override
            public void enabled(String name, String accountId, boolean enabled) {
                local.enabled(name, accountId, enabled);
                announce(redis.message("settings").put("what", "extension").put("name", name));
            }
        };
    }

    private void announce(ObjectNode message) {
        redis.broadcast(message).whenComplete((receivers, e) -> {
            if (e != null) {
                log.warn("event=SettingsNotAnnounced what={} cause={}", message.path("what").asText(), e.toString());
            }
        });
    }

    /**
     * An extension changed; when the command line turned it on or off for an account, one node
     * (whichever claims the announcement first) also tells the extension, as the node that ran the
     * command would have.
     */
    private void extensionChanged(JsonNode m) {
        String name = m.path("name").asText();
        if (!m.hasNonNull("once") || !m.hasNonNull("account")) {
            extensions.changed(name);
            return;
        }
        // On the blocking executor already (handlers never run on Lettuce's threads): waiting is fine.
        boolean claimed = redis.timed(redis.commands().set("cic:once:" + m.path("once").asText(), redis.nodeId(),
                        SetArgs.Builder.nx().px(ONCE_TTL.toMillis())))
                .handle((ok, e) -> "OK".equals(ok)).join();
        if (claimed) {
            extensions.enabled(name, m.path("account").asText(), m.path("enabled").asBoolean());
        } else {
            extensions.changed(name);
        }
    }

    private void onSettings(JsonNode m) {
        if (redis.nodeId().equals(m.path("from").asText())) {
            return; // applied here before it was announced
        }
        String what = m.path("what").asText();
        log.info("event=SettingsAnnounced what={} from={}", what, m.path("from").asText());
        switch (what) {
            case "zones" -> forgetZones.run();
            case "extension" -> extensionChanged(m);
            default -> log.warn("event=SettingsUnknown what={}", what);
        }
    }
}
