package dev.opencic.server.speech.asr;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cepstral mean each recent channel (a device: one microphone, one room, usually the same few
 * voices) ended its last utterance with, so that its next utterance starts normalised for that
 * channel instead of for the model's average one ({@code -cmninit}).
 *
 * <p>Why: sphinxbase's live cepstral mean normalisation subtracts the mean it starts the utterance
 * with until 300 frames (3 s) in, and learns the utterance's own mean only at its end; started from
 * the model's average channel every time, a short command is decoded entirely against a mean that is
 * not its microphone's. Measured on the spoken corpus (docs/benchmarks-asr.md), starting each voice
 * from its previous utterance's mean took templated word errors from 4.0 to 2.7 % and CPU per audio
 * second down by ~10 %. Sessions without a channel, and channels not seen yet, still start from the
 * model's mean, so one device's audio never changes how another's is decoded.
 *
 * <p>Bounded, least recently used first out; 13 floats a channel (~100 bytes with the map entry).
 */
final class ChannelMeans {

    private final Map<String, float[]> means;

    ChannelMeans(int maxChannels) {
        if (maxChannels < 0) {
            throw new IllegalArgumentException("maxChannels must be >= 0: " + maxChannels);
        }
        this.means = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
                return size() > maxChannels;
            }
        };
    }

    /** The mean the channel's last utterance ended with, or null (unknown channel, or none given). */
    synchronized float[] get(String channel) {
        if (channel == null) {
            return null;
        }
        float[] m = means.get(channel);
        return m == null ? null : m.clone();
    }

    synchronized void put(String channel, float[] mean) {
        if (channel != null && mean != null && allFinite(mean)) {
            means.put(channel, mean.clone());
        }
    }

    synchronized int size() {
        return means.size();
    }

    private static boolean allFinite(float[] v) {
        for (float f : v) {
            if (!Float.isFinite(f)) {
                return false;
            }
        }
        return true;
    }
}
