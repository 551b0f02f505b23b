package dev.opencic.bench.devices;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpObject;
import com.linecorp.armeria.common.ResponseHeaders;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A simulated device's downchannel, held open and read to the end: {@code ok} completes true on a
 * 200 response header, false otherwise; the counters say how many opened, failed and closed later.
 * Prints {@code CONNECT_FAILED ...} and {@code DOWNCHANNEL_CLOSED ...} lines the scripts count.
 */
public final class HeldDownchannel implements Subscriber<HttpObject> {
    private final CompletableFuture<Boolean> ok;
    private final AtomicInteger open;
    private final AtomicInteger failed;
    private final AtomicInteger closed;
    private boolean wasOpen;

    public HeldDownchannel(CompletableFuture<Boolean> ok, AtomicInteger open, AtomicInteger failed,
                           AtomicInteger closed) {
        this.ok = ok;
        this.open = open;
        this.failed = failed;
        this.closed = closed;
    }

    @Override
    public void onSubscribe(Subscription s) {
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(HttpObject obj) {
        if (obj instanceof ResponseHeaders h && !h.status().isInformational() && !ok.isDone()) {
            if (h.status().code() == 200) {
                wasOpen = true;
                open.incrementAndGet();
                ok.complete(true);
            } else {
                failed.incrementAndGet();
                System.out.println("CONNECT_FAILED status=" + h.status().code());
                ok.complete(false);
            }
        } else if (obj instanceof HttpData d) {
            d.close();
        }
    }

    @Override
    public void onError(Throwable t) {
        end(t);
    }

    @Override
    public void onComplete() {
        end(null);
    }

    private void end(Throwable t) {
        if (wasOpen) {
            closed.incrementAndGet();
            System.out.println("DOWNCHANNEL_CLOSED " + (t == null ? "by server" : t.toString()));
        } else if (!ok.isDone()) {
            failed.incrementAndGet();
            System.out.println("CONNECT_FAILED " + (t == null ? "closed before headers" : t.toString()));
            ok.complete(false);
        }
    }
}
