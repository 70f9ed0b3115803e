package dev.vectorprop.check;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded generators of array lengths and values for property tests: the same seed always gives the
 * same data, so a failure message that names the seed and shape reproduces exactly.
 */
public final class RandomArrays {

    /** How to fill an array. */
    public enum Values {
        /** Uniform in [-1, 1). */
        UNIFORM,
        /** Standard normal. */
        NORMAL,
        /**
         * Mostly normal, with about one element in eight replaced by an extreme: ±1e15, ±1e-30, a
         * subnormal, ±0, or ±1e6, so that magnitudes span ~45 decades without overflowing sums of
         * squares of a million elements.
         */
        WITH_EXTREMES,
        /** Normal with about half the elements exactly zero (sparse gradients, dead units). */
        WITH_ZEROS
    }

    private static final float[] EXTREMES = {1e15f, -1e15f, 1e-30f, -1e-30f, Float.MIN_VALUE * 7,
        0f, -0f, 1e6f, -1e6f};

    private RandomArrays() {}

    /**
     * Lengths that exercise vector loops: 0, 1, small primes, values around multiples of 4, 8, 16 and
     * 64 lanes (±1), and a few large ones, plus {@code extra} seeded random lengths below {@code max}.
     * Every length is at most {@code max}.
     */
    public static int[] lengths(long seed, int extra, int max) {
        int[] fixed = {0, 1, 2, 3, 5, 7, 8, 11, 13, 15, 16, 17, 31, 32, 33, 47, 63, 64, 65, 97, 127, 128,
            129, 255, 256, 257, 509, 1021, 1024, 4099, 65537, 1 << 20};
        List<Integer> out = new ArrayList<>();
        for (int n : fixed) {
            if (n <= max) {
                out.add(n);
            }
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < extra; i++) {
            out.add(r.nextInt(max + 1));
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** @return {@code n} values of the given kind from a generator seeded with {@code seed} */
    public static float[] floats(long seed, int n, Values kind) {
        return floats(new SplittableRandom(seed), n, kind);
    }

    /** @return {@code n} values of the given kind drawn from {@code r} */
    public static float[] floats(SplittableRandom r, int n, Values kind) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = switch (kind) {
                case UNIFORM -> (float) (r.nextDouble() * 2 - 1);
                case NORMAL -> (float) gaussian(r);
                case WITH_EXTREMES -> r.nextInt(8) == 0 ? EXTREMES[r.nextInt(EXTREMES.length)]
                        : (float) gaussian(r);
                case WITH_ZEROS -> r.nextBoolean() ? 0f : (float) gaussian(r);
            };
        }
        return a;
    }

    /** @return a uniform value in [lo, hi) */
    public static float uniform(SplittableRandom r, float lo, float hi) {
        return (float) (lo + (hi - (double) lo) * r.nextDouble());
    }

    /** @return a standard normal value (Box–Muller on the given generator) */
    public static double gaussian(SplittableRandom r) {
        double u1 = 1.0 - r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** @return a case label {@code "seed=…, shape=…, values=…"} for failure messages */
    public static String describe(long seed, String shape, Values kind) {
        return "seed=" + seed + ", shape=" + shape + ", values=" + kind;
    }
}
