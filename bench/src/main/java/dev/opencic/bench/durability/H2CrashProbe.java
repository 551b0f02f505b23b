package dev.opencic.bench.durability;

import dev.opencic.bench.cli.BenchCommandLine;
import dev.opencic.server.store.H2CrashRecovery;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@link CrashBenchmark} without the server: H2 alone, opened as the server opens it ({@code
 * WRITE_DELAY=0}, connections kept open as a pool keeps them), {@code --writers} threads inserting
 * rows one autocommit statement after the other and printing each once {@code executeUpdate}
 * returned; SIGKILL after a random delay; then every printed (acknowledged) row is looked for with
 * plain JDBC. A trial that lost a row keeps the database file as the kill left it
 * ({@code <data-dir>-killed-<trial>.mv.db}, copied before the check's open recovers it), for
 * {@code org.h2.mvstore.MVStoreTool -info}. About one second per trial, so losses too rare for the
 * server benchmark (one trial in 200) can be counted here. {@code --recover} runs the server's fix
 * ({@link H2CrashRecovery}) before each open, as the server does at start.
 */
@Command(name = "H2CrashProbe", mixinStandardHelpOptions = true,
        description = "kill -9 during H2 commits (no server), count acknowledged rows lost.")
public final class H2CrashProbe implements Callable<Integer> {

    @Option(names = "--trials", defaultValue = "400", description = "Crash trials (default: ${DEFAULT-VALUE}).")
    int trials;

    @Option(names = "--writers", defaultValue = "2", description = "Threads committing concurrently (default: ${DEFAULT-VALUE}).")
    int writers;

    @Option(names = "--max-kill-ms", defaultValue = "1550",
            description = "Latest kill after the store is open, ms; the earliest is 50 (default: ${DEFAULT-VALUE}).")
    int maxKillMs;

    @Option(names = "--checkpoint", description = "Run CHECKPOINT SYNC right after opening, before the writes.")
    boolean checkpoint;

    @Option(names = "--recover",
            description = "Before every open (the writer's and the check's), run the server's fix: "
                    + "store.H2CrashRecovery, MVStore's full-scan recovery.")
    boolean recover;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed for the kill moments (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--data-dir", required = true, description = "A new, empty directory for the database.")
    Path dataDir;

    @Option(names = "--child-trial", defaultValue = "-1",
            description = "Internal: run as the writer process of this trial (default: ${DEFAULT-VALUE}, the parent).")
    int childTrial;

    public static void main(String[] args) {
        BenchCommandLine.runAndExit(new H2CrashProbe(), args);
    }

    @Override
    public Integer call() throws Exception {
        if (childTrial >= 0) {
            write();
            return 0;
        }
        Files.createDirectories(dataDir);
        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("probe");
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            c.createStatement().execute(
                    "CREATE TABLE IF NOT EXISTS w (trial INT, writer INT, seq INT, pad VARCHAR(4000))");
        }
        Random random = new Random(seed);
        long acknowledged = 0;
        long lost = 0;
        int trialsWithLoss = 0;
        for (int trial = 0; trial < trials; trial++) {
            long delay = 50 + random.nextInt(Math.max(1, maxKillMs - 50));
            List<int[]> acked = trial(trial, delay);
            Path killed = dataDir.resolveSibling(dataDir.getFileName() + "-killed-" + trial + ".mv.db");
            Files.copy(dataDir.resolve("probe.mv.db"), killed, StandardCopyOption.REPLACE_EXISTING);
            int missing = 0;
            recoverIfAsked();
            try (Connection c = DriverManager.getConnection(url, "sa", "");
                 PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM w WHERE trial = ? AND writer = ? AND seq = ?")) {
                for (int[] row : acked) {
                    s.setInt(1, trial);
                    s.setInt(2, row[0]);
                    s.setInt(3, row[1]);
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                        if (rs.getInt(1) == 0) {
                            missing++;
                        }
                    }
                }
            }
            acknowledged += acked.size();
            lost += missing;
            if (missing > 0) {
                trialsWithLoss++;
            } else {
                Files.delete(killed);
            }
            System.out.printf("trial=%d kill_after_ms=%d acknowledged=%d lost=%d%n", trial, delay, acked.size(), missing);
        }
        System.out.printf("RESULT trials=%d writers=%d checkpoint=%s recover=%s acknowledged=%d lost=%d trials_with_loss=%d%n",
                trials, writers, checkpoint, recover, acknowledged, lost, trialsWithLoss);
        return 0;
    }

    /** One writer process, killed {@code delayMs} after it has opened the store; the rows it acknowledged. */
    private List<int[]> trial(int trial, long delayMs) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), H2CrashProbe.class.getName(),
                "--data-dir", dataDir.toString(), "--writers", String.valueOf(writers),
                "--child-trial", String.valueOf(trial)));
        if (checkpoint) {
            command.add("--checkpoint");
        }
        if (recover) {
            command.add("--recover");
        }
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<int[]> acked = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch open = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.equals("OPEN")) {
                        open.countDown();
                    } else {
                        String[] f = line.split(" ");
                        acked.add(new int[] {Integer.parseInt(f[0]), Integer.parseInt(f[1])});
                    }
                }
            } catch (IOException e) {
                // killed
            }
        });
        reader.start();
        open.await(60, TimeUnit.SECONDS);
        Thread.sleep(delayMs);
        p.destroyForcibly().waitFor(); // SIGKILL
        reader.join(5_000);
        return new ArrayList<>(acked);
    }

    /** The server's fix, run where the server runs it: before H2 opens the file. */
    private void recoverIfAsked() {
        if (recover) {
            H2CrashRecovery.recoverNewestCommit(dataDir.toAbsolutePath().resolve("probe.mv.db"));
        }
    }

    /** The writer process: the server's URL settings, one kept connection, {@code writers} committing threads. */
    private void write() throws Exception {
        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("probe") + ";LOCK_TIMEOUT=10000;WRITE_DELAY=0";
        recoverIfAsked();
        Connection kept = DriverManager.getConnection(url, "sa", ""); // never closed, like a pool's
        if (checkpoint) {
            kept.createStatement().execute("CHECKPOINT SYNC");
        }
        System.out.println("OPEN");
        System.out.flush();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            Thread t = new Thread(() -> {
                try (Connection c = DriverManager.getConnection(url, "sa", "");
                     PreparedStatement s = c.prepareStatement("INSERT INTO w VALUES (?, ?, ?, ?)")) {
                    String pad = "x".repeat(200);
                    for (int seq = 0; ; seq++) {
                        s.setInt(1, childTrial);
                        s.setInt(2, writer);
                        s.setInt(3, seq);
                        s.setString(4, pad);
                        s.executeUpdate(); // autocommit: returns after the commit
                        synchronized (System.out) {
                            System.out.println(writer + " " + seq);
                            System.out.flush();
                        }
                        Thread.sleep(20);
                    }
                } catch (Exception e) {
                    // killed, or the store failed: the parent counts what was printed
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
    }
}
