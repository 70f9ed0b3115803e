package dev.vectorprop.bench.ab;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Interleaved A/B of one {@link LayerParts} part between two builds of vectorprop in one JVM: each build's
 * classes get their own class loader (so each has its own JIT-compiled code), both are warmed up for
 * 3 × 1.5 s, then rounds alternate which goes first and the median of the per-round time ratios is
 * printed with its quartiles. On a shared VM whose speed drifts by ±15 % within minutes this resolves
 * differences of a few percent that separate JMH runs cannot; it is a diagnostic, the claims stay JMH's.
 *
 * <p>Arguments: {@code classesA classesB part[:partB] batch in out act [rounds]}. With {@code part:partB}
 * the two sides run different parts (e.g. {@code forward:plain} with the same classes twice, then in one
 * class loader).
 */
public final class InterleavedAb {

    private InterleavedAb() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 7) {
            System.err.println("usage: InterleavedAb classesA classesB part[:partB] batch in out act [rounds]");
            System.exit(2);
        }
        String[] parts = args[2].split(":");
        int batch = Integer.parseInt(args[3]);
        int in = Integer.parseInt(args[4]);
        int out = Integer.parseInt(args[5]);
        int rounds = args.length > 7 ? Integer.parseInt(args[7]) : 21;
        // Two parts of one build share a class loader, so they run the same JIT-compiled library code, as
        // in a program (in separate loaders, forward:plain measured 1.06-1.09 where separate JVMs and
        // profiles showed no difference: each copy of the GEMM had been compiled for one caller's profile).
        ClassLoader loaderA = loader(args[0]);
        ClassLoader loaderB = args[1].equals(args[0]) ? loaderA : loader(args[1]);
        Runnable[] side = {make(loaderA, parts[0], batch, in, out, args[6]),
            make(loaderB, parts[parts.length - 1], batch, in, out, args[6])};
        for (int w = 0; w < 3; w++) {
            for (Runnable r : side) {
                long end = System.nanoTime() + 1_500_000_000L;
                while (System.nanoTime() < end) {
                    r.run();
                }
            }
        }
        long flops = Math.max(1, 2L * batch * in * out);
        int reps = (int) Math.max(1, 30_000_000L / flops);
        double[][] t = new double[2][rounds];
        double[] ratio = new double[rounds];
        for (int k = 0; k < rounds; k++) {
            for (int v = 0; v < 2; v++) {
                int which = (k & 1) == 0 ? v : 1 - v;
                long t0 = System.nanoTime();
                for (int i = 0; i < reps; i++) {
                    side[which].run();
                }
                t[which][k] = (System.nanoTime() - t0) / 1e3 / reps;
            }
            ratio[k] = t[0][k] / t[1][k];
        }
        Arrays.sort(t[0]);
        Arrays.sort(t[1]);
        Arrays.sort(ratio);
        System.out.printf("%s %dx%dx%d %s: A %.2f us  B %.2f us  (medians); A/B time %.3f [q1 %.3f q3 %.3f]%n",
                args[2], batch, in, out, args[6], t[0][rounds / 2], t[1][rounds / 2], ratio[rounds / 2],
                ratio[rounds / 4], ratio[3 * rounds / 4]);
    }

    /** A loader of the library classes in {@code classes} first, then this code's location. */
    private static ClassLoader loader(String classes) throws Exception {
        URL self = InterleavedAb.class.getProtectionDomain().getCodeSource().getLocation();
        return new URLClassLoader(new URL[] {Path.of(classes).toUri().toURL(), self},
                ClassLoader.getPlatformClassLoader());
    }

    private static Runnable make(ClassLoader loader, String part, int batch, int in, int out, String act)
            throws Exception {
        Class<?> c = Class.forName(LayerParts.class.getName(), true, loader);
        return (Runnable) c.getMethod("make", String.class, int.class, int.class, int.class, String.class)
                .invoke(null, part, batch, in, out, act);
    }
}
