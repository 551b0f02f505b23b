package dev.opencic.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.server.auth.TokenService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token revocations agree across nodes. Each node answers token checks from its own cache (and
 * each connection from the answer it got), so a token revoked on one node would live on in the
 * others' caches until it expires. Every revocation is broadcast as the token's digest; the other
 * nodes mark it revoked in their caches, which also makes each connection's remembered answer
 * stale ({@link TokenService#revokedElsewhere}). The revoked device's downchannel is closed with
 * {@code 401} by the registry, wherever it is ({@link ClusterDownchannels#close}).
 *
 * <p>A broadcast missed while a node was cut off from Redis cannot be replayed: when the node's
 * subscription comes back it drops its whole token cache, and the next check of each token reads
 * the database.
 */
public final class ClusterRevocations {

    private static final Logger log = LoggerFactory.getLogger(ClusterRevocations.class);

    private ClusterRevocations() {}

    /** Broadcasts this node's revocations and applies the other nodes'. */
    public static void wire(RedisCluster redis, TokenService tokens) {
        tokens.addRevokedDigestListener(digest -> {
            ObjectNode m = redis.message("revoked");
            m.put("digest", digest);
            redis.broadcast(m).whenComplete((v, e) -> {
                if (e != null) {
                    log.warn("event=RevocationNotBroadcast node={} cause={}", redis.nodeId(), e.toString());
                }
            });
        });
        redis.on("revoked", (JsonNode m) -> {
            if (!redis.nodeId().equals(m.path("from").asText())) {
                tokens.revokedElsewhere(m.path("digest").asText());
            }
        });
        redis.onReconnect(tokens::invalidateCache);
    }
}
