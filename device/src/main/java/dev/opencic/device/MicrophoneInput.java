package dev.opencic.device;

import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.TargetDataLine;

/**
 * The audio-in adapter for {@code listen}: a javax.sound {@link TargetDataLine} capturing 16 kHz
 * mono 16-bit little-endian, read in 200 ms blocks (reads block while the audio is captured).
 */
final class MicrophoneInput implements AudioStreamer.PcmSource, AutoCloseable {

    private final TargetDataLine line;

    private MicrophoneInput(TargetDataLine line) {
        this.line = line;
    }

    /** Opens and starts the default capture device, or fails with a one-line reason. */
    static MicrophoneInput open() throws DeviceException {
        DataLine.Info info = new DataLine.Info(TargetDataLine.class, WavReader.TARGET);
        if (!AudioSystem.isLineSupported(info)) {
            throw new DeviceException(DeviceException.FAILED,
                    "no audio capture device that records 16 kHz mono 16-bit (javax.sound found none); use 'ask FILE.wav'");
        }
        try {
            TargetDataLine line = (TargetDataLine) AudioSystem.getLine(info);
            line.open(WavReader.TARGET, WavReader.TARGET.getFrameSize() * 3200);
            line.start();
            return new MicrophoneInput(line);
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
            throw new DeviceException(DeviceException.FAILED, "cannot open the audio capture device: "
                    + DeviceException.oneLine(DeviceException.describe(e)));
        }
    }

    @Override
    public int read(byte[] buf, int off, int len) {
        if (!line.isOpen()) {
            return -1;
        }
        return line.read(buf, off, len - len % 2);
    }

    @Override
    public void close() {
        line.stop();
        line.close();
    }
}
