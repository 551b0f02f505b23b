package dev.opencic.server.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.jna.NativeLibrary;
import dev.opencic.server.speech.internal.LameLibrary;
import dev.opencic.server.speech.internal.SpeechNatives;
import dev.opencic.server.testing.Engines;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs the real engine: needs Debian's libflite1 and libmp3lame0 (and the lame CLI for one test). */
class FliteLameEngineTest {

    /** In libflite1, used by no voice and never loaded by the engine. */
    private static final String UNUSED_LIBRARY = "libflite_cmu_grapheme_lex.so";
    private static final String SENTENCE = "The quick brown fox jumps over the lazy dog near the river.";

    private static FliteLameEngine engine;

    @BeforeAll
    static void createEngine() {
        engine = FliteLameEngine.create();
        assertThat(engine.isAvailable()).as(engine.unavailableReason()).isTrue();
    }

    @AfterAll
    static void closeEngine() {
        engine.close();
    }

    private static byte[] synthesize(SpeechSynthesisEngine e, String text) throws SpeechSynthesisException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        e.synthesize(text, "en", mp3 -> out.write(mp3, 0, mp3.length));
        return out.toByteArray();
    }

    @Test
    void theDefaultEngineSpeaksEnglishWithSltAt16KhzAnd48Kbps() {
        assertThat(engine.name()).isEqualTo("flite");
        assertThat(engine.languages()).containsExactly("en");
        assertThat(engine.voice()).isEqualTo("slt");
        assertThat(engine.sampleRate()).isEqualTo(16000);
        assertThat(engine.bitrateKbps()).isEqualTo(48);
        assertThat(engine.unavailableReason()).isEmpty();
    }

    @Test
    void aSentenceBecomesAnMp3StreamOfFramesWithAPlausibleDuration() throws Exception {
        byte[] mp3 = synthesize(engine, SENTENCE);

        assertThat(mp3).isNotEmpty();
        assertThat(Mp3Frames.startsWithFrameSync(mp3)).as("starts with an MPEG frame sync, no ID3 tag").isTrue();
        Mp3Frames frames = Mp3Frames.parse(mp3);
        assertThat(frames.sampleRate).isEqualTo(16000);
        assertThat(frames.bitrateKbps).isEqualTo(48);
        // ten words of speech: about 3.6 s with flite's pauses and LAME's padding
        assertThat(frames.seconds()).isBetween(2.0, 6.0);
    }

    @Test
    void theMp3DecodesBackToSpeechOfTheSameLength(@TempDir Path dir) throws Exception {
        Engines.requireLame();
        Path mp3 = dir.resolve("speech.mp3");
        Path wav = dir.resolve("speech.wav");
        Files.write(mp3, synthesize(engine, SENTENCE));

        Process p = new ProcessBuilder("lame", "--quiet", "--decode", mp3.toString(), wav.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();

        short[] pcm = wavSamples(Files.readAllBytes(wav));
        double seconds = pcm.length / 16000.0;
        assertThat(seconds).isBetween(2.0, 6.0);
        assertThat(rms(pcm)).as("speech, not silence").isGreaterThan(1000);
    }

    @Test
    void severalSentencesArriveInSeveralWritesTheFirstLongBeforeTheEnd() throws Exception {
        String text = "Good morning. It is sunny in Seoul today, with a high of twenty three degrees! "
                + "Do you want me to read your reminders? You have two; the first is at nine.";
        List<Long> writeTimes = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long start = System.nanoTime();
        engine.synthesize(text, "en", mp3 -> {
            writeTimes.add(System.nanoTime());
            out.write(mp3, 0, mp3.length);
        });
        long end = System.nanoTime();

        assertThat(writeTimes).hasSizeGreaterThan(1);
        long first = writeTimes.get(0) - start;
        assertThat(first).as("first write after %.1f ms of %.1f ms", first / 1e6, (end - start) / 1e6)
                .isLessThan((end - start) / 4);
        Mp3Frames frames = Mp3Frames.parse(out.toByteArray());
        assertThat(frames.seconds()).isBetween(8.0, 20.0);
    }

    @Test
    void anUnsupportedLanguageIsRejectedAsSuch() {
        assertThatThrownBy(() -> engine.synthesize("안녕하세요", "ko", mp3 -> {}))
                .isInstanceOfSatisfying(SpeechSynthesisException.class, e -> {
                    assertThat(e.isUnsupportedLanguage()).isTrue();
                    assertThat(e.isBadRequest()).isTrue();
                    assertThat(e.kind()).isEqualTo(SpeechSynthesisException.Kind.UNSUPPORTED_LANGUAGE);
                })
                .hasMessage("lang 'ko' is not supported; supported: en");
    }

    @Test
    void blankTextIsABadRequestNotAnUnsupportedLanguage() {
        assertThatThrownBy(() -> engine.synthesize(" \n\t\u0007 ", "en", mp3 -> {}))
                .isInstanceOfSatisfying(SpeechSynthesisException.class, e -> {
                    assertThat(e.isUnsupportedLanguage()).isFalse();
                    assertThat(e.kind()).isEqualTo(SpeechSynthesisException.Kind.BAD_INPUT);
                })
                .hasMessageContaining("blank");
    }

    @Test
    void controlCharactersAndOddWhitespaceStillGiveValidMp3() throws Exception {
        byte[] mp3 = synthesize(engine, "\u0000Turn\u0007 the\r\n\r\n   lights \t off\u200B.\u001b");
        assertThat(Mp3Frames.parse(mp3).seconds()).isBetween(0.5, 4.0);
    }

    @Test
    void anUnknownVoiceMakesTheEngineUnavailableWithAClearReason() {
        FliteLameEngine[] bogus = new FliteLameEngine[1];
        assertThatCode(() -> bogus[0] = FliteLameEngine.create("no_such_voice", 48)).doesNotThrowAnyException();

        assertThat(bogus[0].isAvailable()).isFalse();
        assertThat(bogus[0].unavailableReason())
                .isEqualTo("unknown flite voice 'no_such_voice'; installed voices: slt, rms, awb, kal16, kal");
        assertThatThrownBy(() -> bogus[0].synthesize(SENTENCE, "en", mp3 -> {}))
                .isInstanceOfSatisfying(SpeechSynthesisException.class, e -> {
                    assertThat(e.kind()).isEqualTo(SpeechSynthesisException.Kind.UNAVAILABLE);
                    assertThat(e.isUnsupportedLanguage()).isFalse();
                })
                .hasMessage(bogus[0].unavailableReason());
    }

    @Test
    void aMissingLibraryIsReportedWithTheCommandThatInstallsIt() {
        SpeechNatives.Loaded<LameLibrary> missing =
                SpeechNatives.load("libmp3lame.so.999", LameLibrary.class, "libmp3lame0");

        assertThat(missing.isLoaded()).isFalse();
        assertThat(missing.failure())
                .isEqualTo("libmp3lame0 is not installed: run `apt-get install -y libflite1 libmp3lame0`");
    }

    @Test
    void voicesKeepWorkingAfterGarbageCollection() throws Exception {
        // JNA unloads a library whose NativeLibrary object is collected; a registered voice must not be
        SpeechNatives.installedVoices();
        FliteLameEngine.create("kal16", 48);
        // a flite library nothing uses or pins: once it is unmapped, JNA has unloaded what it collected
        NativeLibrary unused = NativeLibrary.getInstance(UNUSED_LIBRARY + ".1");
        assertThat(mapped(UNUSED_LIBRARY)).as("loaded").isTrue();
        unused = null;
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            System.gc();
            return !mapped(UNUSED_LIBRARY);
        });
        assertThat(Mp3Frames.parse(synthesize(engine, SENTENCE)).seconds()).isBetween(2.0, 6.0);
        assertThat(Mp3Frames.parse(synthesize(FliteLameEngine.create("kal16", 48), SENTENCE)).frames).isPositive();
    }

    @Test
    void aClosedEngineRefusesToSynthesise() {
        FliteLameEngine closing = FliteLameEngine.create();
        closing.close();

        assertThat(closing.isAvailable()).isFalse();
        assertThatThrownBy(() -> closing.synthesize(SENTENCE, "en", mp3 -> {}))
                .isInstanceOf(SpeechSynthesisException.class).hasMessageContaining("closed");
        assertThat(engine.isAvailable()).as("other engines on the same voice are unaffected").isTrue();
    }

    @Test
    void aFailingSinkStopsSynthesisWithAnEngineFault() {
        assertThatThrownBy(() -> engine.synthesize(SENTENCE + " And another one.", "en", mp3 -> {
                    throw new IllegalStateException("client went away");
                }))
                .isInstanceOfSatisfying(SpeechSynthesisException.class,
                        e -> assertThat(e.kind()).isEqualTo(SpeechSynthesisException.Kind.FAILED))
                .hasMessageContaining("client went away");
        assertThatCode(() -> synthesize(engine, SENTENCE)).as("the engine still works").doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"rms", "awb", "kal16", "kal"})
    void everyDebianVoiceGivesMp3AtItsOwnSampleRate(String voice) throws Exception {
        FliteLameEngine other = FliteLameEngine.create(voice, 32);
        assertThat(other.isAvailable()).as(other.unavailableReason()).isTrue();

        Mp3Frames frames = Mp3Frames.parse(synthesize(other, SENTENCE));

        assertThat(frames.sampleRate).isEqualTo(voice.equals("kal") ? 8000 : 16000).isEqualTo(other.sampleRate());
        assertThat(frames.bitrateKbps).isEqualTo(32);
        assertThat(frames.seconds()).isBetween(2.0, 6.0);
    }

    @Test
    void fourThreadsSynthesisingAtOnceAllGetValidMp3() throws Exception {
        String[] texts = {
            SENTENCE,
            "Set a timer for ten minutes. Done.",
            "Your next meeting is at three thirty, in room four.",
            "Playing music by The Beatles! Enjoy.",
        };
        byte[][] alone = new byte[texts.length][];
        for (int i = 0; i < texts.length; i++) {
            alone[i] = synthesize(engine, texts[i]);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<byte[]>> results = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (String text : texts) {
                    Callable<byte[]> task = () -> {
                        go.await();
                        return synthesize(engine, text);
                    };
                    results.add(pool.submit(task));
                }
            }
            go.countDown();
            for (int i = 0; i < results.size(); i++) {
                byte[] mp3 = results.get(i).get(60, TimeUnit.SECONDS);
                assertThat(Mp3Frames.startsWithFrameSync(mp3)).isTrue();
                assertThat(Mp3Frames.parse(mp3).seconds()).isGreaterThan(1.0);
                // flite's excitation noise is random, so bytes differ run to run, but durations do not:
                // a stream mixed up with another text's would have a different length
                assertThat(Mp3Frames.parse(mp3).frames).as("text %d", i % texts.length)
                        .isEqualTo(Mp3Frames.parse(alone[i % texts.length]).frames);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Whether this process has mapped a library whose file name starts with {@code name}. */
    private static boolean mapped(String name) throws IOException {
        return Files.readString(Path.of("/proc/self/maps")).contains("/" + name);
    }

    private static short[] wavSamples(byte[] wav) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        int pos = 12;
        while (pos + 8 <= wav.length) {
            int id = b.getInt(pos);
            int size = b.getInt(pos + 4);
            if (id == 0x61746164) { // "data"
                int n = Math.min(size, wav.length - pos - 8) / 2;
                short[] pcm = new short[n];
                b.position(pos + 8);
                b.asShortBuffer().get(pcm);
                return pcm;
            }
            pos += 8 + size + (size & 1);
        }
        throw new IOException("no data chunk in WAV");
    }

    private static double rms(short[] pcm) {
        double sum = 0;
        for (short s : pcm) {
            sum += (double) s * s;
        }
        return Math.sqrt(sum / Math.max(1, pcm.length));
    }
}
