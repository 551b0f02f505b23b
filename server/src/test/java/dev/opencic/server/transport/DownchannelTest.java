package dev.opencic.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opencic.protocol.Directive;
import dev.opencic.server.api.DeviceIdentity;
import dev.opencic.server.api.Reply;
import dev.opencic.server.testing.CicServerExtension;
import dev.opencic.server.testing.StreamedParts;
import dev.opencic.server.testing.TestDevice;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DownchannelTest {

    @RegisterExtension
    static final CicServerExtension cic = new CicServerExtension();

    @Test
    void theFirstPartOfADownchannelIsClovaHello() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            StreamedParts down = device.openDownchannel();
            assertThat(down.status()).isEqualTo(200);
            assertThat(down.headers().get("content-type")).startsWith("multipart/related; boundary=");
            StreamedParts.Part hello = down.next();
            assertThat(hello.isJson()).isTrue();
            Directive d = hello.directive();
            assertThat(d.header().qualifiedName()).isEqualTo("Clova.Hello");
            assertThat(d.header().messageId()).isNotBlank();
            assertThat(d.dialogRequestId()).isNull();
            assertThat(down.whenEnded()).isNotDone();
        }
    }

    @Test
    void aDownchannelWithoutAValidTokenIs401WithSystemException() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            StreamedParts res = StreamedParts.read(device.client().get("/v1/directives"));
            assertThat(res.status()).isEqualTo(401);
            JsonNode exception = Json.of(res.next());
            assertThat(exception.at("/header/namespace").asText()).isEqualTo("System");
            assertThat(exception.at("/header/name").asText()).isEqualTo("Exception");
            assertThat(exception.at("/payload/code").asInt()).isEqualTo(401);
            assertThat(exception.at("/payload/description").asText()).contains("missing bearer");

            StreamedParts bad = StreamedParts.read(device.client().prepare().get("/v1/directives")
                    .header("authorization", "Bearer not-a-real-token").execute());
            assertThat(bad.status()).isEqualTo(401);
            assertThat(Json.of(bad.next()).at("/payload/description").asText()).contains("invalid");
        }
    }

    @Test
    void aNewDownchannelClosesThePreviousOne() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            StreamedParts first = device.connect();
            StreamedParts second = device.connect();
            first.whenEnded().get(5, java.util.concurrent.TimeUnit.SECONDS); // closed cleanly by the server
            assertThat(second.whenEnded()).isNotDone();

            DeviceIdentity id = identity(device);
            assertThat(cic.server().pusher().push(id, Reply.of(renderText("still here"))).join()).isTrue();
            assertThat(second.next().directive().payload().get("text").asText()).isEqualTo("still here");
        }
    }

    @Test
    void moreThanTwoOpensInAShortWindowGet429() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            assertThat(device.openDownchannel().status()).isEqualTo(200);
            assertThat(device.openDownchannel().status()).isEqualTo(200);
            StreamedParts third = device.openDownchannel();
            assertThat(third.status()).isEqualTo(429);
            assertThat(Json.of(third.next()).at("/payload/code").asInt()).isEqualTo(429);
            // the open one survives the refused attempt
            assertThat(cic.server().downchannels().isOpen(identity(device))).isTrue();
        }
    }

    @Test
    void aPushedDirectiveReachesOnlyItsDevice() throws Exception {
        try (TestDevice a = cic.newDevice(); TestDevice b = cic.newDevice()) {
            StreamedParts downA = a.connect();
            StreamedParts downB = b.connect();
            boolean delivered = cic.server().pusher().push(identity(a), Reply.of(renderText("for a only"))).join();
            assertThat(delivered).isTrue();
            assertThat(downA.next().directive().payload().get("text").asText()).isEqualTo("for a only");
            assertThat(downB.poll(Duration.ofMillis(500))).isNull();
        }
    }

    @Test
    void pushingToADeviceWithoutDownchannelReportsNotDelivered() throws Exception {
        try (TestDevice device = cic.newDevice()) {
            StreamedParts down = device.connect();
            DeviceIdentity id = identity(device);
            device.close(); // the connection goes away with the device
            await().atMost(Duration.ofSeconds(5)).until(() -> !cic.server().downchannels().isOpen(id));
            assertThat(cic.server().pusher().push(id, Reply.of(renderText("lost?"))).join()).isFalse();
            assertThat(down.whenEnded()).isCompletedExceptionally();
        }
    }

    static Directive renderText(String text) {
        return Directive.of(new dev.opencic.protocol.payload.Clova.RenderText(text));
    }

    static DeviceIdentity identity(TestDevice device) {
        return cic.server().auth().tokens().verify(device.accessToken()).join().orElseThrow();
    }
}
