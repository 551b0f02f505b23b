package dev.opencic.server.speech;

import dev.opencic.server.speech.internal.WorkerProtocol;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A flite worker process: one in-process {@link FliteLameEngine} (so the very same voice, encoder
 * and output as in the server), driven over stdin/stdout by {@link WorkerProtocol}. Started by the
 * server's engine, never by hand:
 *
 * <pre>java -cp SERVER_CLASSPATH dev.opencic.server.speech.FliteWorkerMain VOICE BITRATE QUALITY CHUNK_MS</pre>
 *
 * <p>It exits as soon as its stdin ends, so it never outlives the server, whatever way the server
 * ends. stdout carries frames only: everything else (logs) goes to stderr.
 */
public final class FliteWorkerMain {

    private FliteWorkerMain() {}

    public static void main(String[] args) throws IOException {
        DataOutputStream out = new DataOutputStream(
                new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 64 * 1024));
        System.setOut(System.err); // stdout belongs to the protocol
        if (args.length != 4) {
            WorkerProtocol.writeUnavailable(out, "usage: FliteWorkerMain VOICE BITRATE QUALITY CHUNK_MS");
            Runtime.getRuntime().halt(2);
        }
        FliteLameEngine engine = FliteLameEngine.builder().voice(args[0]).bitrateKbps(Integer.parseInt(args[1]))
                .quality(Integer.parseInt(args[2])).streamChunkMillis(Integer.parseInt(args[3])).build();
        if (!engine.isAvailable()) {
            WorkerProtocol.writeUnavailable(out, engine.unavailableReason());
            Runtime.getRuntime().halt(3);
        }
        WorkerProtocol.writeReady(out, engine.sampleRate());

        // several requests at once, as in the server: flite takes them in turn, sentence by sentence,
        // on the engine's flite thread, and each request encodes on its own thread
        Set<Integer> running = ConcurrentHashMap.newKeySet();
        Set<Integer> cancelled = ConcurrentHashMap.newKeySet();
        ExecutorService synthesis = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "flite-worker-request");
            t.setDaemon(true);
            return t;
        });
        DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(FileDescriptor.in)));
        try {
            for (WorkerProtocol.Frame f = WorkerProtocol.read(in); f != null; f = WorkerProtocol.read(in)) {
                if (f.type() == WorkerProtocol.CANCEL) {
                    if (running.contains(f.id())) { // a cancel may cross the request's DONE in the pipe
                        cancelled.add(f.id());
                    }
                } else if (f.type() == WorkerProtocol.SPEAK) {
                    int id = f.id();
                    String text = f.kind();
                    String lang = f.message();
                    running.add(id);
                    synthesis.execute(() -> {
                        try {
                            speak(engine, out, cancelled, id, text, lang);
                        } finally {
                            running.remove(id);
                            cancelled.remove(id);
                        }
                    });
                }
            }
        } catch (IOException e) {
            // the server's end of the pipe is broken: same as its end
        }
        Runtime.getRuntime().halt(0); // stdin ended: the server is gone or closing
    }

    private static void speak(FliteLameEngine engine, DataOutputStream out, Set<Integer> cancelled,
                              int id, String text, String lang) {
        try {
            try {
                engine.synthesize(text, lang, mp3 -> {
                    if (cancelled.contains(id)) {
                        throw new CancellationException(); // stops flite at its next chunk
                    }
                    try {
                        synchronized (out) {
                            WorkerProtocol.writeMp3(out, id, mp3);
                        }
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                synchronized (out) {
                    WorkerProtocol.writeDone(out, id);
                }
            } catch (SpeechSynthesisException e) {
                synchronized (out) {
                    if (cancelled.contains(id)) {
                        WorkerProtocol.writeDone(out, id);
                    } else {
                        WorkerProtocol.writeFailed(out, id, e.kind().name(), e.getMessage());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            Runtime.getRuntime().halt(1); // stdout is gone: nobody can hear this worker any more
        }
    }
}
