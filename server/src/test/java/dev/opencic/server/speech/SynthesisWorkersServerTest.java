package dev.opencic.server.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opencic.protocol.Directive;
import dev.opencic.server.speech.internal.SpeechNatives;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.Engines;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A real server with {@code tts-parallelism} 3 over real HTTP/2: concurrent Speak requests are
 * answered with their own valid MP3 while the flite workers run, and stopping the server leaves no
 * worker process behind.
 */
class SynthesisWorkersServerTest {

    @Test
    void concurrentRequestsGetTheirOwnMp3FromTheWorkersAndStoppingTheServerEndsThem() throws Exception {
        Engines.require(SpeechNatives.flite().isLoaded() && SpeechNatives.lame().isLoaded(),
                "libflite or libmp3lame cannot be loaded", Engines.FLITE_PACKAGES + " libmp3lame0");
        CicServerExtension cic = new CicServerExtension(b -> b.ttsParallelism(3).asrPoolSize(0));
        cic.start();
        List<Long> workers;
        ExecutorService devices = Executors.newFixedThreadPool(6);
        try {
            FliteLameEngine engine = (FliteLameEngine) cic.server().tts();
            assertThat(engine.parallelism()).isEqualTo(3);
            List<TestDevice> connected = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                TestDevice d = cic.newDevice();
                d.connect();
                connected.add(d);
            }
            for (int round = 0; round < 3; round++) { // the first round starts the workers
                CountDownLatch go = new CountDownLatch(1);
                List<Future<List<StreamedParts.Part>>> answers = new ArrayList<>();
                for (int i = 0; i < connected.size(); i++) {
                    TestDevice d = connected.get(i);
                    String text = "Answer " + round + " for device number " + i + ". It has two sentences.";
                    answers.add(devices.submit(() -> {
                        go.await();
                        return d.send("SpeechSynthesizer", "Request", "d-" + text.hashCode(),
                                TestDevice.payload().put("text", text).put("lang", "en")).rest();
                    }));
                }
                go.countDown();
                for (int i = 0; i < answers.size(); i++) {
                    List<StreamedParts.Part> parts = answers.get(i).get(120, TimeUnit.SECONDS);
                    Directive speak = parts.get(0).directive();
                    assertThat(speak.payload().get("ttsText").asText()).contains("device number " + i + ".");
                    byte[] mp3 = parts.get(1).body();
                    assertThat(Mp3Frames.startsWithFrameSync(mp3)).isTrue();
                    assertThat(Mp3Frames.parse(mp3).seconds()).isBetween(2.0, 8.0);
                }
                if (round == 0) {
                    await().atMost(Duration.ofSeconds(90)).until(() -> engine.workerPids().size() == 2);
                }
            }
            workers = engine.workerPids();
            assertThat(workers).hasSize(2);
            connected.forEach(TestDevice::close);
        } finally {
            devices.shutdownNow();
            cic.afterAll(null); // stops the server and deletes its data directory
        }
        for (long pid : workers) {
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("worker %d after stop", pid).isEmpty();
        }
    }
}
