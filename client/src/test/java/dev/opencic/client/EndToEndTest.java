package dev.opencic.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.opencic.client.agent.AudioOutput;
import dev.opencic.client.agent.ClovaAgent;
import dev.opencic.client.agent.SpeechRecognizerAgent;
import dev.opencic.client.agent.SpeechSynthesizerAgent;
import dev.opencic.protocol.Directive;
import dev.opencic.protocol.payload.RawPayload;
import dev.opencic.protocol.payload.SpeechRecognizer;
import dev.opencic.protocol.payload.SpeechSynthesizer.Speak;
import dev.opencic.server.api.Reply;
import dev.opencic.server.speech.SpeechTokens;
import dev.opencic.server.testing.CicServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A text request and cloud pushes through the whole SDK, against the real server over h2c. */
class EndToEndTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension();

    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<byte[]> played = new CopyOnWriteArrayList<>();

    final AudioOutput speaker = (audio, format, token) -> {
        calls.add("Speak " + format);
        played.add(audio.bytes());
    };

    final ClovaAgent clova = new ClovaAgent() {
        @Override
        protected void onHello(ReceivedDirective d, AgentHost client) {
            calls.add("Hello " + d.source());
        }

        @Override
        protected void onRenderText(ReceivedDirective d, AgentHost client) {
            calls.add("RenderText " + PayloadJson.of(d).path("text").asText());
        }
    };

    @Test
    void aTextRequestIsSpokenThenShownAndThePlaybackIsReportedToTheServer() throws Exception {
        RecordingDirectiveListener listener = new RecordingDirectiveListener();
        try (CicClient client = Clients.started(cic, b -> b.agent(new SpeechSynthesizerAgent(speaker)).agent(clova)
                .directiveListener(listener))) {
            await().atMost(Duration.ofSeconds(5)).until(() -> calls.contains("Hello DOWNCHANNEL"));

            EventResponse response = client.recognizeText("what time is it").get(20, TimeUnit.SECONDS);
            response.processed().get(10, TimeUnit.SECONDS);

            assertThat(response.directives()).extracting(d -> d.header().qualifiedName())
                    .containsExactly("SpeechSynthesizer.Speak", "Clova.RenderText");
            assertThat(calls.subList(1, calls.size())).hasSize(2);
            assertThat(calls.get(1)).isEqualTo("Speak AUDIO_MPEG");
            assertThat(calls.get(2)).startsWith("RenderText ");
            byte[] mp3 = played.get(0);
            assertThat(mp3.length).isGreaterThan(1000);
            assertThat(isMp3(mp3)).as("MP3 frame sync or ID3 tag").isTrue();

            String token = response.directives().get(0).payload(Speak.class).token();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                    cic.server().speechTokens().find(token).orElseThrow().reports())
                    .extracting(SpeechTokens.Report::state).containsExactly("SpeechStarted", "SpeechFinished"));
            assertThat(listener.events).contains("directive SpeechSynthesizer.Speak", "directive Clova.RenderText");
        }
    }

    @Test
    void aDirectivePushedOnTheDownchannelReachesItsAgent() throws Exception {
        try (CicClient client = Clients.started(cic, b -> b.agent(clova))) {
            await().atMost(Duration.ofSeconds(5)).until(() -> calls.contains("Hello DOWNCHANNEL"));
            Directive d = Directive.of(new dev.opencic.protocol.payload.Clova.RenderText("pushed by the cloud"));

            boolean written = cic.server().pusher().push(Clients.identity(cic, client), Reply.of(d))
                    .get(5, TimeUnit.SECONDS);

            assertThat(written).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> calls.contains("RenderText pushed by the cloud"));
        }
    }

    @Test
    void aDirectiveNoAgentHandlesIsReportedAndTheClientGoesOn() throws Exception {
        RecordingDirectiveListener listener = new RecordingDirectiveListener();
        try (CicClient client = Clients.started(cic, b -> b.agent(clova).directiveListener(listener))) {
            var identity = Clients.identity(cic, client);
            cic.server().pusher().push(identity, Reply.of(Directive.of("Unknown", "Thing", null))).get(5, TimeUnit.SECONDS);
            Directive d = Directive.of(new dev.opencic.protocol.payload.Clova.RenderText("after"));
            cic.server().pusher().push(identity, Reply.of(d)).get(5, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(5)).until(() -> calls.contains("RenderText after"));
            assertThat(listener.events).contains("unhandled Unknown.Thing");
        }
    }

    @Test
    void anErrorStatusFailsTheEventWithTheServersSystemException() throws Exception {
        try (CicClient client = Clients.started(cic, b -> {})) {
            var future = client.send("Nope", "Nothing", new RawPayload("{}"));
            assertThat(future).failsWithin(Duration.ofSeconds(10)).withThrowableThat()
                    .havingCause().isInstanceOfSatisfying(CicException.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(400);
                        assertThat(e.code()).isEqualTo(400);
                        assertThat(e.description()).isNotBlank();
                    });
        }
    }

    @Test
    void speechStreamedThroughTheSdkIsRecognisedWithPartialsAndStopCaptureThenAnswered() throws Exception {
        byte[] pcm = speech("what time is it", 2000);
        List<String> recognizer = new CopyOnWriteArrayList<>();
        SpeechRecognizerAgent agent = new SpeechRecognizerAgent() {
            @Override
            protected void onShowRecognizedText(ReceivedDirective d, AgentHost client) {
                recognizer.add("partial " + PayloadJson.of(d).path("text").asText());
            }

            @Override
            protected void onStopCapture(ReceivedDirective d, AgentHost client) {
                recognizer.add("stop " + PayloadJson.of(d).path("recognizedText").asText());
            }
        };
        try (CicClient client = Clients.started(cic, b -> b.agent(new SpeechSynthesizerAgent(speaker)).agent(clova)
                .agent(agent))) {
            AudioSink sink = client.startRecognize();
            try {
                for (int off = 0; off < pcm.length && recognizer.stream().noneMatch(e -> e.startsWith("stop"));
                        off += AudioSink.CHUNK_BYTES) {
                    sink.write(java.util.Arrays.copyOfRange(pcm, off, Math.min(pcm.length, off + AudioSink.CHUNK_BYTES)));
                    Thread.sleep(200); // a microphone's pace
                }
                sink.close();
            } catch (java.io.IOException answeredAlready) {
                // the server may answer (and end the stream) as soon as it has heard enough
            }
            EventResponse response = sink.response().get(20, TimeUnit.SECONDS);
            response.processed().get(10, TimeUnit.SECONDS);
            assertThat(recognizer).anyMatch(e -> e.startsWith("partial "));
            assertThat(recognizer).contains("stop what time is it");
            assertThat(response.directives()).extracting(d -> d.header().qualifiedName())
                    .containsExactly("SpeechSynthesizer.Speak", "Clova.RenderText");
            assertThat(calls).anyMatch(c -> c.startsWith("RenderText It's "));
        }
    }

    @Test
    void aSpokenRequestTheServerRefusesFailsWithItsStatus() throws Exception {
        try (CicClient client = Clients.started(cic, b -> {})) {
            AudioSink sink = client.startRecognize(
                    new SpeechRecognizer.Recognize("ko", null, null, null, null));
            try {
                for (int i = 0; i < 5 && !sink.response().isDone(); i++) {
                    sink.write(new byte[AudioSink.CHUNK_BYTES]);
                    Thread.sleep(100);
                }
                sink.close();
            } catch (java.io.IOException expected) {
                // the server may answer (and end the stream) before the audio is complete
            }
            assertThat(sink.response()).failsWithin(Duration.ofSeconds(10)).withThrowableThat()
                    .havingCause().isInstanceOfSatisfying(CicException.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(400);
                        assertThat(e.description()).contains("supported: en");
                    });
        }
    }

    /** 16 kHz mono 16-bit PCM of flite's slt voice saying the text, then silence. */
    static byte[] speech(String text, int silenceMillis) throws Exception {
        byte[] pcm = dev.opencic.server.testing.SpokenRequests.pcm("slt", text);
        byte[] out = new byte[16000 + pcm.length + 32 * silenceMillis];
        System.arraycopy(pcm, 0, out, 16000, pcm.length);
        return out;
    }

    static boolean isMp3(byte[] b) {
        return (b[0] == 'I' && b[1] == 'D' && b[2] == '3') || ((b[0] & 0xFF) == 0xFF && (b[1] & 0xE0) == 0xE0);
    }
}
