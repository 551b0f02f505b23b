package dev.opencic.bench.asr;

import java.util.List;
import java.util.Locale;

/**
 * How one rendering of a phrasing differs from clean speech, named as on the command line: parts
 * joined by {@code +}, e.g. {@code clean}, {@code reverb-medium}, {@code babble-10},
 * {@code reverb-medium+pink-20}, {@code pitch+250}, {@code tempo-0.9}.
 *
 * <ul>
 *   <li>{@code reverb-small|medium|large}: a synthetic room ({@link Room});</li>
 *   <li>{@code pink-N}, {@code babble-N}, {@code music-N}: that noise at N dB SNR;</li>
 *   <li>{@code pitch+C} / {@code pitch-C}: voice C cents higher or lower, formants with it (a
 *       smaller or larger talker; flite speaks it stretched and the audio is played faster or slower
 *       so that the pace stays);</li>
 *   <li>{@code tempo-X}: spoken X times as fast (flite's {@code duration_stretch} = 1/X).</li>
 * </ul>
 *
 * @param room null for none
 * @param noise null for none
 */
record RoomCondition(String name, Room room, Noise noise, double snrDb, double pitchCents, double tempo) {

    /** Synthetic rooms: reverberation time and the talker's direct-to-reverberant energy ratio. */
    enum Room {
        SMALL(0.3, 4), MEDIUM(0.5, 0), LARGE(0.8, -3);

        final double rt60Seconds;
        final double drrDb;

        Room(double rt60Seconds, double drrDb) {
            this.rt60Seconds = rt60Seconds;
            this.drrDb = drrDb;
        }
    }

    enum Noise { PINK, BABBLE, MUSIC }

    /** The conditions rendered when none are named: each kind alone, reverberation with noise, other talkers. */
    static final List<String> DEFAULTS = List.of("clean", "reverb-small", "reverb-medium", "reverb-large",
            "pink-20", "pink-10", "pink-5", "babble-20", "babble-10", "babble-5", "music-20", "music-10", "music-5",
            "reverb-medium+pink-20", "reverb-medium+pink-10", "reverb-medium+babble-20", "reverb-medium+babble-10",
            "reverb-medium+music-20", "reverb-medium+music-10", "pitch+250", "pitch-250", "tempo-0.9", "tempo-1.12");

    static RoomCondition parse(String name) {
        Room room = null;
        Noise noise = null;
        double snr = Double.NaN, cents = 0, tempo = 1;
        if (!name.equals("clean")) {
            for (String part : name.split("(?<!pitch)\\+")) {
                int dash = part.indexOf('-');
                String kind = part.startsWith("pitch") ? "pitch" : dash < 0 ? part : part.substring(0, dash);
                String value = part.startsWith("pitch") ? part.substring(5) : dash < 0 ? "" : part.substring(dash + 1);
                try {
                    switch (kind) {
                        case "reverb" -> room = Room.valueOf(value.toUpperCase(Locale.ROOT));
                        case "pink", "babble", "music" -> {
                            noise = Noise.valueOf(kind.toUpperCase(Locale.ROOT));
                            snr = Double.parseDouble(value);
                        }
                        case "pitch" -> cents = Double.parseDouble(value);
                        case "tempo" -> tempo = Double.parseDouble(value);
                        default -> throw new IllegalArgumentException("unknown part '" + part + "'");
                    }
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("condition '" + name + "': want clean or parts joined by +: "
                            + "reverb-small|medium|large, pink-N|babble-N|music-N (dB SNR), pitch+C|pitch-C (cents), "
                            + "tempo-X (speed); " + e.getMessage());
                }
            }
            if (tempo <= 0.3 || tempo > 3 || Math.abs(cents) > 1200) {
                throw new IllegalArgumentException("condition '" + name + "': tempo in (0.3, 3], pitch within ±1200 cents");
            }
        }
        return new RoomCondition(name, room, noise, snr, cents, tempo);
    }

    /** How much faster the synthesised audio is played (pitch and formants × this). */
    double playbackSpeed() {
        return Math.pow(2, pitchCents / 1200);
    }

    /** flite's duration_stretch: the pace asked for, and room for the playback speed-up. */
    double durationStretch() {
        return playbackSpeed() / tempo;
    }
}
