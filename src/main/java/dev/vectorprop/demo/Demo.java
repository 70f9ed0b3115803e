package dev.vectorprop.demo;

import dev.vectorprop.Vectorization;
import dev.vectorprop.kernels.Gemm;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * {@code scripts/demo --self-check}: a self-check that runs every kernel family on random data against its scalar
 * reference, prints the active vector path, and gives rough timings (median of repeated runs; JMH in
 * {@code jmh/} is the real measurement).
 */
public final class Demo {

    private Demo() {}

    /**
     * Entry point.
     *
     * @param args {@code --help}, {@code --seed N}, {@code --quick}
     */
    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs the self-check.
     *
     * @return the exit code: 0 all kernels agree, 1 some failed, 2 bad options
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        long seed = 42;
        boolean quick = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> {
                    out.println("usage: scripts/demo --self-check [--seed N] [--quick]\n"
                            + "Runs every kernel on random data against its reference and prints timings.");
                    return 0;
                }
                case "--seed" -> {
                    if (i + 1 >= args.length) {
                        err.println("scripts/demo: --seed needs a number");
                        return 2;
                    }
                    try {
                        seed = Long.parseLong(args[++i]);
                    } catch (NumberFormatException e) {
                        err.println("scripts/demo: --seed needs a number, got '" + args[i] + "'");
                        return 2;
                    }
                }
                case "--quick" -> quick = true;
                default -> {
                    err.println("scripts/demo: unknown option '" + args[i] + "' (try --help)");
                    return 2;
                }
            }
        }
        out.println(Vectorization.describe() + ", " + Gemm.parallelism() + " thread(s)");
        List<SelfCheck> checks = new ArrayList<>(ArrayMathChecks.all(quick ? 1 << 16 : 1 << 20));
        checks.addAll(GemmChecks.all(quick));
        SplittableRandom r = new SplittableRandom(seed);
        int failed = 0;
        out.printf(Locale.ROOT, "%-28s %-18s %-8s %10s  %s%n", "kernel", "shape", "check", "speed",
                "(error/bound)");
        for (SelfCheck c : checks) {
            double err2 = c.verify(r);
            boolean ok = err2 <= 1.0;
            failed += ok ? 0 : 1;
            double ns = medianNanos(c, quick ? 0.2 : 0.6);
            out.printf(Locale.ROOT, "%-28s %-18s %-8s %7.1f %-7s (%.3f)%n", c.name(), c.shape(),
                    ok ? "ok" : "FAILED", c.work() / ns, c.unit(), err2);
        }
        out.println(failed == 0 ? "all " + checks.size() + " kernels agree with their references"
                : failed + " of " + checks.size() + " kernels FAILED");
        return failed > 0 ? 1 : 0;
    }

    private static double medianNanos(SelfCheck c, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        List<Long> samples = new ArrayList<>();
        while (System.nanoTime() < end || samples.size() < 5) {
            long t0 = System.nanoTime();
            c.run();
            samples.add(System.nanoTime() - t0);
        }
        samples.sort(null);
        return Math.max(1, samples.get(samples.size() / 2));
    }
}
