package io.aio4j.bench.echo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of the echo benchmark's server and client processes over a window, from Linux's {@code /proc}: user and
 * system time of each process ({@code /proc/PID/stat}, all its threads) and the whole machine's busy time
 * ({@code /proc/stat}), so that the table can say how many cores other processes took meanwhile. Elsewhere
 * (no {@code /proc}) the window is not {@linkplain Window#valid() valid} and the table shows {@code n/a}.
 */
final class CpuTimes {
    private CpuTimes() {}

    /** Linux's USER_HZ, the unit of the /proc tick counts: 100 on every mainstream architecture. */
    private static final double TICKS_PER_SECOND = 100;

    /** Starts a window over the given processes (index 0, 1, ...). */
    static Window start(long... pids) {
        return new Window(pids);
    }

    /**
     * Waits until the whole machine has used fewer than {@code maxCores} cores over one second (the benchmark's
     * own harness JVM idles meanwhile), for at most {@code maxWaitSeconds}; returns the last second's figure, or
     * -1 without {@code /proc}. Used to start each measurement while other builds on a shared machine pause.
     */
    static double awaitQuiet(double maxCores, double maxWaitSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + (long) (maxWaitSeconds * 1e9);
        for (;;) {
            long before = machineBusyTicks();
            long start = System.nanoTime();
            Thread.sleep(1000);
            long after = machineBusyTicks();
            if (before < 0 || after < 0) {
                return -1;
            }
            double cores = (after - before) / TICKS_PER_SECOND / ((System.nanoTime() - start) / 1e9);
            if (cores < maxCores || System.nanoTime() >= deadline) {
                return cores;
            }
        }
    }

    /** The 1-minute load average, or -1 where the JVM cannot tell. */
    static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** Samples at {@link #start} and at {@link #stop}; the figures are cores, i.e. CPU seconds per second. */
    static final class Window {
        private final long[] pids;
        private final long[][] before;
        private final long machineBefore;
        private final long startNanos;
        private long[][] after;
        private long machineAfter;
        private double seconds;

        private Window(long[] pids) {
            this.pids = pids;
            this.before = sample(pids);
            this.machineBefore = machineBusyTicks();
            this.startNanos = System.nanoTime();
        }

        void stop() {
            after = sample(pids);
            machineAfter = machineBusyTicks();
            seconds = (System.nanoTime() - startNanos) / 1e9;
        }

        /** True when every process and the machine could be read at both ends (Linux, processes alive). */
        boolean valid() {
            if (after == null || machineBefore < 0 || machineAfter < 0) {
                return false;
            }
            for (int i = 0; i < pids.length; i++) {
                if (before[i] == null || after[i] == null) {
                    return false;
                }
            }
            return true;
        }

        double userCores(int process) {
            return (after[process][0] - before[process][0]) / TICKS_PER_SECOND / seconds;
        }

        double sysCores(int process) {
            return (after[process][1] - before[process][1]) / TICKS_PER_SECOND / seconds;
        }

        /** Cores the rest of the machine used: all busy time minus the watched processes'. */
        double otherCores() {
            double own = 0;
            for (int i = 0; i < pids.length; i++) {
                own += userCores(i) + sysCores(i);
            }
            return Math.max(0, (machineAfter - machineBefore) / TICKS_PER_SECOND / seconds - own);
        }
    }

    private static long[][] sample(long[] pids) {
        long[][] s = new long[pids.length][];
        for (int i = 0; i < pids.length; i++) {
            s[i] = processTicks(pids[i]);
        }
        return s;
    }

    /** {utime, stime} of a process in ticks, or null. The fields follow the command name, which may hold spaces. */
    private static long[] processTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after ")": state(3) ppid(4) ... utime is field 14, stime field 15 of proc(5), i.e. index 11 and 12
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Busy ticks of all CPUs (first line of /proc/stat minus idle and iowait), or -1. */
    private static long machineBusyTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            // cpu user nice system idle iowait irq softirq steal (guest time is already in user)
            for (int i = 1; i <= 8 && i < f.length; i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
