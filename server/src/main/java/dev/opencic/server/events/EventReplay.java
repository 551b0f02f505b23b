package dev.opencic.server.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.MessageFormatException;
import dev.opencic.protocol.payload.SpeechSynthesizer;
import dev.opencic.server.api.AttachmentSource;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.api.Reply;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replay window (issue 17, idempotent events): an event whose {@code messageId} this device
 * already sent within {@code event-replay-window-seconds} does not act again; it gets the
 * <b>stored</b> answer: the same directives as the first time (same tokens, same ids), with the
 * speech audio of each {@code Speak} made again from its text (usually from the speech cache).
 *
 * <ul>
 *   <li>A duplicate that arrives while the first is still being handled waits for it and gets its
 *       answer; if the first fails (an error status), the duplicate is answered {@code 503} so the
 *       device retries and that retry acts.</li>
 *   <li>An answer with directives ({@code 200}) is stored (one commit) when the handler has
 *       answered and before the response is released, so every such answer a device has seen has
 *       its record, which survives a restart. The record is not in the action's transaction (the
 *       skills own theirs):
 *       a crash in the few milliseconds between the skill's commit and this one leaves an action
 *       without its record, and the device, which never got its answer, retries and the action is
 *       repeated. The other order (record first) would lose the action instead, which the device
 *       was told nothing about either; a repeat is the lesser harm.</li>
 *   <li>An answer without directives ({@code 204}: reports such as {@code SpeechStarted},
 *       {@code ActionExecuted}, state reports) is remembered in memory only, in the same window and
 *       bound: within it a duplicate gets {@code 204} again and does not act, with no database
 *       work on the way (most events a device sends are these). After a restart such an event
 *       acts again if retried; the handlers that answer {@code 204} record what the device reports
 *       (its state, an alert's status, a list edit under the item's id): acting twice leaves the same
 *       state, at most a state pushed to the account's other devices once more.</li>
 *   <li>Memory: the keys answered within the window (about 150 bytes each: 60,000 at 100 events/s
 *       and 10 minutes), loaded from the table at start; never more than {@link #MAX_ENTRIES},
 *       oldest forgotten first. The answers themselves stay in the database and are read only for
 *       a replay. Entries and rows older than the window are purged on write, at most every
 *       tenth of the window.</li>
 *   <li>Cluster mode ({@link SharedClaims}, in Redis): a messageId this node has not seen is also
 *       claimed cluster-wide before its handler runs ({@link #acrossNodes}); a retry that reaches
 *       another node gets the stored answer there, or {@code 503} (retry) while the first node is
 *       still handling it.</li>
 * </ul>
 */
public final class EventReplay {

    private static final Logger log = LoggerFactory.getLogger(EventReplay.class);
    static final int MAX_ENTRIES = 200_000;
    /** Longer ids are not tracked (the table's column); the protocol's are UUIDs. */
    static final int MAX_MESSAGE_ID = 128;

    private final ReplayRecords records;
    private final Clock clock;
    private final long windowMillis;
    private final Executor blocking;
    private final BiFunction<String, String, AttachmentSource> speech;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong lastPurge = new AtomicLong();
    private final Counter replayed;
    private final Counter waited;
    /** Null on a single node. */
    private final SharedClaims shared;

    /**
     * The window's claims shared by the nodes of a cluster: whichever node claims a key first acts.
     * Keys are {@code account, device, messageId} joined; states as below.
     */
    public interface SharedClaims {
        String PENDING = "pending";
        String ANSWERED = "answered";
        String NO_CONTENT = "no-content";

        /**
         * Claims {@code key} for {@code window}: completes with null when this node is first, else
         * with the first one's state ({@link #PENDING}, {@link #ANSWERED} with its row stored,
         * {@link #NO_CONTENT}). Never completes exceptionally (unreachable: null, and this node acts).
         */
        CompletableFuture<String> claim(String key, Duration window);

        /** The first one was answered (its row, if any, is stored). */
        void answered(String key, boolean noContent, Duration window);

        /** The first one failed: a retry may act. */
        void abandoned(String key);
    }

    /**
     * In flight ({@code answeredAt < 0}, {@code outcome} completes with the answer) or answered;
     * {@code noContent}: answered {@code 204}, remembered here only (no row).
     */
    private record Entry(long answeredAt, CompletableFuture<Optional<Reply>> outcome, String[] key, boolean noContent) {
        boolean inFlight() {
            return answeredAt < 0;
        }
    }

    /** A {@code 204} answered again: nothing to read back. */
    private static final CompletableFuture<Optional<Reply>> NO_CONTENT =
            CompletableFuture.completedFuture(Optional.of(Reply.empty()));

    /**
     * @param speech makes a {@code Speak}'s audio again from its text and language
     * @param blocking where stored answers are read
     */
    public EventReplay(Jdbi jdbi, Clock clock, Duration window, Executor blocking,
                       BiFunction<String, String, AttachmentSource> speech, MeterRegistry meters) {
        this(jdbi, clock, window, blocking, speech, meters, null);
    }

    /** @param shared the claims shared with the other nodes of a cluster; null on a single node */
    public EventReplay(Jdbi jdbi, Clock clock, Duration window, Executor blocking,
                       BiFunction<String, String, AttachmentSource> speech, MeterRegistry meters,
                       SharedClaims shared) {
        this.shared = shared;
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window: " + window + " (expected: > 0)");
        }
        this.records = new ReplayRecords(jdbi);
        this.clock = clock;
        this.windowMillis = window.toMillis();
        this.blocking = blocking;
        this.speech = speech;
        this.replayed = Counter.builder("cic.events.replayed")
                .description("Events answered from a stored answer (same messageId within the window)")
                .register(meters);
        this.waited = Counter.builder("cic.events.replay.waited")
                .description("Duplicate events that arrived while the first was still being handled")
                .register(meters);
        Gauge.builder("cic.events.replay.entries", entries, Map::size)
                .description("Events remembered in the replay window").register(meters);
        long since = clock.millis() - windowMillis;
        records.purge(since);
        for (ReplayRecords.Row r : records.since(since)) {
            String[] key = {r.accountId(), r.deviceId(), r.messageId()};
            entries.put(join(key), new Entry(r.answeredAt(), null, key, false));
        }
        lastPurge.set(clock.millis());
        log.info("event=ReplayWindowLoaded entries={} windowSeconds={}", entries.size(), window.toSeconds());
    }

    /** What {@link #claim} decided for one event. */
    public interface Claim {
        /** Whether this event is to be handled (the first with its messageId), rather than answered again. */
        boolean first();

        /** For a duplicate: the first one's answer, empty when it failed. */
        CompletableFuture<Optional<Reply>> previous();

        /**
         * The first one was answered: remembers the answer. Blocks (one database commit) when the
         * answer carries something ({@code 200}); a {@code 204} is remembered in memory only.
         */
        void answered(Reply reply);

        /** The first one failed: forgotten, so a retry acts. */
        void abandoned();
    }

    /** Claims the event's messageId for this device: the first claim handles it, the others replay. */
    public Claim claim(DeviceIdentity device, String messageId) {
        if (messageId == null || messageId.isEmpty() || messageId.length() > MAX_MESSAGE_ID) {
            return UNTRACKED;
        }
        String[] key = {device.accountId(), device.deviceId(), messageId};
        String k = join(key);
        Entry mine = new Entry(-1, new CompletableFuture<>(), key, false);
        while (true) {
            Entry existing = entries.putIfAbsent(k, mine);
            if (existing == null) {
                return new First(k, mine);
            }
            if (!existing.inFlight() && existing.answeredAt() < clock.millis() - windowMillis) {
                if (entries.replace(k, existing, mine)) {
                    return new First(k, mine); // the earlier one is out of the window: act again
                }
                continue;
            }
            if (existing.inFlight()) {
                waited.increment();
                log.info("event=EventDuplicateWhileHandled device={} messageId={}", device.deviceId(), messageId);
                return duplicate(existing.outcome().thenApply(answer -> {
                    answer.ifPresent(a -> replayed.increment());
                    return answer;
                }));
            }
            replayed.increment();
            log.info("event=EventReplayed device={} messageId={}", device.deviceId(), messageId);
            if (existing.noContent()) {
                return duplicate(NO_CONTENT);
            }
            return duplicate(CompletableFuture.supplyAsync(() -> records.directives(key[0], key[1], key[2])
                    .map(this::restore), blocking));
        }
    }

    /**
     * A first claim on this node, checked against the rest of the cluster: completes with it when
     * this node is first cluster-wide, else with a duplicate answered like any other (a {@code 503}
     * while the first node still handles it). Completes at once on a single node.
     */
    public CompletableFuture<Claim> acrossNodes(Claim local) {
        if (shared == null || !(local instanceof First first)) {
            return CompletableFuture.completedFuture(local);
        }
        return shared.claim(first.k, Duration.ofMillis(windowMillis)).thenApply(state -> {
            if (state == null) {
                first.sharedClaim = true;
                return local;
            }
            // Another node has it: forget ours without telling the cluster (the key is theirs).
            entries.remove(first.k, first.entry);
            first.entry.outcome().complete(Optional.empty());
            String[] key = first.entry.key();
            replayed.increment();
            log.info("event=EventReplayedAcrossNodes device={} messageId={} state={}", key[1], key[2], state);
            return switch (state) {
                case SharedClaims.NO_CONTENT -> duplicate(NO_CONTENT);
                case SharedClaims.ANSWERED -> duplicate(CompletableFuture.supplyAsync(
                        () -> records.directives(key[0], key[1], key[2]).map(this::restore), blocking));
                default -> duplicate(CompletableFuture.completedFuture(Optional.empty()));
            };
        });
    }

    private final class First implements Claim {
        private final String k;
        private final Entry entry;
        /** Claimed in the cluster too ({@link #acrossNodes}): the cluster hears how it ended. */
        private volatile boolean sharedClaim;

        First(String k, Entry entry) {
            this.k = k;
            this.entry = entry;
        }

        @Override
        public boolean first() {
            return true;
        }

        @Override
        public CompletableFuture<Optional<Reply>> previous() {
            throw new IllegalStateException("the first claim has no previous answer");
        }

        @Override
        public void answered(Reply reply) {
            long now = clock.millis();
            if (reply.isEmpty()) {
                // 204: nothing to send again, and nothing committed here (see the class comment).
                entry.outcome().complete(Optional.of(Reply.empty()));
                entries.replace(k, entry, new Entry(now, null, entry.key(), true));
                if (sharedClaim) {
                    shared.answered(k, true, Duration.ofMillis(windowMillis));
                }
                purgeIfDue(now);
                return;
            }
            String json = toJson(reply.directives());
            try {
                records.put(entry.key()[0], entry.key()[1], entry.key()[2], now, json);
            } catch (RuntimeException e) {
                if (sharedClaim) {
                    shared.abandoned(k); // no row for other nodes to read: a retry there acts
                }
                throw e;
            } finally {
                // Waiting duplicates get the answer itself (its audio made again, like any replay).
                entry.outcome().complete(Optional.of(restore(json)));
                entries.replace(k, entry, new Entry(now, null, entry.key(), false));
            }
            if (sharedClaim) {
                shared.answered(k, false, Duration.ofMillis(windowMillis)); // after its row: readable anywhere
            }
            purgeIfDue(now);
        }

        @Override
        public void abandoned() {
            entries.remove(k, entry);
            entry.outcome().complete(Optional.empty());
            if (sharedClaim) {
                shared.abandoned(k);
            }
        }
    }

    private static Claim duplicate(CompletableFuture<Optional<Reply>> previous) {
        return new Claim() {
            @Override
            public boolean first() {
                return false;
            }

            @Override
            public CompletableFuture<Optional<Reply>> previous() {
                return previous;
            }

            @Override
            public void answered(Reply reply) {}

            @Override
            public void abandoned() {}
        };
    }

    /** Events without a usable messageId: handled every time. */
    private static final Claim UNTRACKED = new Claim() {
        @Override
        public boolean first() {
            return true;
        }

        @Override
        public CompletableFuture<Optional<Reply>> previous() {
            throw new IllegalStateException("untracked");
        }

        @Override
        public void answered(Reply reply) {}

        @Override
        public void abandoned() {}
    };

    private void purgeIfDue(long now) {
        long last = lastPurge.get();
        if (now - last < Math.max(1000, windowMillis / 10) && entries.size() <= MAX_ENTRIES
                || !lastPurge.compareAndSet(last, now)) {
            return;
        }
        long before = now - windowMillis;
        entries.values().removeIf(e -> !e.inFlight() && e.answeredAt() < before);
        int purged = records.purge(before);
        if (entries.size() > MAX_ENTRIES) {
            List<Map.Entry<String, Entry>> answered = new ArrayList<>();
            entries.entrySet().stream().filter(e -> !e.getValue().inFlight()).forEach(answered::add);
            answered.sort(Comparator.comparingLong(e -> e.getValue().answeredAt()));
            int excess = entries.size() - MAX_ENTRIES;
            for (int i = 0; i < excess && i < answered.size(); i++) {
                entries.remove(answered.get(i).getKey(), answered.get(i).getValue());
            }
            log.warn("event=ReplayWindowFull forgotten={} max={}", excess, MAX_ENTRIES);
        }
        log.debug("event=ReplayWindowPurged rows={} entries={}", purged, entries.size());
    }

    // ---- the stored answer ----

    static String toJson(List<Directive> directives) {
        ArrayNode array = MessageCodec.mapper().createArrayNode();
        try {
            for (Directive d : directives) {
                array.add(MessageCodec.mapper().readTree(MessageCodec.writeDirective(d)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return array.toString();
    }

    /** The stored directives again, each {@code Speak}'s audio attached under its {@code cid:}. */
    Reply restore(String json) {
        Reply.Builder reply = Reply.builder();
        try {
            for (JsonNode node : MessageCodec.mapper().readTree(json)) {
                Directive d = MessageCodec.readDirective(MessageCodec.toBytes(node));
                reply.directive(d);
                if ("SpeechSynthesizer".equals(d.header().namespace()) && "Speak".equals(d.header().name())) {
                    SpeechSynthesizer.Speak speak = MessageCodec.mapper().treeToValue(d.payload(),
                            SpeechSynthesizer.Speak.class);
                    if (speak.url() != null && speak.url().startsWith("cid:") && speak.ttsText() != null) {
                        reply.attachment(speak.url().substring(4), speech.apply(speak.ttsText(), speak.ttsLang()));
                    }
                }
            }
        } catch (IOException | MessageFormatException e) {
            throw new IllegalStateException("stored answer unreadable: " + e.getMessage(), e);
        }
        return reply.build();
    }

    private static String join(String[] key) {
        return key[0] + '\n' + key[1] + '\n' + key[2];
    }
}
