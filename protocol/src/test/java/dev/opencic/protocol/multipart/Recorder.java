package dev.opencic.protocol.multipart;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Test listener that records events as strings, with consecutive data chunks joined, so runs that
 * fed the same input in different pieces can be compared. It also checks the listener call order.
 */
class Recorder implements PartListener {

    final List<String> events = new ArrayList<>();
    final List<Part> parts = new ArrayList<>();
    int dataCalls;
    boolean completed;

    private PartHeaders headers;
    private ByteArrayOutputStream body;

    @Override
    public void onPartBegin(PartHeaders h) {
        if (body != null || completed) {
            throw new AssertionError("onPartBegin inside a part or after completion");
        }
        headers = h;
        body = new ByteArrayOutputStream();
        events.add("begin " + h);
    }

    @Override
    public void onPartData(ByteBuffer data) {
        if (body == null) {
            throw new AssertionError("onPartData outside a part");
        }
        if (!data.hasRemaining()) {
            throw new AssertionError("empty onPartData");
        }
        dataCalls++;
        byte[] copy = new byte[data.remaining()];
        data.get(copy);
        body.writeBytes(copy);
        String s = new String(copy, StandardCharsets.ISO_8859_1);
        int last = events.size() - 1;
        if (last >= 0 && events.get(last).startsWith("data ")) {
            events.set(last, events.get(last) + s);
        } else {
            events.add("data " + s);
        }
    }

    @Override
    public void onPartEnd() {
        if (body == null) {
            throw new AssertionError("onPartEnd outside a part");
        }
        parts.add(new Part(headers, body.toByteArray()));
        body = null;
        events.add("end");
    }

    @Override
    public void onComplete() {
        if (body != null || completed) {
            throw new AssertionError("onComplete inside a part or twice");
        }
        completed = true;
        events.add("complete");
    }

    /** Bytes of the part that has begun but not ended, or null. */
    byte[] openPartBody() {
        return body == null ? null : body.toByteArray();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Feeds {@code input} whole and finishes. */
    static Recorder parse(String boundary, String input) throws MultipartException {
        Recorder r = new Recorder();
        MultipartParser p = new MultipartParser(boundary, r);
        p.feed(ByteBuffer.wrap(bytes(input)));
        p.finish();
        return r;
    }

    /** Feeds {@code input} cut at the given ascending indexes, then finishes. */
    static Recorder parseSplit(String boundary, byte[] input, int... cuts) throws MultipartException {
        Recorder r = new Recorder();
        MultipartParser p = new MultipartParser(boundary, r);
        int from = 0;
        for (int cut : cuts) {
            p.feed(ByteBuffer.wrap(input, from, cut - from));
            from = cut;
        }
        p.feed(ByteBuffer.wrap(input, from, input.length - from));
        p.finish();
        return r;
    }
}
