package dev.opencic.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.protocol.MessageIds;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.api.DirectivePusher;
import dev.opencic.server.api.SpeechArbiter;
import io.lettuce.core.ScriptOutputType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SpeechArbiter} of a cluster: the contests live in Redis, so two devices of one account
 * connected to different nodes are arbitrated once. The rules are those of the single node's
 * {@code WindowArbiter}: the spoken requests of an account starting within the window of the first
 * are one contest (a device's second request is a new one); once the window has closed and every
 * device reported its level or withdrew (or {@link #MAX_WAIT} after the window, at the first report),
 * the loudest answers, ties to the first to join; a device reporting after the decision loses. A
 * device whose account has no other device connected anywhere in the cluster answers without a
 * window.
 *
 * <p>Each step is one Lua script, so two nodes never decide one contest differently. Keys:
 * {@code cic:arb:<account>} names the account's open contest while its window lasts (its TTL is the
 * window); {@code cic:arb:m|l|x|w:<contest>} hold its members in order of arrival, their levels, the
 * withdrawn and the winner; {@code cic:arb:d:<account>} the presence keys of the account's devices
 * (see {@link ClusterDownchannels}), to tell whether another one is connected. The node that decides
 * broadcasts the winner ({@code arbitrated}); each node completes its own devices' requests. When
 * Redis cannot be reached the device answers: an utterance answered twice is better than one lost.
 */
public final class RedisSpeechArbiter implements SpeechArbiter {

    private static final Logger log = LoggerFactory.getLogger(RedisSpeechArbiter.class);
    /** How long after its window a contest waits for a device that never reports. */
    static final Duration MAX_WAIT = Duration.ofSeconds(10);
    /** How long a contest's keys outlive its window (well past any decision). */
    private static final Duration KEEP = MAX_WAIT.plusSeconds(60);
    private static final long ACCOUNT_DEVICES_TTL_MS = Duration.ofDays(1).toMillis();

    /** KEYS: contest pointer, account devices. ARGV: me, new contest id, window ms, keep ms. */
    private static final String JOIN = """
            local others = false
            for _, d in ipairs(redis.call('smembers', KEYS[2])) do
              if d ~= ARGV[1] then
                if redis.call('exists', d) == 1 then others = true else redis.call('srem', KEYS[2], d) end
              end
            end
            if not others then return {'-', 0} end
            local c = redis.call('get', KEYS[1])
            if c and redis.call('zscore', 'cic:arb:m:' .. c, ARGV[1]) == false then
              redis.call('zadd', 'cic:arb:m:' .. c, redis.call('zcard', 'cic:arb:m:' .. c), ARGV[1])
              return {c, redis.call('pttl', KEYS[1])}
            end
            c = ARGV[2]
            redis.call('set', KEYS[1], c, 'PX', ARGV[3])
            redis.call('zadd', 'cic:arb:m:' .. c, 0, ARGV[1])
            redis.call('pexpire', 'cic:arb:m:' .. c, ARGV[4])
            return {c, tonumber(ARGV[3])}
            """;

    /**
     * KEYS: contest pointer. ARGV: contest, me, level, step (report|withdraw|check), give up (1|0),
     * keep ms. Returns {state, winner, devices newly decided among (0: decided before)}.
     */
    private static final String STEP = """
            local c = ARGV[1]
            local m, l, x, w = 'cic:arb:m:' .. c, 'cic:arb:l:' .. c, 'cic:arb:x:' .. c, 'cic:arb:w:' .. c
            local winner = redis.call('get', w)
            if winner then return {'decided', winner, 0} end
            if ARGV[4] == 'report' then
              redis.call('hset', l, ARGV[2], ARGV[3]); redis.call('pexpire', l, ARGV[6])
            elseif ARGV[4] == 'withdraw' then
              redis.call('sadd', x, ARGV[2]); redis.call('pexpire', x, ARGV[6])
            end
            if redis.call('get', KEYS[1]) == c then return {'waiting', '', 0} end
            local best, bestLevel, reported, contending, all = false, 0, 0, 0, true
            for _, d in ipairs(redis.call('zrange', m, 0, -1)) do
              if redis.call('sismember', x, d) == 0 then
                contending = contending + 1
                local v = redis.call('hget', l, d)
                if v then
                  reported = reported + 1
                  local level = tonumber(v)
                  if not best or level > bestLevel then best = d; bestLevel = level end
                else
                  all = false
                end
              end
            end
            if not all and not (ARGV[5] == '1' and reported > 0) then return {'waiting', '', 0} end
            if not best then return {'empty', '', 0} end
            redis.call('set', w, best, 'PX', ARGV[6])
            return {'decided', best, contending}
            """;

    private final long windowMillis;
    private final RedisCluster redis;
    private final ScheduledExecutorService executor;
    private final Map<String, List<Member>> waiting = new ConcurrentHashMap<>(); // by contest, this node's
    private final Counter contests;
    private final Counter losers;
    private final Counter decisions;
    private final Counter alone;

    /**
     * @param downchannels this node's downchannel registry: each device opening its downchannel here
     *                     is listed under its account in Redis
     * @param executor     runs the timers and completes the results (never Lettuce's threads)
     */
    public RedisSpeechArbiter(Duration window, RedisCluster redis, DirectivePusher downchannels,
                              ScheduledExecutorService executor, MeterRegistry meters) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("arbitration window must be positive: " + window);
        }
        this.windowMillis = window.toMillis();
        this.redis = Objects.requireNonNull(redis, "redis");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.contests = Counter.builder("cic.arbitrations")
                .description("Utterances heard by more than one device of an account, arbitrated").register(meters);
        this.losers = Counter.builder("cic.arbitration.losers")
                .description("Devices told to stop because another device heard the utterance better").register(meters);
        this.decisions = Counter.builder("cic.arbitration.decisions")
                .description("Contests decided, one device or several").register(meters);
        this.alone = Counter.builder("cic.arbitration.alone")
                .description("Spoken requests answered without a window: no other device of the account was connected")
                .register(meters);
        redis.on("arbitrated", this::onArbitrated);
        downchannels.addOpenListener(device -> {
            String devices = devicesKey(device);
            redis.commands().sadd(devices, ClusterDownchannels.presenceKey(device));
            redis.commands().pexpire(devices, ACCOUNT_DEVICES_TTL_MS);
        });
    }

    private static String devicesKey(DeviceIdentity device) {
        return "cic:arb:d:" + account(device);
    }

    private static String contestKey(DeviceIdentity device) {
        return "cic:arb:" + account(device);
    }

    /** The account as its presence keys spell it (URL-encoded: no ':' inside). */
    private static String account(DeviceIdentity device) {
        return ClusterDownchannels.presenceKey(device).split(":")[2];
    }

    /** The contest a request joined: {@code id} "-" when no other device of the account is connected. */
    private record Joined(String id, long windowLeftMillis) {
        static final Joined ALONE = new Joined("-", 0);

        boolean alone() {
            return id.equals(ALONE.id());
        }
    }

    @Override
    public Entry enter(DeviceIdentity device) {
        Member member = new Member(device);
        String me = ClusterDownchannels.presenceKey(device);
        redis.timed(redis.commands().<List<Object>>eval(JOIN, ScriptOutputType.MULTI,
                        new String[] {contestKey(device), devicesKey(device)}, me, MessageIds.newId(),
                        Long.toString(windowMillis), Long.toString(KEEP.toMillis())))
                .thenApply(r -> new Joined((String) r.get(0), ((Number) r.get(1)).longValue()))
                .whenCompleteAsync((joined, e) -> member.joined(joined, e), executor);
        return member;
    }

    private final class Member implements Entry {
        final DeviceIdentity device;
        final String me;
        final CompletableFuture<Joined> joined = new CompletableFuture<>();
        final CompletableFuture<Boolean> result = new CompletableFuture<>();
        volatile boolean reported;

        Member(DeviceIdentity device) {
            this.device = device;
            this.me = ClusterDownchannels.presenceKey(device);
        }

        void joined(Joined j, Throwable e) {
            if (e != null) {
                log.warn("event=ArbitrationUnavailable device={} cause=\"{}\"", device.deviceId(), e.toString());
                joined.complete(Joined.ALONE); // Redis away: answer as if alone
                return;
            }
            if (j.alone()) {
                alone.increment();
                decisions.increment();
            } else {
                waiting.computeIfAbsent(j.id(), k -> new CopyOnWriteArrayList<>()).add(this);
                long closes = Math.max(1, j.windowLeftMillis()) + 1;
                executor.schedule(() -> step(j.id(), "check", "", false), closes, TimeUnit.MILLISECONDS);
                executor.schedule(() -> step(j.id(), "check", "", true), closes + MAX_WAIT.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
            joined.complete(j);
        }

        @Override
        public CompletableFuture<Boolean> decide(double level) {
            joined.thenAccept(j -> {
                if (j.alone()) {
                    result.complete(true);
                } else {
                    reported = true;
                    step(j.id(), "report", Double.toString(level), false);
                }
            });
            return result;
        }

        @Override
        public void withdraw() {
            joined.thenAccept(j -> {
                if (!j.alone()) {
                    step(j.id(), "withdraw", "", false);
                }
            });
        }

        /** Runs one step of the contest; this member's own report or withdrawal when {@code step} says so. */
        private void step(String contest, String step, String level, boolean giveUp) {
            redis.timed(redis.commands().<List<Object>>eval(STEP, ScriptOutputType.MULTI,
                            new String[] {contestKey(device)}, contest, me, level, step, giveUp ? "1" : "0",
                            Long.toString(KEEP.toMillis())))
                    .whenCompleteAsync((r, e) -> {
                        if (e != null) {
                            log.warn("event=ArbitrationUnavailable device={} cause=\"{}\"", device.deviceId(),
                                    e.toString());
                            if ("report".equals(step)) {
                                result.complete(true);
                            }
                            return;
                        }
                        String state = (String) r.get(0);
                        String winner = (String) r.get(1);
                        long newlyAmong = ((Number) r.get(2)).longValue();
                        if (newlyAmong > 0) {
                            decided(contest, winner, newlyAmong);
                        } else if ("decided".equals(state) && ("report".equals(step) || reported)) {
                            // Decided before this report (it lost), or the other node's broadcast was missed.
                            result.complete(me.equals(winner));
                        }
                    }, executor);
        }
    }

    /** This node decided the contest: count it, answer this node's devices, tell the other nodes. */
    private void decided(String contest, String winner, long devices) {
        decisions.increment();
        if (devices > 1) {
            contests.increment();
            losers.increment(devices - 1);
            log.info("event=Arbitrated contest={} devices={} node={}", contest, devices, redis.nodeId());
        }
        settle(contest, winner);
        ObjectNode message = redis.message("arbitrated");
        message.put("contest", contest).put("winner", winner);
        redis.broadcast(message);
    }

    private void onArbitrated(JsonNode message) {
        if (!redis.nodeId().equals(message.path("from").asText())) {
            settle(message.path("contest").asText(), message.path("winner").asText());
        }
    }

    /**
     * Completes this node's reported members of the contest. One that has not reported yet learns
     * the outcome from its own report (the contest answers it "decided").
     */
    private void settle(String contest, String winner) {
        List<Member> members = waiting.remove(contest);
        if (members == null) {
            return;
        }
        for (Member m : members) {
            if (m.reported) {
                m.result.complete(m.me.equals(winner));
            }
        }
    }
}
