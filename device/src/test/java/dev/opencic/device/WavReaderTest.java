package dev.opencic.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WAV files of other formats become 16 kHz mono 16-bit little-endian; unusable files are refused in one line. */
class WavReaderTest {

    @TempDir
    Path tmp;

    @Test
    void a44kHzStereo16BitFileBecomes16kHzMonoWithItsPitchAndLoudnessKept() throws Exception {
        byte[] data = Wav.pcm(44100, 2, 16, 1.0, Wav.sine(440, 44100, 0.5));
        Path f = Wav.write(tmp.resolve("a.wav"), Wav.file(Wav.PCM, 44100, 2, 16, data));

        WavReader.Pcm pcm = WavReader.read(f);

        assertThat(pcm.data().length).isCloseTo(32000, within(4));
        int[] s = Wav.samples(pcm.data());
        assertThat(Wav.frequency(s, 16000)).isCloseTo(440, within(5.0));
        assertThat(Wav.peak(s)).isCloseTo(16384, within(800));
        assertThat(pcm.describeSource()).isEqualTo("44.1 kHz stereo 16-bit pcm signed");
        assertThat(pcm.warnings()).isEmpty();
        assertThat(pcm.durationMillis()).isCloseTo(1000, within(2L));
    }

    @Test
    void stereoChannelsAreAveraged() throws Exception {
        // left a full-scale square-ish constant, right silent: the mix is half
        byte[] data = new byte[16000 * 4];
        for (int i = 0; i < 16000; i++) {
            data[4 * i] = 0x00;
            data[4 * i + 1] = 0x40; // left = 16384
        }
        Path f = Wav.write(tmp.resolve("lr.wav"), Wav.file(Wav.PCM, 16000, 2, 16, data));

        int[] s = Wav.samples(WavReader.read(f).data());

        assertThat(s).hasSize(16000);
        assertThat(s[100]).isCloseTo(8192, within(2));
    }

    @Test
    void a16kHzMono16BitFileIsPassedThroughUnchanged() throws Exception {
        byte[] data = Wav.pcm(16000, 1, 16, 0.5, Wav.sine(300, 16000, 0.3));
        Path f = Wav.write(tmp.resolve("same.wav"), Wav.file(Wav.PCM, 16000, 1, 16, data));

        assertThat(WavReader.read(f).data()).isEqualTo(data);
    }

    @Test
    void an8BitUnsignedFileIsConverted() throws Exception {
        byte[] data = Wav.pcm(16000, 1, 8, 0.5, Wav.sine(500, 16000, 0.5));
        Path f = Wav.write(tmp.resolve("u8.wav"), Wav.file(Wav.PCM, 16000, 1, 8, data));

        int[] s = Wav.samples(WavReader.read(f).data());

        assertThat(s).hasSize(8000);
        assertThat(Wav.frequency(s, 16000)).isCloseTo(500, within(5.0));
        assertThat(Wav.peak(s)).isCloseTo(16384, within(400));
    }

    @Test
    void a24BitFileIsConverted() throws Exception {
        byte[] data = Wav.pcm(48000, 1, 24, 0.5, Wav.sine(1000, 48000, 0.25));
        Path f = Wav.write(tmp.resolve("s24.wav"), Wav.file(Wav.PCM, 48000, 1, 24, data));

        int[] s = Wav.samples(WavReader.read(f).data());

        assertThat(s).hasSize(8000);
        assertThat(Wav.frequency(s, 16000)).isCloseTo(1000, within(10.0));
        assertThat(Wav.peak(s)).isBetween(7000, 8300); // the low-pass takes a little off 1 kHz
    }

    @Test
    void a32BitFloatFileIsConverted() throws Exception {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(22050 * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 22050; i++) {
            b.putFloat((float) (0.5 * Math.sin(2 * Math.PI * 200 * i / 22050.0)));
        }
        Path f = Wav.write(tmp.resolve("f32.wav"), Wav.file(Wav.FLOAT, 22050, 1, 32, b.array()));

        int[] s = Wav.samples(WavReader.read(f).data());

        assertThat(s.length).isCloseTo(16000, within(2));
        assertThat(Wav.frequency(s, 16000)).isCloseTo(200, within(3.0));
        assertThat(Wav.peak(s)).isCloseTo(16384, within(300));
    }

    @Test
    void an8kHzFileIsUpsampledWithAWarning() throws Exception {
        byte[] data = Wav.pcm(8000, 1, 16, 1.0, Wav.sine(400, 8000, 0.5));
        Path f = Wav.write(tmp.resolve("tel.wav"), Wav.file(Wav.PCM, 8000, 1, 16, data));

        WavReader.Pcm pcm = WavReader.read(f);

        assertThat(pcm.data().length).isCloseTo(32000, within(4));
        assertThat(Wav.frequency(Wav.samples(pcm.data()), 16000)).isCloseTo(400, within(5.0));
        assertThat(pcm.warnings()).singleElement().asString().contains("8 kHz");
    }

    @Test
    void aCompressedWavIsRefusedInOneLine() {
        // format 0x0055 is MPEG layer 3 in a WAV container
        Path f = Wav.write(tmp.resolve("mp3.wav"), Wav.file(0x55, 16000, 1, 16, new byte[3200]));

        assertThatThrownBy(() -> WavReader.read(f))
                .isInstanceOf(WavReader.UnsupportedAudioException.class)
                .hasMessageStartingWith(f + ": ")
                .hasMessageContaining("PCM")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aFileThatIsNotAudioIsRefusedInOneLine() {
        Path f = Wav.write(tmp.resolve("garbage.wav"), "this is not a wav file, just some text\n".repeat(50).getBytes());

        assertThatThrownBy(() -> WavReader.read(f))
                .isInstanceOf(WavReader.UnsupportedAudioException.class)
                .hasMessage(f + ": not a WAV file with PCM audio (javax.sound cannot read it: File of unsupported format)");
    }

    @Test
    void aMissingFileIsRefusedInOneLine() {
        Path f = tmp.resolve("nope.wav");

        assertThatThrownBy(() -> WavReader.read(f)).hasMessage(f + ": no such file");
    }
}
