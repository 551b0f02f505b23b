package dev.opencic.client.internal;

import dev.opencic.client.CicException;
import dev.opencic.client.audio.AudioStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Objects;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link AudioStream} over OkHttp. When the connection breaks mid-stream (a long pause, a
 * network change) the next read reopens the URL with {@code Range: bytes=N-} from the byte where it
 * stopped, up to {@value #MAX_REOPENS} times; a server that answers 200 instead of 206 is skipped
 * forward. A status other than 2xx fails the open with a {@link CicException} naming it.
 */
public final class HttpAudioStream implements AudioStream {

    private static final Logger log = LoggerFactory.getLogger(HttpAudioStream.class);
    static final int MAX_REOPENS = 3;

    private final OkHttpClient http;
    private final String url;
    private final Object lock = new Object();
    private Call call;
    private ResponseBody body;
    private InputStream in;
    private final String contentType;
    private final long contentLength;
    private long position;
    private int reopens;
    private volatile boolean closed;

    private HttpAudioStream(OkHttpClient http, String url) throws IOException {
        this.http = http;
        this.url = url;
        Response r = open(0);
        this.contentType = r.header("Content-Type", "");
        this.contentLength = r.body().contentLength();
    }

    /**
     * Opens {@code url} with a GET.
     *
     * @throws IOException if it cannot be reached, {@link CicException} for an error status
     * @throws IllegalArgumentException if it is not an http(s) URL
     */
    public static HttpAudioStream open(OkHttpClient http, String url) throws IOException {
        Objects.requireNonNull(url, "url");
        if (okhttp3.HttpUrl.parse(url) == null) {
            throw new IllegalArgumentException("url: " + url + " (expected: an http:// or https:// URL)");
        }
        return new HttpAudioStream(http, url);
    }

    private Response open(long from) throws IOException {
        Request.Builder rb = new Request.Builder().url(url).get();
        if (from > 0) {
            rb.header("Range", "bytes=" + from + "-");
        }
        Call c = http.newCall(rb.build());
        synchronized (lock) {
            if (closed) {
                throw new IOException("stream closed");
            }
            call = c;
        }
        Response r = c.execute();
        if (r.code() / 100 != 2) {
            r.close();
            throw new CicException(r.code(), r.code(), "GET " + redacted(url) + " answered " + r.code());
        }
        InputStream stream = r.body().byteStream();
        if (from > 0 && r.code() == 200) {
            stream.skipNBytes(from); // the server ignored Range
        }
        synchronized (lock) {
            body = r.body();
            in = stream;
        }
        return r;
    }

    /** The URL without its query (signed URLs carry their signature there): for logs and messages. */
    public static String redacted(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q) + "?...";
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public String contentType() {
        return contentType;
    }

    @Override
    public long contentLength() {
        return contentLength;
    }

    @Override
    public InputStream body() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                while (true) {
                    InputStream current;
                    synchronized (lock) {
                        current = in;
                    }
                    if (closed) {
                        throw new IOException("stream closed");
                    }
                    try {
                        int n = current.read(b, off, len);
                        if (n > 0) {
                            position += n;
                        }
                        return n;
                    } catch (IllegalStateException e) {
                        throw new IOException("stream closed", e); // OkHttp's closed source
                    } catch (IOException e) {
                        if (closed || e instanceof InterruptedIOException && Thread.currentThread().isInterrupted()
                                || reopens >= MAX_REOPENS || contentLength >= 0 && position >= contentLength) {
                            throw e;
                        }
                        reopens++;
                        log.info("event=AudioStreamReopen url={} from={} attempt={} reason={}", redacted(url), position,
                                reopens, e.toString());
                        closeCurrent();
                        open(position);
                    }
                }
            }

            @Override
            public void close() throws IOException {
                HttpAudioStream.this.close();
            }
        };
    }

    private void closeCurrent() {
        ResponseBody b;
        synchronized (lock) {
            b = body;
            body = null;
        }
        if (b != null) {
            b.close();
        }
    }

    @Override
    public void close() {
        Call c;
        synchronized (lock) {
            closed = true;
            c = call;
        }
        if (c != null) {
            c.cancel();
        }
        closeCurrent();
    }
}
