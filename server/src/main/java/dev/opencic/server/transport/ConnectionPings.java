package dev.opencic.server.transport;

import com.linecorp.armeria.server.ServiceRequestContext;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2FrameListener;
import io.netty.handler.codec.http2.Http2FrameListenerDecorator;
import io.netty.util.AttributeKey;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP/2 PINGs on a request's connection, whose ACK proves that the peer has read everything sent
 * on the connection before the PING (frames are processed in order): what {@link
 * Downchannel#sendAndConfirm} uses to tell a directive the device read from one left in a buffer.
 *
 * <p>Armeria 1.40 has no public hook for this: its request context does not expose the channel,
 * and its keep-alive PINGs ({@code pingInterval}) are internal. So: every accepted connection is
 * remembered by its two addresses ({@code childChannelPipelineCustomizer}, the one public place
 * that sees the channel), which the request context gives back; a PING is written with Netty's
 * {@code Http2ConnectionEncoder.writePing}; and the connection's frame listener is wrapped once in
 * a decorator that sees {@code onPingAckRead} before passing it on. Armeria's keep-alive handler
 * ignores an ACK whose payload is not its own PING's, so the two do not disturb each other.
 */
public final class ConnectionPings {

    private static final Logger log = LoggerFactory.getLogger(ConnectionPings.class);
    private static final AttributeKey<Acks> ACKS = AttributeKey.valueOf(ConnectionPings.class, "acks");

    private final Map<List<SocketAddress>, Channel> channels = new ConcurrentHashMap<>();
    private final Duration timeout;

    /** @param timeout how long an ACK is waited for before the PING counts as unanswered */
    public ConnectionPings(Duration timeout) {
        this.timeout = timeout;
    }

    /** For {@code ServerBuilder.childChannelPipelineCustomizer}: remembers each connection while it is open. */
    public void register(ChannelPipeline pipeline) {
        Channel channel = pipeline.channel();
        if (channel.remoteAddress() == null || channel.localAddress() == null) {
            return; // not a socket: nothing to find it by (its pushes are then not confirmed)
        }
        List<SocketAddress> key = List.of(channel.remoteAddress(), channel.localAddress());
        channels.put(key, channel);
        channel.closeFuture().addListener(f -> channels.remove(key, channel));
    }

    /** The request's connection, for {@link #ping}; null when it is not known (not registered). */
    Channel channelOf(ServiceRequestContext ctx) {
        if (ctx.remoteAddress() == null || ctx.localAddress() == null) {
            return null;
        }
        return channels.get(List.of(ctx.remoteAddress(), ctx.localAddress()));
    }

    /**
     * Sends a PING on the connection after what was written before it. Completes {@code true} when
     * its ACK is read, {@code false} when the connection closes or no ACK comes within the timeout
     * (or the connection is not HTTP/2).
     */
    CompletableFuture<Boolean> ping(Channel channel) {
        CompletableFuture<Boolean> acked = new CompletableFuture<>();
        if (channel == null || !channel.isActive()) {
            acked.complete(false);
            return acked;
        }
        channel.eventLoop().execute(() -> {
            ChannelHandlerContext hctx = http2Context(channel.pipeline());
            if (hctx == null) {
                acked.complete(false); // HTTP/1: no PING to send
                return;
            }
            Http2ConnectionHandler handler = (Http2ConnectionHandler) hctx.handler();
            Acks acks = channel.attr(ACKS).get();
            if (acks == null) {
                acks = new Acks(handler.decoder().frameListener());
                handler.decoder().frameListener(acks);
                channel.attr(ACKS).set(acks);
                Acks installed = acks;
                channel.closeFuture().addListener(f -> installed.closed());
            }
            long payload = ThreadLocalRandom.current().nextLong();
            acks.pending.put(payload, acked);
            handler.encoder().writePing(hctx, false, payload, hctx.newPromise()).addListener(f -> {
                if (!f.isSuccess()) {
                    acked.complete(false);
                }
            });
            hctx.flush();
            Acks waiting = acks;
            channel.eventLoop().schedule(() -> {
                if (waiting.pending.remove(payload) != null && acked.complete(false)) {
                    log.info("event=PingUnanswered remote={} timeoutMs={}", channel.remoteAddress(), timeout.toMillis());
                }
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        });
        return acked;
    }

    private static ChannelHandlerContext http2Context(ChannelPipeline pipeline) {
        for (Map.Entry<String, ChannelHandler> e : pipeline) {
            if (e.getValue() instanceof Http2ConnectionHandler) {
                return pipeline.context(e.getValue());
            }
        }
        return null;
    }

    /** The connection's frame listener, seeing PING ACKs on their way to Armeria's. */
    private static final class Acks extends Http2FrameListenerDecorator {
        final Map<Long, CompletableFuture<Boolean>> pending = new ConcurrentHashMap<>();

        Acks(Http2FrameListener listener) {
            super(listener);
        }

        @Override
        public void onPingAckRead(ChannelHandlerContext ctx, long data) throws io.netty.handler.codec.http2.Http2Exception {
            CompletableFuture<Boolean> acked = pending.remove(data);
            if (acked != null) {
                acked.complete(true);
            }
            super.onPingAckRead(ctx, data);
        }

        void closed() {
            pending.values().forEach(f -> f.complete(false));
            pending.clear();
        }
    }
}
