package dev.opencic.client.audio;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * An opened music stream: the bytes of an {@code AudioPlayer.Play} item's URL as the server sends
 * them (MP3, Ogg...), read by a {@link MusicOutput}. A connection lost mid-stream is reopened with a
 * {@code Range} request from the byte where it broke, so a long pause does not end the song.
 * {@link #close()} (the player calls it on stop) makes a blocked read fail at once.
 */
public interface AudioStream extends Closeable {

    /** The URL it was opened from. */
    String url();

    /** The response's {@code Content-Type}, or empty if the server sent none. */
    String contentType();

    /** The stream's length in bytes, or -1 if unknown. */
    long contentLength();

    /** The bytes; read them from one thread. */
    InputStream body();

    @Override
    void close() throws IOException;
}
