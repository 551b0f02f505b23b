package dev.opencic.server.speech.internal;

import dev.opencic.server.speech.internal.WorkerProtocol.Frame;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The server's side of one flite worker process: its stdin for requests, a reader thread that turns
 * its stdout into frames, and the process itself. Several requests at once, told apart by their
 * ids: the worker synthesises them as the server's own flite thread does, sentence by sentence in
 * turn, and encodes each on its own thread.
 */
public final class WorkerProcess {

    /** What the pool learns from a worker's reader thread. */
    public interface Listener {
        /** The worker's stdout ended: the process is gone or going. */
        void died(WorkerProcess worker);
    }

    /** The worker reported a failure of its own (bad input, flite error): the worker is fine. */
    public static final class WorkerFailure extends Exception {
        private static final long serialVersionUID = 1L;
        private final String kind;

        WorkerFailure(String kind, String message) {
            super(message);
            this.kind = kind;
        }

        /** The name of the worker's {@code SpeechSynthesisException.Kind}. */
        public String kind() {
            return kind;
        }
    }

    /** The worker process ended during the request. */
    public static final class WorkerDied extends Exception {
        private static final long serialVersionUID = 1L;

        WorkerDied(String message) {
            super(message);
        }
    }

    private final Process process;
    private final DataOutputStream toWorker;
    private final DataInputStream fromWorker;
    /** Frames of each request in progress, by request id; frames of other ids are dropped. */
    private final Map<Integer, BlockingQueue<Frame>> requests = new ConcurrentHashMap<>();
    /** Frames before the first request: READY or UNAVAILABLE. */
    private final BlockingQueue<Frame> startup = new LinkedBlockingQueue<>();
    private final Listener listener;
    private volatile boolean dead;

    private WorkerProcess(Process process, Listener listener) {
        this.process = process;
        this.listener = listener;
        this.toWorker = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 64 * 1024));
        this.fromWorker = new DataInputStream(new BufferedInputStream(process.getInputStream(), 64 * 1024));
    }

    /**
     * Starts {@code command} and waits until it reports READY.
     *
     * @return the running worker, reading its stdout on a daemon thread
     * @throws IOException when it cannot start, says it is unavailable, or is not ready in time
     */
    public static WorkerProcess start(List<String> command, long readyTimeoutMillis, Listener listener)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        WorkerProcess w = new WorkerProcess(p, listener);
        Thread reader = new Thread(w::readFrames, "flite-worker-" + p.pid());
        reader.setDaemon(true);
        reader.start();
        Frame first;
        try {
            first = w.startup.poll(readyTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            w.kill();
            throw e;
        }
        if (first == null || first.type() != WorkerProtocol.READY) {
            w.kill();
            String why = first == null ? "not ready within " + readyTimeoutMillis + " ms"
                    : first.type() == WorkerProtocol.UNAVAILABLE ? first.message()
                    : "exited before it was ready";
            throw new IOException("flite worker " + p.pid() + ": " + why);
        }
        return w;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return !dead && process.isAlive();
    }

    /** Requests in progress. */
    public int inFlight() {
        return requests.size();
    }

    /**
     * Synthesises {@code text} in the worker, handing each MP3 chunk to {@code sink} as it arrives.
     * When {@code sink} throws or the thread is interrupted, the request is cancelled in the worker
     * (flite stops at its next chunk) and its remaining frames are dropped.
     *
     * @throws WorkerFailure the worker could not synthesise this text; the worker is fine
     * @throws WorkerDied    the process ended; {@link Listener#died} has been or will be called
     */
    public void synthesize(int id, String text, String lang, Consumer<byte[]> sink)
            throws WorkerFailure, WorkerDied, InterruptedException {
        BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
        requests.put(id, frames);
        if (dead) {
            requests.remove(id);
            throw new WorkerDied("flite worker " + pid() + " has exited");
        }
        boolean ended = false;
        try {
            try {
                synchronized (toWorker) {
                    WorkerProtocol.writeSpeak(toWorker, id, text, lang);
                }
            } catch (IOException e) {
                ended = true;
                kill();
                throw new WorkerDied("flite worker " + pid() + " does not take requests: " + e.getMessage());
            }
            while (true) {
                Frame f = frames.take();
                switch (f.type()) {
                    case WorkerProtocol.MP3 -> sink.accept(f.mp3());
                    case WorkerProtocol.DONE -> {
                        ended = true;
                        return;
                    }
                    case WorkerProtocol.FAILED -> {
                        ended = true;
                        throw new WorkerFailure(f.kind(), f.message());
                    }
                    case WorkerProtocol.DIED -> {
                        ended = true;
                        throw new WorkerDied("flite worker " + pid() + " exited while synthesising");
                    }
                    default -> { }
                }
            }
        } finally {
            requests.remove(id);
            if (!ended) {
                cancel(id);
            }
        }
    }

    /** Reader thread: each frame goes to its request's caller; those of abandoned requests are dropped. */
    private void readFrames() {
        try {
            for (Frame f = WorkerProtocol.read(fromWorker); f != null; f = WorkerProtocol.read(fromWorker)) {
                if (f.type() == WorkerProtocol.READY || f.type() == WorkerProtocol.UNAVAILABLE) {
                    startup.add(f);
                    continue;
                }
                BlockingQueue<Frame> frames = requests.get(f.id());
                if (frames != null) {
                    frames.add(f);
                }
            }
        } catch (IOException e) {
            // a corrupt stream or a closed pipe: the worker is of no further use
        }
        dead = true;
        Frame died = new Frame(WorkerProtocol.DIED, 0, null, null, null);
        startup.add(died);
        requests.values().forEach(q -> q.add(died));
        kill();
        listener.died(this);
    }

    /** The caller stopped reading request {@code id}: tell the worker to stop synthesising it. */
    private void cancel(int id) {
        try {
            synchronized (toWorker) {
                WorkerProtocol.writeCancel(toWorker, id);
            }
        } catch (IOException e) {
            kill(); // the reader sees the end of stdout and reports the death
        }
    }

    /**
     * Ends the process: closing its stdin makes it exit by itself; it is destroyed if it has not
     * within {@code graceMillis}, and forcibly a second later.
     */
    public void stop(long graceMillis) {
        try {
            toWorker.close();
        } catch (IOException e) {
            // already closed
        }
        try {
            if (!process.waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
                process.destroy();
                if (!process.waitFor(1, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Ends the process at once, without waiting. */
    public void kill() {
        dead = true;
        process.destroyForcibly();
    }

    @Override
    public String toString() {
        return "flite worker " + pid();
    }
}
