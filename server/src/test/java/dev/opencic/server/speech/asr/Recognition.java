package dev.opencic.server.speech.asr;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Feeds PCM to a session in fixed-size chunks and keeps every update. */
final class Recognition {

    final List<RecognitionUpdate> updates = new ArrayList<>();
    RecognitionResult result;
    /** Bytes fed when end of speech was reported, or -1. */
    long endOfSpeechAtMillis = -1;
    long speechStartedAtMillis = -1;

    static Recognition run(SpeechRecognitionEngine engine, byte[] pcm, int chunkBytes) throws Exception {
        return run(engine, null, pcm, chunkBytes);
    }

    /** As from the device {@code channel} (null: unknown). */
    static Recognition run(SpeechRecognitionEngine engine, String channel, byte[] pcm, int chunkBytes) throws Exception {
        try (RecognitionSession s = engine.open("en", Duration.ofSeconds(30), channel).get()) {
            return run(s, pcm, chunkBytes);
        }
    }

    static Recognition run(RecognitionSession s, byte[] pcm, int chunkBytes) {
        Recognition r = new Recognition();
        for (int off = 0; off < pcm.length; off += chunkBytes) {
            RecognitionUpdate u = s.feed(Arrays.copyOfRange(pcm, off, Math.min(pcm.length, off + chunkBytes)));
            r.updates.add(u);
            if (u.endOfSpeech() && r.endOfSpeechAtMillis < 0) {
                r.endOfSpeechAtMillis = u.audioMillis();
            }
            if (u.speechStarted() && r.speechStartedAtMillis < 0) {
                r.speechStartedAtMillis = u.audioMillis();
            }
        }
        r.result = s.finish();
        return r;
    }

    /** Word error rate of {@code hyp} against {@code ref} (Levenshtein over words / reference length). */
    static double wer(String ref, String hyp) {
        String[] r = ref.isBlank() ? new String[0] : ref.trim().split("\\s+");
        String[] h = hyp.isBlank() ? new String[0] : hyp.trim().split("\\s+");
        int[][] d = new int[r.length + 1][h.length + 1];
        for (int i = 0; i <= r.length; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= h.length; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= r.length; i++) {
            for (int j = 1; j <= h.length; j++) {
                int sub = d[i - 1][j - 1] + (r[i - 1].equals(h[j - 1]) ? 0 : 1);
                d[i][j] = Math.min(sub, Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1));
            }
        }
        return r.length == 0 ? (h.length == 0 ? 0 : 1) : (double) d[r.length][h.length] / r.length;
    }

    static final int CHUNK_200MS = 6400;

    static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
