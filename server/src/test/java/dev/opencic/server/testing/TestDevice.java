package dev.opencic.server.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpRequestWriter;
import com.linecorp.armeria.common.RequestHeaders;
import dev.opencic.protocol.Event;
import dev.opencic.protocol.Header;
import dev.opencic.protocol.MessageCodec;
import dev.opencic.protocol.MessageIds;
import dev.opencic.protocol.multipart.MultipartWriter;
import dev.opencic.protocol.multipart.PartHeaders;
import java.time.Duration;
import java.util.List;

/**
 * A device in a test: its own HTTP/2 (h2c, prior knowledge) connection, its access token, and
 * helpers to open the downchannel and send events as real multipart bodies.
 */
public final class TestDevice implements AutoCloseable {

    private final String deviceId;
    private final String accessToken;
    private final ClientFactory factory;
    private final WebClient client;

    public TestDevice(String uri, String deviceId, String accessToken) {
        this.deviceId = deviceId;
        this.accessToken = accessToken;
        this.factory = ClientFactory.builder().idleTimeout(Duration.ofMinutes(5)).build();
        this.client = WebClient.builder(uri).factory(factory).responseTimeout(Duration.ZERO)
                .maxResponseLength(0).build();
    }

    public String deviceId() {
        return deviceId;
    }

    public String accessToken() {
        return accessToken;
    }

    public WebClient client() {
        return client;
    }

    public StreamedParts openDownchannel() throws Exception {
        return StreamedParts.read(client.execute(RequestHeaders.of(HttpMethod.GET, "/v1/directives",
                "authorization", "Bearer " + accessToken)));
    }

    /** Opens the downchannel and consumes its {@code Clova.Hello}. */
    public StreamedParts connect() throws Exception {
        StreamedParts d = openDownchannel();
        if (d.status() != 200) {
            throw new AssertionError("downchannel status " + d.status());
        }
        d.next();
        return d;
    }

    public static byte[] metadata(String namespace, String name, String dialogRequestId, ObjectNode payload) {
        return MessageCodec.writeEvent(new Event(new Header(namespace, name, MessageIds.newId(), dialogRequestId),
                payload, List.of()));
    }

    public static ObjectNode payload() {
        return MessageCodec.mapper().createObjectNode();
    }

    /** Sends an event whose whole body is known up front. */
    public StreamedParts send(byte[] metadataJson) throws Exception {
        return sendRaw(multipartBody(BOUNDARY, metadataJson, null), "multipart/form-data; boundary=" + BOUNDARY);
    }

    public StreamedParts send(String namespace, String name, String dialogRequestId, ObjectNode payload)
            throws Exception {
        return send(metadata(namespace, name, dialogRequestId, payload));
    }

    public StreamedParts sendRaw(byte[] body, String contentType) throws Exception {
        RequestHeaders headers = RequestHeaders.builder(HttpMethod.POST, "/v1/events")
                .add("authorization", "Bearer " + accessToken)
                .add("content-type", contentType).build();
        return StreamedParts.read(client.execute(headers, body));
    }

    /** Starts an event whose body the test writes piece by piece while the server already reads it. */
    public StreamingEvent startEvent(byte[] metadataJson) throws Exception {
        RequestHeaders headers = RequestHeaders.builder(HttpMethod.POST, "/v1/events")
                .add("authorization", "Bearer " + accessToken)
                .add("content-type", "multipart/form-data; boundary=" + BOUNDARY).build();
        HttpRequestWriter req = HttpRequest.streaming(headers);
        MultipartWriter w = new MultipartWriter(BOUNDARY);
        req.write(HttpData.wrap(w.begin()));
        req.write(HttpData.wrap(w.part(metadataHeaders(), metadataJson)));
        req.write(HttpData.wrap(w.partHeader(PartHeaders.of(
                "Content-Disposition", "form-data; name=\"audio\"",
                "Content-Type", "application/octet-stream"))));
        return new StreamingEvent(req, w, client.execute(req));
    }

    /** An event body still being written. */
    public static final class StreamingEvent {
        private final HttpRequestWriter request;
        private final MultipartWriter writer;
        private final com.linecorp.armeria.common.HttpResponse response;

        StreamingEvent(HttpRequestWriter request, MultipartWriter writer, com.linecorp.armeria.common.HttpResponse response) {
            this.request = request;
            this.writer = writer;
            this.response = response;
        }

        public void writeAudio(byte[] chunk) {
            request.write(HttpData.wrap(chunk));
        }

        /**
         * Ends the upload, unless the server already ended the exchange (it may answer before the
         * device stops sending, e.g. after StopCapture), as a device that stopped capturing would.
         */
        public void finish() {
            if (request.tryWrite(HttpData.wrap(writer.partEnd())) && request.tryWrite(HttpData.wrap(writer.end()))) {
                request.close();
            }
        }

        public void abort() {
            request.abort();
        }

        public StreamedParts response() throws Exception {
            return StreamedParts.read(response);
        }
    }

    public static final String BOUNDARY = "test-boundary-7d3c";

    static PartHeaders metadataHeaders() {
        return PartHeaders.of("Content-Disposition", "form-data; name=\"metadata\"",
                "Content-Type", "application/json; charset=UTF-8");
    }

    public static byte[] multipartBody(String boundary, byte[] metadataJson, byte[] audio) {
        MultipartWriter w = new MultipartWriter(boundary);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(w.begin());
        out.writeBytes(w.part(metadataHeaders(), metadataJson));
        if (audio != null) {
            out.writeBytes(w.part(PartHeaders.of("Content-Disposition", "form-data; name=\"audio\"",
                    "Content-Type", "application/octet-stream"), audio));
        }
        out.writeBytes(w.end());
        return out.toByteArray();
    }

    @Override
    public void close() {
        factory.close();
    }
}
