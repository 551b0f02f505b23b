package dev.opencic.server.skill.music;

import dev.opencic.protocol.Directive;
import dev.opencic.protocol.payload.AudioPlayer;
import dev.opencic.protocol.payload.TemplateRuntime;
import dev.opencic.server.skill.Interruptible;
import dev.opencic.server.skill.Skill;
import dev.opencic.server.skill.SkillAnswer;
import dev.opencic.server.skill.SkillRequest;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * "Play Miles Davis", "play some music", next, previous, pause, resume, stop, repeat and "what's
 * playing": a short spoken answer, then the {@code AudioPlayer.Play} queue or a
 * {@code PlaybackController} directive. Decisions come from the device's {@link Player} as the
 * server sees it.
 */
final class MusicSkill implements Skill, Interruptible {

    static final int MAX_QUEUE = 100;

    /** The slots of {@code music.play} and the field each names ({@code query}: none in particular). */
    private record SlotField(String slot, MusicSearch.Field field) {}

    private static final List<SlotField> SLOTS = List.of(new SlotField("artist", MusicSearch.Field.ARTIST),
            new SlotField("album", MusicSearch.Field.ALBUM), new SlotField("song", MusicSearch.Field.TITLE),
            new SlotField("genre", MusicSearch.Field.GENRE), new SlotField("query", null));
    private static final String EMPTY_LIBRARY =
            "Your music library is empty. Add some music files to the music folder, then ask me again.";

    private final MusicLibrary library;
    private final Players players;
    private final MusicDirectives directives;
    private final LikeStore likes;
    private final PlayerInfo info;
    private final Random random = new Random();

    MusicSkill(MusicLibrary library, Players players, MusicDirectives directives, LikeStore likes, PlayerInfo info) {
        this.library = library;
        this.players = players;
        this.directives = directives;
        this.likes = likes;
        this.info = info;
    }

    @Override
    public Set<String> intents() {
        return Set.of("music.play", "music.play_any", "music.next", "music.previous", "music.pause",
                "music.resume", "music.stop", "music.repeat_on", "music.repeat_off", "music.now_playing", "music.replay", "music.clear_queue", "music.like",
                "music.unlike");
    }

    @Override
    public CompletableFuture<SkillAnswer> answer(SkillRequest request) {
        Player player = players.fresh(request.event().device());
        String dialog = request.event().dialogRequestId();
        boolean playsWords = request.intent().intent().equals("music.resume") && playedWords(request).isPresent();
        Optional<SkillAnswer> own = playsWords ? Optional.empty() : ownPlayer(player, request.intent().intent(), dialog);
        if (own.isPresent()) {
            return players.flushed(request.event().device(), own.get(), request.event().blockingExecutor());
        }
        SkillAnswer answer = switch (request.intent().intent()) {
            case "music.play" -> play(request, player, dialog);
            case "music.play_any" -> playAll(request, player, dialog);
            case "music.next" -> skip(player, 1, dialog);
            case "music.previous" -> skip(player, -1, dialog);
            case "music.pause" -> pause(player, dialog);
            case "music.resume" -> playedWords(request).isPresent()
                    ? playQuery(request, player, dialog, playedWords(request).get(), null)
                    : resume(request.event().device().deviceId(), player, dialog);
            case "music.stop" -> stop(player, dialog);
            case "music.repeat_on" -> repeat(player, true, dialog);
            case "music.repeat_off" -> repeat(player, false, dialog);
            case "music.now_playing" -> nowPlaying(player);
            case "music.replay" -> replay(player, dialog);
            case "music.clear_queue" -> clearQueue(player, dialog);
            case "music.like", "music.unlike" -> like(request, player, request.intent().intent().equals("music.like"), dialog);
            default -> throw new IllegalArgumentException("not a music intent: " + request.intent().intent());
        };
        // In a cluster the changed player is written before the answer leaves: the next command may reach another node.
        return players.flushed(request.event().device(), screen(request, player, answer, dialog),
                request.event().blockingExecutor());
    }

    /**
     * A device with a screen ({@code Device.Display}) is shown the player: {@code RenderPlayerInfo}
     * after a new queue, {@code ExpectRequestPlayerInfo} when the queue or its position changed (the
     * device asks for the part of the list it shows).
     */
    private SkillAnswer screen(SkillRequest request, Player player, SkillAnswer answer, String dialog) {
        if (!PlayerInfo.hasDisplay(request.event().event()) || answer.directives().isEmpty()
                || player.current().isEmpty()) {
            return answer;
        }
        boolean newQueue = answer.directives().stream().anyMatch(d -> d.name().equals("Play"));
        boolean moved = answer.directives().stream().anyMatch(d -> Set.of("Next", "Previous", "Replay", "ClearQueue")
                .contains(d.name()));
        if (newQueue) {
            return answer.withDirectives(info.renderCurrent(request.event().device().accountId(), player, dialog));
        }
        return moved ? answer.withDirectives(Directive.of(dialog, new TemplateRuntime.ExpectRequestPlayerInfo())) : answer;
    }

    /**
     * A button on the device ({@code PlaybackController.NextCommandIssued} and the like): the same
     * decision as the spoken command, without the Speak. Empty when there is nothing to do.
     */
    List<Directive> button(String command, String deviceId, Player player, String dialog) {
        SkillAnswer answer = switch (command) {
            case "Next" -> skip(player, 1, dialog);
            case "Previous" -> skip(player, -1, dialog);
            case "Pause" -> pause(player, dialog);
            case "Resume", "Play" -> resume(deviceId, player, dialog);
            case "Stop" -> stop(player, dialog);
            default -> throw new IllegalArgumentException("not a playback button: " + command);
        };
        return answer.directives();
    }

    private SkillAnswer play(SkillRequest request, Player player, String dialog) {
        MusicSearch.Field hint = null;
        String query = null;
        for (SlotField sf : SLOTS) {
            String v = request.intent().slot(sf.slot());
            if (v != null && !v.isBlank()) {
                query = v;
                hint = sf.field();
                break;
            }
        }
        if (query == null) {
            return playAll(request, player, dialog);
        }
        // "play yesterday by the details" read as artist "the details": every word after "play"
        // counts, and the search splits title from artist itself.
        String said = playedWords(request).orElse(null);
        String q = dev.opencic.server.nlu.TextNormalizer.normalize(query);
        if (said != null && said.endsWith(" " + q)) {
            var left = TITLE_THEN_JOIN.matcher(said.substring(0, said.length() - q.length()).strip());
            if (left.matches() && !GENERIC_LEFT.matcher(left.group(1)).matches()) {
                return playQuery(request, player, dialog, said, null);
            }
        }
        return playQuery(request, player, dialog, query, hint);
    }

    /** What follows "play" when no title is meant: "play it", "play the music again". */
    private static final java.util.regex.Pattern GENERIC = java.util.regex.Pattern.compile(
            "(?:the |some |my )?(?:music|song|songs|track|it|this|that|again|on|something|anything)(?: again| on| now)*");

    /** "yesterday by": a title, then the word that joins it to an artist or album. */
    private static final java.util.regex.Pattern TITLE_THEN_JOIN = java.util.regex.Pattern.compile("(.+) (?:by|from|on|off)");
    /** "some songs by", "me something by": no title. */
    private static final java.util.regex.Pattern GENERIC_LEFT = java.util.regex.Pattern.compile(
            "(?:me )?(?:some |the |a )?(?:songs?|music|tracks?|something|anything|stuff|album|record)");

    private static final java.util.regex.Pattern PLAY_WORDS = java.util.regex.Pattern.compile(
            "^(?:please )?play (.+?)(?: please)?$");

    /**
     * "Play yesterday", "play so what": a title of common words can look more like the bare "play"
     * (resume) with words the matcher could not place than like a query. Anything after "play" is
     * what to play.
     */
    private static java.util.Optional<String> playedWords(SkillRequest request) {
        if (request.utterance() == null || request.intent().confidence() >= 1.0) {
            return java.util.Optional.empty();
        }
        var m = PLAY_WORDS.matcher(dev.opencic.server.nlu.TextNormalizer.normalize(request.utterance()));
        if (!m.matches() || GENERIC.matcher(m.group(1)).matches()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(m.group(1));
    }

    private SkillAnswer playQuery(SkillRequest request, Player player, String dialog, String query,
                                  MusicSearch.Field hint) {
        MusicSearch.Result result = library.search(query, hint);
        if (result instanceof MusicSearch.EmptyLibrary) {
            return SkillAnswer.say(EMPTY_LIBRARY);
        }
        if (result instanceof MusicSearch.NotFound nf) {
            String text = "I couldn't find " + query + " in your music.";
            if (!nf.suggestions().isEmpty()) {
                text += " Did you mean " + spokenList(nf.suggestions()) + "?";
            }
            return SkillAnswer.say(text);
        }
        MusicSearch.Found found = (MusicSearch.Found) result;
        return start(request, player, found.tracks(), dialog);
    }

    private SkillAnswer playAll(SkillRequest request, Player player, String dialog) {
        List<Track> all = library.tracks();
        if (all.isEmpty()) {
            return SkillAnswer.say(EMPTY_LIBRARY);
        }
        return start(request, player, new MusicSearch(all).shuffled(random), dialog);
    }

    private SkillAnswer start(SkillRequest request, Player player, List<Track> tracks, String dialog) {
        List<Directive> plays = startQueue(player, tracks, request.event().device().deviceId(), dialog);
        return SkillAnswer.say("Playing " + tracks.get(0).spokenName() + ".")
                .withDirectives(plays.toArray(Directive[]::new));
    }

    /**
     * Makes {@code tracks} (the first {@link #MAX_QUEUE}) the device's queue, playing from the first:
     * the {@code AudioPlayer.Play} directives of "play X" (also what the console pushes for "play on").
     */
    List<Directive> startQueue(Player player, List<Track> tracks, String deviceId, String dialog) {
        List<Track> queue = tracks.size() > MAX_QUEUE ? tracks.subList(0, MAX_QUEUE) : tracks;
        List<Player.Item> items = player.replaceQueue(queue);
        player.expect(Player.Activity.PLAYING);
        return directives.play(items, 0, deviceId, dialog);
    }

    /**
     * The device plays from a player of its own (a stream the server did not give it): only the
     * device can move it, so it is asked to press the button itself ({@code Expect<X>Command}) and
     * report it as {@code <X>CommandIssued}.
     */
    private static Optional<SkillAnswer> ownPlayer(Player player, String intent, String dialog) {
        boolean oursPlays = player.current().isPresent()
                && (player.activity() == Player.Activity.PLAYING || player.activity() == Player.Activity.PAUSED);
        Optional<Player.Activity> mine = player.ownPlayer();
        if (oursPlays || mine.isEmpty()) {
            return Optional.empty();
        }
        boolean playing = mine.get() == Player.Activity.PLAYING;
        String expect = switch (intent) {
            case "music.next" -> "ExpectNextCommand";
            case "music.previous" -> "ExpectPreviousCommand";
            case "music.pause" -> playing ? "ExpectPauseCommand" : null;
            case "music.resume" -> playing ? null
                    : mine.get() == Player.Activity.PAUSED ? "ExpectResumeCommand" : "ExpectPlayCommand";
            case "music.stop" -> "ExpectStopCommand";
            default -> null;
        };
        if (expect == null) {
            return Optional.empty();
        }
        String text = switch (expect) {
            case "ExpectNextCommand" -> "Next.";
            case "ExpectPreviousCommand" -> "Back.";
            case "ExpectPauseCommand" -> "Paused.";
            case "ExpectStopCommand" -> "Stopped.";
            default -> "Resuming.";
        };
        return Optional.of(SkillAnswer.say(text).withDirectives(MusicDirectives.control(expect, dialog)));
    }

    private SkillAnswer skip(Player player, int step, String dialog) {
        if (player.current().isEmpty()) {
            return SkillAnswer.say("Nothing is playing right now.");
        }
        Optional<Player.Item> target = player.advance(step);
        if (target.isEmpty()) {
            return SkillAnswer.say(step > 0 ? "That was the last song in the queue." : "This is the first song in the queue.");
        }
        return SkillAnswer.say((step > 0 ? "Next: " : "Back to ") + target.get().track().spokenName() + ".")
                .withDirectives(MusicDirectives.control(step > 0 ? "Next" : "Previous", dialog));
    }

    private SkillAnswer pause(Player player, String dialog) {
        if (player.current().isEmpty() || player.activity() != Player.Activity.PLAYING) {
            return SkillAnswer.say("Nothing is playing right now.");
        }
        player.expect(Player.Activity.PAUSED);
        return SkillAnswer.say("Paused.").withDirectives(MusicDirectives.control("Pause", dialog));
    }

    private SkillAnswer resume(String deviceId, Player player, String dialog) {
        Optional<Player.Item> current = player.current();
        if (current.isEmpty() || player.activity() == Player.Activity.IDLE
                || player.activity() == Player.Activity.FINISHED) {
            return SkillAnswer.say("There's nothing to resume. Say \"play some music\" to start.");
        }
        String name = current.get().track().spokenName();
        return switch (player.activity()) {
            case PLAYING -> SkillAnswer.say(name + " is already playing.");
            case PAUSED -> {
                player.expect(Player.Activity.PLAYING);
                yield SkillAnswer.say("Resuming " + name + ".").withDirectives(MusicDirectives.control("Resume", dialog));
            }
            default -> {
                // Stopped: the device may have dropped its queue; give it again from where it stopped.
                long offset = player.offsetMs();
                player.expect(Player.Activity.PLAYING);
                List<Directive> plays = directives.play(player.remaining(), offset, deviceId, dialog);
                yield SkillAnswer.say("Resuming " + name + ".").withDirectives(plays.toArray(Directive[]::new));
            }
        };
    }

    private SkillAnswer stop(Player player, String dialog) {
        if (player.current().isEmpty() || player.activity() == Player.Activity.IDLE) {
            return SkillAnswer.say("Nothing is playing right now.");
        }
        player.expect(Player.Activity.STOPPED);
        return SkillAnswer.say("Stopped.").withDirectives(MusicDirectives.control("Stop", dialog));
    }

    @Override
    public int urgency() {
        return MUSIC;
    }

    /** "Stop" said to the device: the music, when it is playing (the device's PlaybackState as the server follows it). */
    @Override
    public CompletableFuture<Optional<SkillAnswer>> stop(SkillRequest request) {
        Player player = players.fresh(request.event().device());
        if (player.current().isEmpty() || player.activity() != Player.Activity.PLAYING) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return players.flushed(request.event().device(), Optional.of(stop(player, request.event().dialogRequestId())),
                request.event().blockingExecutor());
    }

    private SkillAnswer repeat(Player player, boolean on, String dialog) {
        if (player.current().isEmpty()) {
            return SkillAnswer.say("Nothing is playing right now.");
        }
        player.repeat(on);
        String name = player.current().get().track().spokenName();
        return SkillAnswer.say(on ? "Repeating " + name + "." : "Repeat is off.")
                .withDirectives(MusicDirectives.repeat(player, on, dialog));
    }

    /** "Play it again", "from the beginning": the current song from its start. */
    private SkillAnswer replay(Player player, String dialog) {
        Optional<Player.Item> current = player.current();
        if (current.isEmpty() || player.activity() == Player.Activity.IDLE) {
            return SkillAnswer.say("Nothing is playing right now.");
        }
        player.replay();
        return SkillAnswer.say("From the beginning: " + current.get().track().spokenName() + ".")
                .withDirectives(MusicDirectives.control("Replay", dialog));
    }

    /** "Clear the queue": the songs after the current one go ({@code CLEAR_ENQUEUED}); the current one plays on. */
    private SkillAnswer clearQueue(Player player, String dialog) {
        if (player.current().isEmpty()) {
            return SkillAnswer.say("The queue is already empty.");
        }
        int dropped = player.clearEnqueued();
        if (dropped == 0) {
            return SkillAnswer.say("There's nothing queued after this song.");
        }
        return SkillAnswer.say("Cleared " + dropped + (dropped == 1 ? " song" : " songs") + " from the queue.")
                .withDirectives(MusicDirectives.clearQueue(AudioPlayer.ClearBehavior.CLEAR_ENQUEUED, dialog));
    }

    /** "I like this song" / "unlike this song": kept for the account; a screen is shown the changed button. */
    private SkillAnswer like(SkillRequest request, Player player, boolean like, String dialog) {
        Optional<Player.Item> current = player.current();
        Player.Activity a = player.activity();
        if (current.isEmpty() || (a != Player.Activity.PLAYING && a != Player.Activity.PAUSED)) {
            return SkillAnswer.say("Nothing is playing right now.");
        }
        String account = request.event().device().accountId();
        Track t = current.get().track();
        boolean changed = like ? likes.like(account, t.id()) : likes.unlike(account, t.id());
        String text = like
                ? (changed ? "Noted: you like " + t.spokenName() + "." : "You already like " + t.spokenName() + ".")
                : (changed ? t.spokenName() + " is no longer in your liked songs." : "You hadn't liked " + t.spokenName() + ".");
        SkillAnswer answer = SkillAnswer.say(text);
        return PlayerInfo.hasDisplay(request.event().event())
                ? answer.withDirectives(info.renderCurrent(account, player, dialog)) : answer;
    }

    private SkillAnswer nowPlaying(Player player) {
        Optional<Player.Item> current = player.current();
        Player.Activity a = player.activity();
        if (current.isEmpty() || (a != Player.Activity.PLAYING && a != Player.Activity.PAUSED)) {
            return SkillAnswer.say("Nothing is playing right now.");
        }
        Track t = current.get().track();
        String from = t.album() == null ? "" : ", from " + t.album();
        return SkillAnswer.say(a == Player.Activity.PAUSED
                ? t.spokenName() + from + " is paused."
                : "This is " + t.spokenName() + from + ".");
    }

    /** "A", "A or B", "A, B or C". */
    static String spokenList(List<String> items) {
        if (items.size() == 1) {
            return items.get(0);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " or " + items.get(items.size() - 1);
    }
}
