package dev.opencic.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy for tests. {@link #blackholeExisting()} makes the connections open now stop
 * forwarding in both directions while staying open, as a dead network path does; new connections
 * are forwarded normally.
 */
final class TcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<Pair> pairs = new CopyOnWriteArrayList<>();

    private static final class Pair {
        final Socket client;
        final Socket upstream;
        volatile boolean blackholed;

        Pair(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }
    }

    TcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "proxy-accept");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    int accepted() {
        return accepted.get();
    }

    void blackholeExisting() {
        pairs.forEach(p -> p.blackholed = true);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket c = server.accept();
                Socket u = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                Pair p = new Pair(c, u);
                pairs.add(p);
                accepted.incrementAndGet();
                pump(p, c.getInputStream(), u.getOutputStream());
                pump(p, u.getInputStream(), c.getOutputStream());
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void pump(Pair p, InputStream in, OutputStream out) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16384];
            try {
                int n;
                while ((n = in.read(buf)) != -1) {
                    if (!p.blackholed) {
                        out.write(buf, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException ignored) {
                // connection gone
            } finally {
                if (!p.blackholed) {
                    close(p.client);
                    close(p.upstream);
                }
            }
        }, "proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        pairs.forEach(p -> {
            close(p.client);
            close(p.upstream);
        });
    }
}
