package dev.opencic.server.skill.music;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The server's view of one device's player: the queue it was given (each entry with its own stream
 * token), which entry is current, and what the device last reported (activity, offset, repeat).
 * Device events and the {@code AudioPlayer.PlaybackState} context move it; the music skill reads it
 * to answer next, previous, resume and "what's playing", and moves it ahead of the device's own
 * report when it sends a command. Tokens of earlier queues stay known for a while, so a device's
 * late reports about them are accepted (and ignored) rather than refused.
 */
final class Player {

    static final int RETIRED_TOKENS = 512;

    /** One queue entry. */
    record Item(String token, String audioItemId, Track track) {}

    enum Activity { IDLE, PLAYING, PAUSED, STOPPED, FINISHED }

    private List<Item> queue = List.of();
    private final Map<String, Integer> positions = new HashMap<>();
    private final Set<String> retired = Collections.newSetFromMap(new java.util.LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > RETIRED_TOKENS;
        }
    });
    private int current = -1;
    private Activity activity = Activity.IDLE;
    private long offsetMs;
    private boolean repeat;
    /** Whether the device's PlaybackState carries {@code repeatMode}: a 2018-style device, which takes SetRepeatMode. */
    private boolean reportsRepeatMode;
    /** What the device's own player (a stream the server never gave it) is doing; null when none. */
    private Activity ownPlayer;
    /** The last AudioPlayer report event (PlayStarted...) about the current queue, for SynchronizePlaybackState. */
    private String lastReport;

    /** Told after every change (in a cluster: the player is written where every node reads it). */
    private Runnable onChange = () -> { };

    /**
     * Everything the server knows of the player, as data: what another cluster node reads back
     * ({@link #restore}) to go on with the same queue. Only the newest retired tokens travel.
     */
    record State(List<Item> queue, List<String> retired, int current, Activity activity, long offsetMs,
                 boolean repeat, boolean reportsRepeatMode, Activity ownPlayer, String lastReport) {}

    static final int SHARED_RETIRED_TOKENS = 64;

    synchronized void onChange(Runnable listener) {
        onChange = listener;
    }

    private void changed() {
        onChange.run();
    }

    synchronized State state() {
        List<String> old = new ArrayList<>(retired);
        return new State(queue, List.copyOf(old.subList(Math.max(0, old.size() - SHARED_RETIRED_TOKENS), old.size())),
                current, activity, offsetMs, repeat, reportsRepeatMode, ownPlayer, lastReport);
    }

    /** A player as {@code state} describes it (written by another node). */
    static Player restored(State state) {
        Player p = new Player();
        p.queue = List.copyOf(state.queue());
        for (int i = 0; i < p.queue.size(); i++) {
            p.positions.put(p.queue.get(i).token(), i);
        }
        p.retired.addAll(state.retired());
        p.current = state.current() < p.queue.size() ? state.current() : -1;
        p.activity = state.activity() == null ? Activity.IDLE : state.activity();
        p.offsetMs = state.offsetMs();
        p.repeat = state.repeat();
        p.reportsRepeatMode = state.reportsRepeatMode();
        p.ownPlayer = state.ownPlayer();
        p.lastReport = state.lastReport();
        return p;
    }

    /** A fresh queue of these tracks, current at its first entry. */
    synchronized List<Item> replaceQueue(List<Track> tracks) {
        retired.addAll(positions.keySet());
        positions.clear();
        List<Item> items = new ArrayList<>(tracks.size());
        for (Track t : tracks) {
            Item item = new Item(UUID.randomUUID().toString(), UUID.randomUUID().toString(), t);
            positions.put(item.token(), items.size());
            items.add(item);
        }
        queue = List.copyOf(items);
        current = items.isEmpty() ? -1 : 0;
        offsetMs = 0;
        changed();
        return queue;
    }

    synchronized boolean isKnown(String token) {
        return positions.containsKey(token) || retired.contains(token);
    }

    /** The entry of the current queue with this token. */
    synchronized Optional<Item> item(String token) {
        Integer i = positions.get(token);
        return i == null ? Optional.empty() : Optional.of(queue.get(i));
    }

    /** Applies what the device reports for a token; tokens of earlier queues change nothing. */
    synchronized void report(String token, Activity newActivity, Long offset) {
        Integer i = positions.get(token);
        if (i == null) {
            return;
        }
        ownPlayer = null;
        current = i;
        if (newActivity != null) {
            activity = newActivity;
        }
        if (offset != null && offset >= 0) {
            offsetMs = offset;
        }
        changed();
    }

    /** An event's name about the current queue (PlayStarted, PlayPaused...), kept for SynchronizePlaybackState. */
    synchronized void reported(String token, String eventName) {
        if (positions.containsKey(token)) {
            lastReport = eventName;
        }
        changed();
    }

    synchronized String lastReport() {
        return lastReport;
    }

    /**
     * The device's PlaybackState names a stream the server never gave it (nor any earlier queue's):
     * the device plays from a player of its own, which only it can control (the server then sends
     * {@code Expect...Command}). Null, or an idle report, means no such player.
     */
    synchronized void ownPlayer(Activity a) {
        ownPlayer = a == Activity.IDLE ? null : a;
        changed();
    }

    /** The activity of the device's own player, if one plays or is paused. */
    synchronized Optional<Activity> ownPlayer() {
        return Optional.ofNullable(ownPlayer);
    }

    synchronized void reportsRepeatMode(boolean yes) {
        reportsRepeatMode = reportsRepeatMode || yes;
        changed();
    }

    /** Whether the device takes the 2018 SetRepeatMode (it reports repeatMode); else the 2017 TurnOn/OffRepeatMode. */
    synchronized boolean reportsRepeatMode() {
        return reportsRepeatMode;
    }

    /** Whether the server gave this device a queue (its player is worth bringing back in step after a reconnect). */
    synchronized boolean hasQueue() {
        return !queue.isEmpty();
    }

    /** The position of a token in the current queue, or -1. */
    synchronized int indexOf(String token) {
        Integer i = positions.get(token);
        return i == null ? -1 : i;
    }

    synchronized int currentIndex() {
        return current;
    }

    /** The current queue, every entry. */
    synchronized List<Item> queue() {
        return queue;
    }

    /** Makes the entry with this token current (the device is told to play it); empty when it is not queued. */
    synchronized Optional<Item> jumpTo(String token) {
        Integer i = positions.get(token);
        if (i == null) {
            return Optional.empty();
        }
        current = i;
        offsetMs = 0;
        activity = Activity.PLAYING;
        changed();
        return Optional.of(queue.get(i));
    }

    /** Drops the entries after the current one ({@code ClearQueue} {@code CLEAR_ENQUEUED}); how many went. */
    synchronized int clearEnqueued() {
        if (current < 0 || current + 1 >= queue.size()) {
            return 0;
        }
        int dropped = queue.size() - current - 1;
        for (Item gone : queue.subList(current + 1, queue.size())) {
            positions.remove(gone.token());
            retired.add(gone.token());
        }
        queue = List.copyOf(queue.subList(0, current + 1));
        changed();
        return dropped;
    }

    /** The current entry from its start ({@code Replay}). */
    synchronized void replay() {
        offsetMs = 0;
        activity = Activity.PLAYING;
        changed();
    }

    synchronized Optional<Item> current() {
        return current < 0 ? Optional.empty() : Optional.of(queue.get(current));
    }

    synchronized Activity activity() {
        return activity;
    }

    synchronized long offsetMs() {
        return offsetMs;
    }

    synchronized boolean repeat() {
        return repeat;
    }

    synchronized void repeat(boolean on) {
        repeat = on;
        changed();
    }

    /** The repeat mode as the reference names it. */
    synchronized String repeatMode() {
        return repeat ? "REPEAT_ONE" : "NONE";
    }

    /** Moves to the next entry and returns it; empty at the end of the queue. */
    synchronized Optional<Item> advance(int step) {
        int target = current + step;
        if (current < 0 || target < 0 || target >= queue.size()) {
            return Optional.empty();
        }
        current = target;
        offsetMs = 0;
        activity = Activity.PLAYING;
        changed();
        return Optional.of(queue.get(current));
    }

    /** The entries from the current one to the end. */
    synchronized List<Item> remaining() {
        return current < 0 ? List.of() : queue.subList(current, queue.size());
    }

    synchronized void expect(Activity a) {
        activity = a;
        changed();
    }
}
