package dev.opencic.server.speech.internal;

import dev.opencic.server.speech.internal.WorkerProtocol.Frame;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The server's side of one flite worker process: its stdin for requests, a reader thread that turns
 * its stdout into frames, and the process itself. One request at a time: the pool hands a worker to
 * one caller, which gets it back when the request has ended.
 */
public final class WorkerProcess {

    /** What the pool learns from a worker's reader thread. */
    public interface Listener {
        /** An abandoned request has ended: the worker can take another one. */
        void freeAgain(WorkerProcess worker);

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
    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final Listener listener;
    private int abandonedId = -1; // guarded by this
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
            first = w.frames.poll(readyTimeoutMillis, TimeUnit.MILLISECONDS);
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

    /**
     * Synthesises {@code text} in the worker, handing each MP3 chunk to {@code sink} as it arrives.
     * When {@code sink} throws or the thread is interrupted, the request is cancelled in the worker
     * and the worker returns to the pool by {@link Listener#freeAgain} once it has stopped.
     *
     * @throws WorkerFailure the worker could not synthesise this text; the worker is free again
     * @throws WorkerDied    the process ended; {@link Listener#died} has been or will be called
     */
    public void synthesize(int id, String text, String lang, Consumer<byte[]> sink)
            throws WorkerFailure, WorkerDied, InterruptedException {
        try {
            synchronized (toWorker) {
                WorkerProtocol.writeSpeak(toWorker, id, text, lang);
            }
        } catch (IOException e) {
            kill();
            throw new WorkerDied("flite worker " + pid() + " does not take requests: " + e.getMessage());
        }
        boolean ended = false;
        try {
            while (true) {
                Frame f = frames.take();
                if (f.type() == WorkerProtocol.DIED) {
                    ended = true;
                    throw new WorkerDied("flite worker " + pid() + " exited while synthesising");
                }
                if (f.id() != id) {
                    continue; // left over from an earlier, abandoned request
                }
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
                    default -> { }
                }
            }
        } finally {
            if (!ended) {
                abandon(id);
            }
        }
    }

    /** Reader thread: frames of the request in progress go to its caller; an abandoned one's are dropped. */
    private void readFrames() {
        try {
            for (Frame f = WorkerProtocol.read(fromWorker); f != null; f = WorkerProtocol.read(fromWorker)) {
                boolean freed = false;
                synchronized (this) {
                    if (f.id() == abandonedId && f.type() != WorkerProtocol.READY) {
                        if (f.ends()) {
                            abandonedId = -1;
                            freed = true;
                        }
                    } else {
                        frames.add(f);
                    }
                }
                if (freed) {
                    listener.freeAgain(this);
                }
            }
        } catch (IOException e) {
            // a corrupt stream or a closed pipe: the worker is of no further use
        }
        dead = true;
        frames.add(new Frame(WorkerProtocol.DIED, 0, null, null, null));
        kill();
        listener.died(this);
    }

    /** The caller stopped reading request {@code id}: cancel it, and free the worker once it has ended. */
    private void abandon(int id) {
        boolean endedAlready;
        synchronized (this) {
            endedAlready = frames.stream().anyMatch(f -> f.id() == id && f.ends());
            boolean diedAlready = frames.stream().anyMatch(f -> f.type() == WorkerProtocol.DIED);
            frames.clear();
            if (diedAlready) {
                frames.add(new Frame(WorkerProtocol.DIED, 0, null, null, null));
                return; // died() frees nothing: the pool replaces the worker
            }
            if (!endedAlready) {
                abandonedId = id;
            }
        }
        if (endedAlready) {
            listener.freeAgain(this);
            return;
        }
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
