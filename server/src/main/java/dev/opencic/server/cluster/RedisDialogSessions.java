package dev.opencic.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.dialog.Confirmation;
import dev.opencic.server.dialog.DialogSessions;
import dev.opencic.server.dialog.FollowUpCodec;
import dev.opencic.server.dialog.LocalDialogSessions;
import dev.opencic.server.skill.PendingQuestion;
import dev.opencic.server.skill.SkillAnswer;
import io.lettuce.core.ScriptOutputType;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dialogues waiting for a reply, shared by the cluster: a question whose follow-up is data (a
 * skill's {@link PendingQuestion}, the pipeline's {@link Confirmation}, or none: the answer goes
 * through intent matching) is kept in Redis under {@code cic:dlg:<device>:d:<dialogRequestId>} and
 * {@code cic:dlg:<device>:s:<expectSpeechId>} for the follow-up window, so whichever node the
 * answer reaches resumes the dialogue. So is a follow-up that a {@link FollowUpCodec} writes as data
 * (an extension's CEK session: read back into a session with the answering node's extensions). A
 * follow-up that is any other closure (an embedder's skill that asks with a lambda) cannot travel
 * and stays on this node ({@link LocalDialogSessions}): its answer must come back here, as it does
 * while the device keeps its connection.
 */
public final class RedisDialogSessions implements DialogSessions {

    private static final Logger log = LoggerFactory.getLogger(RedisDialogSessions.class);
    /** Sets every key in KEYS to ARGV[1], expiring in ARGV[2] ms. */
    private static final String PUT = "for _, k in ipairs(KEYS) do redis.call('set', k, ARGV[1], 'PX', ARGV[2]) end "
            + "return 1";
    /**
     * Takes the entry under KEYS[1] (the speechId's, when ARGV[1] is '1') or else KEYS[2] (the
     * dialogRequestId's), and deletes each of its keys that still holds it (a newer question may reuse an id).
     */
    private static final String TAKE = "local v = false "
            + "if ARGV[1] == '1' then v = redis.call('get', KEYS[1]) end "
            + "if not v then v = redis.call('get', KEYS[2]) end "
            + "if not v then return false end "
            + "for _, k in ipairs(cjson.decode(v).keys) do "
            + "if redis.call('get', k) == v then redis.call('del', k) end end "
            + "return v";
    private static final String NO_KEY = "cic:dlg:none";

    private final RedisCluster redis;
    private final LocalDialogSessions local;
    private final Duration window;
    private final ObjectMapper json = MessageCodec.mapper();
    private final List<FollowUpCodec> codecs;

    /** @param local where closures stay (this node) */
    public RedisDialogSessions(RedisCluster redis, LocalDialogSessions local, Duration window) {
        this(redis, local, window, List.of());
    }

    /**
     * @param local  where closures no codec writes stay (this node)
     * @param codecs write follow-ups that hold a node's objects (an extension's CEK session) as data
     */
    public RedisDialogSessions(RedisCluster redis, LocalDialogSessions local, Duration window,
                               List<FollowUpCodec> codecs) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.local = Objects.requireNonNull(local, "local");
        this.window = Objects.requireNonNull(window, "window");
        this.codecs = List.copyOf(codecs);
    }

    private static String key(DeviceIdentity device, String kind, String id) {
        return ClusterDownchannels.deviceKey("cic:dlg:", device) + ":" + kind + ":" + id;
    }

    /** Whether the follow-up can be written down and resumed elsewhere. */
    static boolean isData(SkillAnswer.FollowUp f) {
        return f == null || f instanceof PendingQuestion || f instanceof Confirmation;
    }

    /** The follow-up written by the codec that takes it, as {@code {"kind", "data"}}; null when none does. */
    private ObjectNode encoded(SkillAnswer.FollowUp f) {
        for (FollowUpCodec codec : codecs) {
            Optional<JsonNode> data = codec.write(f);
            if (data.isPresent()) {
                ObjectNode coded = json.createObjectNode().put("kind", codec.kind());
                coded.set("data", data.get());
                return coded;
            }
        }
        return null;
    }

    @Override
    public CompletableFuture<Void> expect(DeviceIdentity device, String dialogRequestId, Pending pending) {
        ObjectNode coded = isData(pending.followUp()) ? null : encoded(pending.followUp());
        if (!isData(pending.followUp()) && coded == null) {
            return local.expect(device, dialogRequestId, pending);
        }
        List<String> keys = new ArrayList<>();
        keys.add(key(device, "d", dialogRequestId));
        if (pending.expectSpeechId() != null) {
            keys.add(key(device, "s", pending.expectSpeechId()));
        }
        ObjectNode entry = json.createObjectNode();
        entry.putPOJO("keys", keys);
        entry.put("expectSpeechId", pending.expectSpeechId());
        if (pending.followUp() instanceof PendingQuestion q) {
            entry.set("question", json.valueToTree(q));
        } else if (pending.followUp() instanceof Confirmation c) {
            entry.set("confirm", json.valueToTree(c));
        } else if (coded != null) {
            entry.set("coded", coded);
        }
        String value;
        try {
            value = json.writeValueAsString(entry);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        return redis.timed(redis.commands().<Long>eval(PUT, ScriptOutputType.INTEGER, keys.toArray(String[]::new),
                value, Long.toString(window.toMillis()))).thenApply(ok -> null);
    }

    @Override
    public CompletableFuture<Optional<Pending>> take(DeviceIdentity device, String dialogRequestId, String speechId) {
        Optional<Pending> here = local.takeNow(device, dialogRequestId, speechId);
        if (here.isPresent()) {
            return CompletableFuture.completedFuture(here);
        }
        if (speechId == null && dialogRequestId == null) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        String[] keys = {speechId == null ? NO_KEY : key(device, "s", speechId),
                dialogRequestId == null ? NO_KEY : key(device, "d", dialogRequestId)};
        return redis.timed(redis.commands().<String>eval(TAKE, ScriptOutputType.VALUE, keys, speechId == null ? "0" : "1"))
                .thenApply(this::read)
                .exceptionally(e -> {
                    log.warn("event=DialogLookupFailed device={} cause={}", device.deviceId(), e.toString());
                    return Optional.empty();
                });
    }

    private Optional<SkillAnswer.FollowUp> decoded(JsonNode coded) {
        String kind = coded.path("kind").asText();
        for (FollowUpCodec codec : codecs) {
            if (codec.kind().equals(kind)) {
                return codec.read(coded.path("data"));
            }
        }
        log.warn("event=DialogUnreadable cause=\"no codec for {}\"", kind);
        return Optional.empty();
    }

    private Optional<Pending> read(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            JsonNode entry = json.readTree(value);
            SkillAnswer.FollowUp followUp = null;
            if (entry.hasNonNull("question")) {
                followUp = json.treeToValue(entry.get("question"), PendingQuestion.class);
            } else if (entry.hasNonNull("confirm")) {
                followUp = json.treeToValue(entry.get("confirm"), Confirmation.class);
            } else if (entry.hasNonNull("coded")) {
                Optional<SkillAnswer.FollowUp> decoded = decoded(entry.get("coded"));
                if (decoded.isEmpty()) {
                    return Optional.empty(); // its extension is gone: the words become a new request
                }
                followUp = decoded.get();
            }
            JsonNode speechId = entry.get("expectSpeechId");
            return Optional.of(new Pending(speechId == null || speechId.isNull() ? null : speechId.asText(), followUp));
        } catch (IOException e) {
            // Written by a node of another version, perhaps: the answer becomes a new request.
            log.warn("event=DialogUnreadable cause={}", e.toString());
            return Optional.empty();
        }
    }
}
