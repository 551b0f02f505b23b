package dev.opencic.server.cluster;

import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.skill.ClusterServices;
import dev.opencic.server.skill.SharedValues;
import dev.opencic.server.store.SharedSecrets;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ClusterServices} of a cluster node: secrets from the shared database ({@link SharedSecrets},
 * durable, unlike Redis without persistence), leases in Redis ({@code cic:lease:<name>} = the
 * holding node, with a TTL the holder renews each time it asks; a dead holder's lease lapses and the
 * next node to ask takes it), short-lived shared values ({@link RedisSharedValues}), and the
 * accounts' devices from the database.
 */
public final class RedisClusterServices implements ClusterServices {

    private static final Logger log = LoggerFactory.getLogger(RedisClusterServices.class);
    /** Takes the lease if free or renews it if this node's: 1, else 0. */
    private static final String TAKE_OR_RENEW = "local v = redis.call('get', KEYS[1]) "
            + "if v == false or v == ARGV[1] then redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end "
            + "return 0";

    private final RedisCluster redis;
    private final SharedSecrets secrets;
    private final RedisSharedValues values;
    private final Function<String, List<DeviceIdentity>> accountDevices;

    /** @param accountDevices an account's devices from the database (blocking) */
    public RedisClusterServices(RedisCluster redis, SharedSecrets secrets,
                                Function<String, List<DeviceIdentity>> accountDevices) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.accountDevices = Objects.requireNonNull(accountDevices, "accountDevices");
        this.values = new RedisSharedValues(redis);
    }

    @Override
    public List<DeviceIdentity> accountDevices(String accountId) {
        return accountDevices.apply(accountId);
    }

    @Override
    public Optional<SharedValues> sharedValues() {
        return Optional.of(values);
    }

    @Override
    public Optional<byte[]> sharedSecret(String name) {
        return Optional.of(secrets.getOrCreate(name, 32));
    }

    @Override
    public boolean holdsLease(String name, Duration ttl) {
        try {
            Long held = redis.timed(redis.commands().<Long>eval(TAKE_OR_RENEW, ScriptOutputType.INTEGER,
                    new String[] {"cic:lease:" + name}, redis.nodeId(), Long.toString(ttl.toMillis())))
                    .get(RedisCluster.COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return held != null && held == 1L;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            // Redis away: nobody can tell who holds it; doing the work twice beats not doing it.
            log.warn("event=LeaseUnknown lease={} cause={}", name, e.toString());
            return true;
        }
    }
}
