package dev.opencic.server.skill.household;

import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.api.DirectivePusher;
import dev.opencic.server.api.SpeechArbiter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SpeechArbiter} of one node, in memory: the spoken requests of an account that start within
 * {@code window} of the first are one contest. It is decided once the window has closed (no device
 * can join any more) and every device in it has reported its level (its utterance ended) or
 * withdrawn (its request failed), or, once {@link #MAX_WAIT} has passed after the window, at the first
 * report: the loudest reported answers, the others lose (ties: the first to arrive). A device
 * reporting after the decision loses. Every request ends by reporting or withdrawing, so a contest
 * always ends; the wait only bounds how long a stuck upload can hold back the others. A contest of one device, the usual case,
 * costs nothing once the window has closed: its utterance is longer than the window, so by the time
 * it ends the decision is made on its report alone.
 *
 * <p>A device whose account has no other device with an open downchannel answers at once, without
 * a window: nothing else can have heard it, and a household of one (the usual account) must pay no
 * added latency. A second request of a device already in the contest (it cannot hear one utterance
 * twice) starts a new contest.
 *
 * <p>Windows are durations between requests running now, measured on the monotonic clock rather
 * than the injected wall {@code Clock}: tests that freeze the wall clock must still see windows end.
 */
public final class WindowArbiter implements SpeechArbiter {

    private static final Logger log = LoggerFactory.getLogger(WindowArbiter.class);
    /** How long after its window a contest waits for a device that never reports. */
    static final Duration MAX_WAIT = Duration.ofSeconds(10);

    private final long windowNanos;
    private final ScheduledExecutorService timer;
    private final LongSupplier nanoTime;
    private final Counter contests;
    private final Counter losers;
    private final Counter decisions;
    private final Counter alone;
    private final Predicate<DeviceIdentity> othersListening;
    private final Map<String, Contest> open = new HashMap<>(); // by account; guarded by this

    /**
     * @param downchannels whose open downchannels tell whether an account has other devices that
     *                     could have heard the same utterance
     */
    public WindowArbiter(Duration window, ScheduledExecutorService timer, MeterRegistry meters,
                         DirectivePusher downchannels) {
        this(window, timer, meters, System::nanoTime, new OpenDevices(downchannels)::othersOpen);
    }

    /** @param othersListening whether another device of the asking device's account has an open downchannel */
    WindowArbiter(Duration window, ScheduledExecutorService timer, MeterRegistry meters, LongSupplier nanoTime,
                  Predicate<DeviceIdentity> othersListening) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("arbitration window must be positive: " + window);
        }
        this.windowNanos = window.toNanos();
        this.timer = timer;
        this.nanoTime = nanoTime;
        this.othersListening = othersListening;
        this.contests = Counter.builder("cic.arbitrations")
                .description("Utterances heard by more than one device of an account, arbitrated").register(meters);
        this.losers = Counter.builder("cic.arbitration.losers")
                .description("Devices told to stop because another device heard the utterance better").register(meters);
        this.decisions = Counter.builder("cic.arbitration.decisions")
                .description("Contests decided, one device or several").register(meters);
        this.alone = Counter.builder("cic.arbitration.alone")
                .description("Spoken requests answered without a window: no other device of the account was connected")
                .register(meters);
    }

    @Override
    public Entry enter(DeviceIdentity device) {
        if (!othersListening.test(device)) {
            alone.increment();
            decisions.increment();
            return AT_ONCE;
        }
        long now = nanoTime.getAsLong();
        Contest contest;
        Member member;
        boolean fresh = false;
        synchronized (this) {
            contest = open.get(device.accountId());
            if (contest == null || contest.decided || now - contest.startNanos > windowNanos
                    || contest.members.stream().anyMatch(m -> m.device.equals(device))) {
                contest = new Contest(device.accountId(), now);
                open.put(device.accountId(), contest);
                fresh = true;
            }
            member = new Member(contest, device);
            contest.members.add(member);
        }
        if (fresh) {
            Contest c = contest;
            timer.schedule(c::windowClosed, windowNanos, TimeUnit.NANOSECONDS);
            timer.schedule(c::giveUp, windowNanos + MAX_WAIT.toNanos(), TimeUnit.NANOSECONDS);
        }
        return member;
    }

    /** The entry of a device alone in its household: it answers, whatever its level. */
    private static final Entry AT_ONCE = new Entry() {
        @Override
        public CompletableFuture<Boolean> decide(double level) {
            return CompletableFuture.completedFuture(true);
        }

        @Override
        public void withdraw() {}
    };

    private final class Contest {
        final String accountId;
        final long startNanos;
        final List<Member> members = new ArrayList<>();
        boolean windowClosed;
        boolean decided;

        Contest(String accountId, long startNanos) {
            this.accountId = accountId;
            this.startNanos = startNanos;
        }

        void windowClosed() {
            synchronized (WindowArbiter.this) {
                windowClosed = true;
                decideIfReady();
            }
            settle();
        }

        boolean waitedLongEnough;

        void giveUp() {
            synchronized (WindowArbiter.this) {
                windowClosed = true;
                waitedLongEnough = true;
                decideIfReady();
            }
            settle();
        }

        /**
         * Completes the members' results outside the arbiter's lock: a completion runs the losing
         * or winning utterance's next step, which must not run while this lock is held.
         */
        void settle() {
            List<Member> toComplete;
            synchronized (WindowArbiter.this) {
                toComplete = members.stream().filter(m -> m.outcome != null && !m.result.isDone()).toList();
            }
            toComplete.forEach(m -> m.result.complete(m.outcome));
        }

        /** Called holding the arbiter's lock. */
        void decideIfReady() {
            if (decided || !windowClosed) {
                return;
            }
            List<Member> contending = members.stream().filter(m -> !m.withdrawn).toList();
            boolean someReported = contending.stream().anyMatch(m -> !Double.isNaN(m.level));
            boolean allReported = contending.stream().noneMatch(m -> Double.isNaN(m.level));
            if (!allReported && !(waitedLongEnough && someReported)) {
                return; // someone is still talking into its device (or being recognised)
            }
            decided = true;
            if (open.get(accountId) == this) {
                open.remove(accountId);
            }
            Member winner = null;
            for (Member m : contending) {
                if (!Double.isNaN(m.level) && (winner == null || m.level > winner.level)) {
                    winner = m;
                }
            }
            int lost = 0;
            for (Member m : contending) {
                if (m == winner) {
                    m.outcome = true;
                } else if (!Double.isNaN(m.level)) {
                    m.outcome = false;
                    lost++;
                }
                // A member that has not reported loses when it does (see Member.decide).
            }
            decisions.increment();
            int late = contending.size() - (winner == null ? 0 : 1) - lost;
            if (contending.size() > 1) {
                contests.increment();
                losers.increment(contending.size() - 1);
                log.info("event=Arbitrated account={} devices={} winner={} late={}", accountId, contending.size(),
                        winner == null ? "-" : winner.device.deviceId(), late);
            }
        }
    }

    private final class Member implements Entry {
        final Contest contest;
        final DeviceIdentity device;
        final CompletableFuture<Boolean> result = new CompletableFuture<>();
        double level = Double.NaN;
        boolean withdrawn;
        Boolean outcome; // decided, not yet completed (see Contest.settle)

        Member(Contest contest, DeviceIdentity device) {
            this.contest = contest;
            this.device = device;
        }

        @Override
        public CompletableFuture<Boolean> decide(double level) {
            synchronized (WindowArbiter.this) {
                if (contest.decided) {
                    outcome = false; // reported after the decision: another device answered
                } else {
                    this.level = level;
                    contest.decideIfReady();
                }
            }
            contest.settle();
            return result;
        }

        @Override
        public void withdraw() {
            synchronized (WindowArbiter.this) {
                if (outcome == null) {
                    withdrawn = true;
                    contest.decideIfReady();
                }
            }
            contest.settle();
        }
    }
}
