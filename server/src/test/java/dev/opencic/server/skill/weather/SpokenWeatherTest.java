package dev.opencic.server.skill.weather;

import static dev.opencic.server.skill.SkillTestSupport.names;
import static dev.opencic.server.skill.SkillTestSupport.words;
import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;
import dev.opencic.protocol.ContextObject;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.Event;
import dev.opencic.protocol.Header;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.MessageIds;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Weather and volume by voice: flite says the request, the server's recogniser hears it over HTTP/2,
 * and the answer is the same as by text. Skipped where flite is not installed.
 */
class SpokenWeatherTest {

    @RegisterExtension
    @Order(1)
    static final ServerExtension openMeteo = new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) {
            sb.http(0);
            sb.service("/v1/forecast", (ctx, req) -> WeatherTest.json(HttpStatus.OK, WeatherTest.fixture("forecast-berlin.json")));
            sb.service("/v1/search", (ctx, req) -> WeatherTest.json(HttpStatus.OK, WeatherTest.fixture(
                    ctx.queryParam("name").equalsIgnoreCase("berlin") ? "search-berlin.json" : "search-nothing.json")));
        }
    };

    @RegisterExtension
    @Order(2)
    static final CicServerExtension cic = new CicServerExtension(b -> b.asrPoolSize(1)
            .weatherForecastUrl(openMeteo.httpUri().resolve("/v1/forecast").toString())
            .weatherGeocodingUrl(openMeteo.httpUri().resolve("/v1/search").toString()));


    @Test
    void aSpokenWeatherQuestionForANamedCityIsAnsweredForThatCity() throws Exception {
        List<Directive> ds = speak("what's the weather in berlin");
        assertThat(words(ds)).startsWith("Right now in Berlin it's 6 degrees");
        assertThat(names(ds)).contains("Clova.RenderTemplate");
    }

    @Test
    void aSpokenVolumeRequestIsADirective() throws Exception {
        assertThat(names(speak("turn the volume down"))).contains("PlaybackController.VolumeDown")
                .doesNotContain("SpeechSynthesizer.Speak");
    }

    List<Directive> speak(String text, ContextObject... context) throws Exception {
        byte[] pcm = flite(text);
        try (TestDevice device = cic.newDevice()) {
            device.connect();
            Event e = new Event(Header.of("SpeechRecognizer", "Recognize", MessageIds.newId()),
                    TestDevice.payload().put("lang", "en").put("profile", "CLOSE_TALK")
                            .put("format", "AUDIO_L16_RATE_16000_CHANNELS_1"), List.of(context));
            byte[] audio = new byte[32 * 300 + pcm.length + 32 * 1500]; // silence around the words
            System.arraycopy(pcm, 0, audio, 32 * 300, pcm.length);
            StreamedParts reply = device.sendRaw(TestDevice.multipartBody(TestDevice.BOUNDARY,
                    MessageCodec.writeEvent(e), audio), "multipart/form-data; boundary=" + TestDevice.BOUNDARY);
            assertThat(reply.status()).isEqualTo(200);
            return reply.directives();
        }
    }

    /** 16 kHz mono 16-bit PCM of flite's slt voice. */
    static byte[] flite(String text) throws Exception {
        return dev.opencic.server.testing.SpokenRequests.pcm("slt", text);
    }
}
