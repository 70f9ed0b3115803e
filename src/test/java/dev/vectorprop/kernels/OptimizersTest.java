package dev.vectorprop.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorprop.check.RandomArrays;
import dev.vectorprop.check.RandomArrays.Values;
import dev.vectorprop.check.Tolerance;
import dev.vectorprop.reference.ReferenceOptimizers;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Tag("kernel")
class OptimizersTest {

    private static final long SEED = 0x0971_2026L;
    private static final int[] SIZES = {0, 1, 7, 33, 1000, 4099};
    private static final int STEPS = 40;

    static final List<AdamConfig> ADAMS = List.of(
            AdamConfig.adam(1e-3),
            AdamConfig.adam(3e-2).withWeightDecay(0.1),
            AdamConfig.adamW(1e-3),
            AdamConfig.adamW(5e-2).withBetas(0.5, 0.9).withEps(1e-4).withWeightDecay(0.3),
            new AdamConfig(0.1, 0, 0.5, 0, 0, false));

    static final List<SgdConfig> SGDS = List.of(
            SgdConfig.sgd(0.1),
            SgdConfig.sgd(0.05).withWeightDecay(0.01),
            SgdConfig.sgd(0.05).withMomentum(0.9, 0, false),
            SgdConfig.sgd(0.05).withMomentum(0.9, 0.3, false).withWeightDecay(1e-3),
            SgdConfig.sgd(0.02).withMomentum(0.95, 0, true).withWeightDecay(5e-4));

    static Stream<Arguments> adamCases() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (int c = 0; c < ADAMS.size(); c++) {
            for (int n : SIZES) {
                b.add(Arguments.of(SEED + 100L * c + n, n, c));
            }
        }
        return b.build();
    }

    static Stream<Arguments> sgdCases() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (int c = 0; c < SGDS.size(); c++) {
            for (int n : SIZES) {
                b.add(Arguments.of(SEED + 100L * c + n + 7, n, c));
            }
        }
        return b.build();
    }

    private static double[] d(float[] a) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i];
        }
        return r;
    }

    private static void assertClose(String ctx, double[] expected, double[] mag, int terms, float[] actual) {
        Tolerance.assertAllClose(ctx, expected, mag, terms, actual, 0);
    }

    /**
     * Each of many consecutive steps is compared with the reference formulas applied in double to the
     * kernel's float state before that step (so the bias corrections of every step count are checked),
     * with an error bound built from the magnitudes of the terms of each formula.
     */
    @ParameterizedTest(name = "seed={0} n={1} config={2}")
    @MethodSource("adamCases")
    void adamStepsMatchReference(long seed, int n, int configIndex) {
        AdamConfig c = ADAMS.get(configIndex);
        SplittableRandom r = new SplittableRandom(seed);
        float[] p = RandomArrays.floats(r, n, Values.NORMAL);
        float[] m = new float[n];
        float[] v = new float[n];
        double lambda = c.decoupled() ? 0 : c.weightDecay();
        for (int t = 1; t <= STEPS; t++) {
            String ctx = "seed=" + seed + ", n=" + n + ", " + c + ", step " + t;
            float[] g = RandomArrays.floats(r, n, t % 5 == 0 ? Values.WITH_ZEROS : Values.NORMAL);
            double[] rp = d(p);
            double[] rm = d(m);
            double[] rv = d(v);
            ReferenceOptimizers.adam(c, t, rp, d(g), rm, rv);
            double[] mMag = new double[n];
            double[] vMag = new double[n];
            double[] pMag = new double[n];
            double stepSize = c.lr() / (1 - Math.pow(c.beta1(), t));
            double bc2 = Math.sqrt(1 - Math.pow(c.beta2(), t));
            for (int i = 0; i < n; i++) {
                double gi = Math.abs(g[i]) + lambda * Math.abs(p[i]);
                mMag[i] = Math.abs(m[i]) + (1 - c.beta1()) * gi + Math.abs(rm[i]); // lerp rounds g − m
                vMag[i] = c.beta2() * v[i] + (1 - c.beta2()) * gi * gi;
                double denom = Math.sqrt(rv[i]) / bc2 + c.eps();
                pMag[i] = Math.abs(p[i]) + stepSize * mMag[i] / denom;
            }
            Optimizers.adam(c, t, p, g, m, v);
            assertClose(ctx + " m", rm, mMag, 3, m);
            assertClose(ctx + " v", rv, vMag, 3, v);
            assertClose(ctx + " p", rp, pMag, 8, p);
        }
    }

    @ParameterizedTest(name = "seed={0} n={1} config={2}")
    @MethodSource("sgdCases")
    void sgdStepsMatchReference(long seed, int n, int configIndex) {
        SgdConfig c = SGDS.get(configIndex);
        SplittableRandom r = new SplittableRandom(seed);
        float[] p = RandomArrays.floats(r, n, Values.NORMAL);
        float[] b = new float[n];
        Arrays.fill(b, Float.NaN); // step 1 must not read the buffer
        float[] buffer = c.momentum() == 0 ? null : b;
        for (int t = 1; t <= STEPS; t++) {
            String ctx = "seed=" + seed + ", n=" + n + ", " + c + ", step " + t;
            float[] g = RandomArrays.floats(r, n, Values.NORMAL);
            double[] rp = d(p);
            double[] rb = d(b);
            ReferenceOptimizers.sgd(c, t, rp, d(g), buffer == null ? null : rb);
            double[] bMag = new double[n];
            double[] pMag = new double[n];
            for (int i = 0; i < n; i++) {
                double gi = Math.abs(g[i]) + c.weightDecay() * Math.abs(p[i]);
                double old = t == 1 || c.momentum() == 0 ? 0 : c.momentum() * Math.abs(b[i]);
                bMag[i] = old + Math.abs(1 - c.dampening()) * gi;
                pMag[i] = Math.abs(p[i]) + c.lr() * (gi + c.momentum() * bMag[i] + bMag[i]);
            }
            Optimizers.sgd(c, t, p, g, buffer);
            if (buffer != null) {
                assertClose(ctx + " momentum", rb, bMag, 3, b);
            }
            assertClose(ctx + " p", rp, pMag, 4, p);
        }
    }

    /** Over many steps the float trajectory stays close to the double one run on its own state. */
    @Test
    void adamTrajectoryFollowsReference() {
        SplittableRandom r = new SplittableRandom(SEED);
        int n = 2053;
        for (AdamConfig c : ADAMS) {
            float[] p = RandomArrays.floats(r, n, Values.NORMAL);
            float[] m = new float[n];
            float[] v = new float[n];
            double[] rp = d(p);
            double[] rm = new double[n];
            double[] rv = new double[n];
            for (int t = 1; t <= 200; t++) {
                float[] g = new float[n];
                for (int i = 0; i < n; i++) {
                    g[i] = (float) (rp[i] - 0.5 + 0.3 * RandomArrays.gaussian(r)); // pulls p towards 0.5
                }
                ReferenceOptimizers.adam(c, t, rp, d(g), rm, rv);
                Optimizers.adam(c, t, p, g, m, v);
            }
            for (int i = 0; i < n; i++) {
                assertEquals(rp[i], p[i], 1e-4 * c.lr() * 200 + 1e-5 * Math.abs(rp[i]), c + " p[" + i + "]");
            }
        }
    }

    @Test
    void savedStateResumesIdentically() {
        int n = 1031;
        SplittableRandom r = new SplittableRandom(SEED + 1);
        float[][] grads = new float[20][];
        for (int t = 0; t < grads.length; t++) {
            grads[t] = RandomArrays.floats(r, n, Values.NORMAL);
        }
        float[] p0 = RandomArrays.floats(r, n, Values.NORMAL);
        for (AdamConfig c : ADAMS) {
            float[] p = p0.clone();
            float[] m = new float[n];
            float[] v = new float[n];
            for (int t = 1; t <= 10; t++) {
                Optimizers.adam(c, t, p, grads[t - 1], m, v);
            }
            // Checkpoint: plain arrays and the step count; restore into other arrays at an offset.
            int savedStep = 10;
            float[] sp = new float[n + 3];
            float[] sm = new float[n + 3];
            float[] sv = new float[n + 3];
            System.arraycopy(p, 0, sp, 3, n);
            System.arraycopy(m, 0, sm, 3, n);
            System.arraycopy(v, 0, sv, 3, n);
            for (int t = 11; t <= 20; t++) {
                Optimizers.adam(c, t, p, grads[t - 1], m, v);
            }
            for (int t = savedStep + 1; t <= 20; t++) {
                Optimizers.adam(c, t, n, sp, 3, grads[t - 1], 0, sm, 3, sv, 3);
            }
            assertArrayEquals(p, Arrays.copyOfRange(sp, 3, n + 3), c + " params");
            assertArrayEquals(m, Arrays.copyOfRange(sm, 3, n + 3), c + " m");
            assertArrayEquals(v, Arrays.copyOfRange(sv, 3, n + 3), c + " v");
        }
        for (SgdConfig c : SGDS) {
            float[] p = p0.clone();
            float[] b = new float[n];
            for (int t = 1; t <= 10; t++) {
                Optimizers.sgd(c, t, p, grads[t - 1], b);
            }
            float[] sp = p.clone();
            float[] sb = b.clone();
            for (int t = 11; t <= 20; t++) {
                Optimizers.sgd(c, t, p, grads[t - 1], b);
                Optimizers.sgd(c, t, sp, grads[t - 1], sb);
            }
            assertArrayEquals(p, sp, c + " params");
            assertArrayEquals(b, sb, c + " momentum");
        }
    }

    @Test
    void invalidHyperParametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> AdamConfig.adam(-1e-3));
        assertThrows(IllegalArgumentException.class, () -> AdamConfig.adam(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> AdamConfig.adam(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> AdamConfig.adam(1e-3).withEps(-1e-8));
        assertThrows(IllegalArgumentException.class, () -> AdamConfig.adam(1e-3).withEps(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> AdamConfig.adam(1e-3).withBetas(1.0, 0.999));
        assertThrows(IllegalArgumentException.class, () -> AdamConfig.adam(1e-3).withBetas(0.9, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> AdamConfig.adam(1e-3).withBetas(-0.1, 0.999));
        assertThrows(IllegalArgumentException.class, () -> AdamConfig.adamW(1e-3).withWeightDecay(-0.01));
        assertThrows(IllegalArgumentException.class, () -> SgdConfig.sgd(-0.1));
        assertThrows(IllegalArgumentException.class, () -> SgdConfig.sgd(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> SgdConfig.sgd(0.1).withMomentum(Double.NaN, 0, false));
        assertThrows(IllegalArgumentException.class, () -> SgdConfig.sgd(0.1).withMomentum(-0.9, 0, false));
        assertThrows(IllegalArgumentException.class, () -> SgdConfig.sgd(0.1).withMomentum(0.9, Double.NaN, false));
        assertThrows(IllegalArgumentException.class, () -> SgdConfig.sgd(0.1).withWeightDecay(Double.NaN));
        var e = assertThrows(IllegalArgumentException.class, () -> SgdConfig.sgd(0.1).withMomentum(0.9, 0.1, true));
        assertTrue(e.getMessage().contains("Nesterov"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SgdConfig.sgd(0.1).withMomentum(0, 0, true));
        e = assertThrows(IllegalArgumentException.class, () -> AdamConfig.adam(-2));
        assertTrue(e.getMessage().contains("lr"), e.getMessage());
    }

    @Test
    void badArgumentsThrowBeforeWriting() {
        int n = 16;
        float[] p = new float[n];
        Arrays.fill(p, 1f);
        float[] g = new float[n];
        Arrays.fill(g, 1f);
        float[] m = new float[n];
        float[] v = new float[n];
        AdamConfig adam = AdamConfig.adam(0.1);
        SgdConfig momentum = SgdConfig.sgd(0.1).withMomentum(0.9, 0, false);
        var e = assertThrows(IllegalArgumentException.class, () -> Optimizers.adam(adam, 0, p, g, m, v));
        assertTrue(e.getMessage().contains("step"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Optimizers.adam(adam, 1, p, g, m, new float[n - 1]));
        assertTrue(e.getMessage().contains("v has length 15"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Optimizers.adam(adam, 1, p, new float[n + 1], m, v));
        assertThrows(NullPointerException.class, () -> Optimizers.adam(null, 1, p, g, m, v));
        assertThrows(IllegalArgumentException.class, () -> Optimizers.adam(adam, 1, p, g, m, m));
        assertThrows(IllegalArgumentException.class, () -> Optimizers.adam(adam, 1, 8, p, 0, g, 0, p, 4, v, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> Optimizers.adam(adam, 1, 8, p, 9, g, 0, m, 0, v, 0));
        assertThrows(NullPointerException.class, () -> Optimizers.sgd(momentum, 1, p, g, null));
        assertThrows(IllegalArgumentException.class, () -> Optimizers.sgd(momentum, 1, p, g, new float[3]));
        assertThrows(IllegalArgumentException.class, () -> Optimizers.sgd(momentum, -1, p, g, m));
        assertThrows(IllegalArgumentException.class, () -> Optimizers.sgd(momentum, 2, p, g, p));
        float[] ones = new float[n];
        Arrays.fill(ones, 1f);
        assertArrayEquals(ones, p, "params written");
        assertArrayEquals(new float[n], m, "m written");
        assertArrayEquals(new float[n], v, "v written");
        Optimizers.sgd(SgdConfig.sgd(0.5), 1, p, g, null); // no buffer needed without momentum
        assertEquals(0.5f, p[0]);
    }
}
