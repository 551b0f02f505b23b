package dev.opencic.bench.report;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU use and load as the bench tools report them beside their figures (Linux {@code /proc}): the
 * machine is shared, so a figure means little without the load it was measured under.
 */
public final class MachineLoad {

    /** Clock ticks per second of {@code /proc} CPU times ({@code USER_HZ}, 100 on Linux). */
    public static final int TICKS_PER_SECOND = 100;

    private MachineLoad() {}

    /** utime and stime of a process in clock ticks, or null (no such process, or not Linux). */
    public static long[] processTicks(long pid) {
        if (pid <= 0) {
            return null;
        }
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
        } catch (Exception e) {
            return null;
        }
    }

    /** A process's CPU use between two {@link #processTicks} readings, in % of one core; NaN if either is null. */
    public static double processCpuPercent(long[] before, long[] after, double wallSeconds) {
        return before == null || after == null ? Double.NaN
                : 100.0 * ((after[0] + after[1]) - (before[0] + before[1])) / TICKS_PER_SECOND / wallSeconds;
    }

    /** Total and idle (idle + iowait) jiffies of the whole machine, or null. */
    public static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                total += Long.parseLong(f[i]);
            }
            return new long[] {total, Long.parseLong(f[4]) + Long.parseLong(f[5])};
        } catch (Exception e) {
            return null;
        }
    }

    /** CPU time of this JVM so far, in nanoseconds (0 where the JVM does not tell). */
    public static long selfCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    /** The 1, 5 and 15 minute load averages, as {@code /proc/loadavg} writes them, or "?". */
    public static String loadAverages() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "?";
        }
    }
}
