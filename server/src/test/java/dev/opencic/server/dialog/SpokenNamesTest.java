package dev.opencic.server.dialog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opencic.protocol.Directive;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A name the dictionary lacks, registered in the server's {@code asr-words} file, is heard in a spoken
 * memo over HTTP/2 and lands in the memo ({@code PersonalWordsRecognitionTest} shows the same sentence
 * is misheard without it).
 */
class SpokenNamesTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(1).asrWords(wordsFile()));

    static Path wordsFile() {
        try {
            Path file = Files.createTempFile("cic-words", ".txt");
            file.toFile().deleteOnExit();
            return Files.writeString(file, "# the household\nperson kwabena\nplace ravensworth\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aRegisteredPlaceIsHeardInASpokenMemo() throws Exception {
        byte[] speech = SpokenRequestTest.withSilence(SpokenRequestTest.speak("take a note that the parcel is at ravensworth"), 1500);
        try (TestDevice device = cic.newDevice()) {
            StreamedParts down = device.connect();
            TestDevice.StreamingEvent event = device.startEvent(SpokenRequestTest.recognize("dialog-name"));
            event.writeAudio(speech);
            event.finish();
            List<StreamedParts.Part> answer = event.response().rest();

            Directive stop = null;
            for (StreamedParts.Part p; stop == null && (p = down.poll(Duration.ofSeconds(5))) != null; ) {
                if (p.directive().name().equals("StopCapture")) {
                    stop = p.directive();
                }
            }
            assertThat(stop).as("StopCapture on the downchannel").isNotNull();
            assertThat(stop.payload().get("recognizedText").asText()).contains("ravensworth");
            List<Directive> directives = answer.stream().filter(StreamedParts.Part::isJson).map(StreamedParts.Part::directive).toList();
            assertThat(directives).filteredOn(d -> d.name().equals("RenderText")).singleElement()
                    .satisfies(d -> assertThat(d.payload().get("text").asText()).startsWith("I saved a memo: ").contains("ravensworth"));
            assertThat(directives).filteredOn(d -> d.name().equals("AddMemo")).singleElement()
                    .satisfies(d -> assertThat(d.payload().toString()).contains("ravensworth"));
        }
    }
}
