package dev.opencic.server.skill.music;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opencic.protocol.ContextObject;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.Event;
import dev.opencic.protocol.Header;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.MessageIds;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import dev.opencic.server.testing.ToneLibrary;
import dev.opencic.server.testing.ToneLibrary.Song;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A generated library and the device-side moves the music tests share. */
final class MusicTesting {

    private MusicTesting() {}

    /** Five Miles Davis tracks (more than the URLs sent up front), a Coltrane Ogg, an untagged file. */
    static final List<Song> SONGS = List.of(
            new Song("Miles Davis/Kind of Blue/01 So What.mp3", "So What", "Miles Davis", "Kind of Blue", "Jazz", 1, 1.5, 440),
            new Song("Miles Davis/Kind of Blue/02.mp3", "Freddie Freeloader", "Miles Davis", "Kind of Blue", "Jazz", 2, 1, 494),
            new Song("Miles Davis/Kind of Blue/03.mp3", "Blue in Green", "Miles Davis", "Kind of Blue", "Jazz", 3, 1, 523),
            new Song("Miles Davis/Kind of Blue/04.mp3", "All Blues", "Miles Davis", "Kind of Blue", "Jazz", 4, 1, 587),
            new Song("Miles Davis/Kind of Blue/05.mp3", "Flamenco Sketches", "Miles Davis", "Kind of Blue", "Jazz", 5, 1, 659),
            new Song("John Coltrane/A Love Supreme/01.ogg", "Acknowledgement", "John Coltrane", "A Love Supreme", "Jazz", 1, 1, 392),
            new Song("Nina Simone - Feeling Good.mp3", null, null, null, null, 0, 1, 349));

    static boolean toolsAvailable() {
        return ToneLibrary.hasLame() && ToneLibrary.hasOggenc();
    }

    /** A fresh folder with {@link #SONGS}, or an empty one when lame/oggenc are missing (tests then skip). */
    static Path library() {
        try {
            Path dir = Files.createTempDirectory("cic-music");
            if (toolsAvailable()) {
                ToneLibrary.write(dir, SONGS);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void awaitTracks(CicServerExtension cic, int n) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            var g = cic.server().meters().find("cic.music.tracks").gauge();
            return g != null && g.value() == n;
        });
    }

    /** Says something by text and returns the directives of the answer. */
    static List<Directive> say(TestDevice device, String text) throws Exception {
        StreamedParts res = device.send("TextRecognizer", "Recognize", MessageIds.newId(),
                TestDevice.payload().put("text", text));
        if (res.status() != 200) {
            throw new AssertionError("status " + res.status() + " for \"" + text + "\"");
        }
        return res.directives();
    }

    /** The text the answer shows (Clova.RenderText). */
    static String shown(List<Directive> directives) {
        return directives.stream().filter(d -> d.name().equals("RenderText")).findFirst()
                .orElseThrow(() -> new AssertionError("no RenderText in " + directives))
                .payload().get("text").asText();
    }

    static List<Directive> named(List<Directive> directives, String qualifiedName) {
        return directives.stream().filter(d -> d.header().qualifiedName().equals(qualifiedName)).toList();
    }

    static String token(Directive play) {
        return play.payload().at("/audioItem/stream/token").asText();
    }

    /** An AudioPlayer event with the PlaybackState context a device sends with it. */
    static StreamedParts report(TestDevice device, String name, String token, String activity, long offsetMs)
            throws Exception {
        return device.send(event("AudioPlayer", name, TestDevice.payload(), token, activity, offsetMs));
    }

    static byte[] event(String namespace, String name, ObjectNode payload, String token, String activity,
                        long offsetMs) {
        ObjectNode state = TestDevice.payload().put("playerActivity", activity).put("offsetInMilliseconds", offsetMs)
                .put("totalInMilliseconds", 1000);
        state.putObject("stream").put("token", token).put("url", "clova:" + token);
        return MessageCodec.writeEvent(new Event(new Header(namespace, name, MessageIds.newId(), null), payload,
                List.of(new ContextObject(new Header("AudioPlayer", "PlaybackState", null, null), state))));
    }
}
