package dev.vectorprop.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorprop.check.GradCheck;
import dev.vectorprop.check.RandomArrays;
import dev.vectorprop.check.RandomArrays.Values;
import dev.vectorprop.check.Tolerance;
import dev.vectorprop.internal.Tuning;
import dev.vectorprop.kernels.Linear.Gradients;
import dev.vectorprop.reference.ReferenceActivations;
import dev.vectorprop.reference.ReferenceLinear;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Tag("kernel")
class LinearTest {

    private static final long SEED = 0x11_7ea2L;
    static final Activation[] ACTIVATIONS = {Activation.IDENTITY, Activation.RELU, Activation.LEAKY_RELU,
        Activation.SIGMOID, Activation.TANH, Activation.GELU, Activation.GELU_TANH, Activation.SILU,
        Activation.SOFTPLUS, Activation.ELU};
    private static final int[][] SHAPES = {{1, 1, 1}, {1, 7, 3}, {3, 1, 5}, {4, 5, 1}, {2, 0, 3}, {17, 33, 9},
        {32, 128, 10}, {64, 31, 70}, {5, 300, 7}, {130, 20, 41}, {1, 64, 96}, {13, 17, 19}, {37, 400, 10},
        {70, 200, 3}, {20, 300, 250},
        // Two k blocks (running sums between them, the bias and the epilogue on the last): forward (k = in),
        // input gradient (k = out), weight gradient (k = batch) packed and, for 11 outputs, read in place.
        {3, Tuning.GEMM_KC + 50, 20}, {8, 20, Tuning.GEMM_KC + 30}, {Tuning.GEMM_KC + 10, 9, 14},
        {Tuning.GEMM_KC + 5, 12, 11}};
    /**
     * Relative accuracy of the float activations and their derivatives against double (generous: the
     * worst measured is ~2e-5 for SiLU's derivative; an indexing or transposition bug errs by O(1)).
     */
    private static final double ACT_TOL = 1e-4;

    /** One layer's data. */
    record Layer(long seed, Activation act, int batch, int in, int out, float[] x, float[] w, float[] bias,
                 float[] dy) {
        static Layer random(long seed, Activation act, int batch, int in, int out, boolean withBias) {
            SplittableRandom r = new SplittableRandom(seed);
            float[] x = RandomArrays.floats(r, batch * in, Values.NORMAL);
            float[] w = RandomArrays.floats(r, out * in, Values.NORMAL);
            float scale = (float) (1.5 / Math.sqrt(Math.max(1, in)));
            for (int i = 0; i < w.length; i++) {
                w[i] *= scale;
            }
            float[] bias = withBias ? RandomArrays.floats(r, out, Values.NORMAL) : null;
            float[] dy = RandomArrays.floats(r, batch * out, Values.NORMAL);
            return new Layer(seed, act, batch, in, out, x, w, bias, dy);
        }

        String describe() {
            return "seed=" + seed + ", act=" + act + ", shape batch=" + batch + " in=" + in + " out=" + out
                    + (bias == null ? " (no bias)" : "");
        }
    }

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        int i = 0;
        for (Activation act : ACTIVATIONS) {
            for (int[] s : SHAPES) {
                b.add(Arguments.of(SEED + i++, act, s[0], s[1], s[2]));
            }
        }
        return b.build();
    }

    @AfterEach
    void restoreThreads() {
        Gemm.setParallelism(Runtime.getRuntime().availableProcessors());
    }

    @ParameterizedTest(name = "seed={0} {1} batch={2} in={3} out={4}")
    @MethodSource("cases")
    void forwardMatchesReference(long seed, Activation act, int batch, int in, int out) {
        Layer l = Layer.random(seed, act, batch, in, out, seed % 3 != 0);
        float[] y = new float[batch * out];
        float[] z = new float[batch * out];
        Linear.forward(act, batch, in, out, l.x(), 0, l.w(), 0, l.bias(), 0, y, 0, z, 0);
        assertForward(l, y, z, "raw W");
        float[] yp = new float[batch * out];
        float[] zp = new float[batch * out];
        LinearWeights packed = LinearWeights.pack(in, out, l.w(), 0);
        Linear.forward(act, batch, l.x(), 0, packed, l.bias(), 0, yp, 0, zp, 0);
        assertForward(l, yp, zp, "packed W");
        // Without Z the GEMM writes Y and the epilogue works in place (for ReLU the bias joins its pass).
        float[] yOnly = new float[batch * out];
        Linear.forward(act, batch, in, out, l.x(), 0, l.w(), 0, l.bias(), 0, yOnly, 0, null, 0);
        assertY(l, yOnly, "raw W, no Z");
        float[] ypOnly = new float[batch * out];
        Linear.forward(act, batch, l.x(), 0, packed, l.bias(), 0, ypOnly, 0, null, 0);
        assertY(l, ypOnly, "packed W, no Z");
    }

    /** Y alone, against the exact Y: Z's reduction bound through the (at most ~1.13-Lipschitz) activation. */
    private static void assertY(Layer l, float[] y, String how) {
        ReferenceLinear.Forward ref = ReferenceLinear.forward(l.act(), l.batch(), l.in(), l.out(), l.x(), l.w(),
                l.bias());
        for (int e = 0; e < y.length; e++) {
            double bz = Tolerance.reductionBound(l.in() + 2, ref.zMagnitude()[e]);
            double bound = 1.2 * bz + ACT_TOL * (Math.abs(ref.y()[e]) + Math.abs(ref.z()[e])) + 1e-30;
            Tolerance.assertClose(l.describe() + " (" + how + ") Y element " + e, ref.y()[e], y[e], bound);
        }
    }

    private static void assertForward(Layer l, float[] y, float[] z, String how) {
        ReferenceLinear.Forward ref = ReferenceLinear.forward(l.act(), l.batch(), l.in(), l.out(), l.x(), l.w(),
                l.bias());
        String ctx = l.describe() + " (" + how + ")";
        Tolerance.assertAllClose(ctx + " Z", ref.z(), ref.zMagnitude(), l.in() + 2, z, 0);
        for (int e = 0; e < y.length; e++) {
            // Y must be act of the kernel's own Z, to the activation's accuracy ...
            double expected = ReferenceActivations.forward(l.act(), z[e]);
            double bound = ACT_TOL * (Math.abs(expected) + Math.abs(z[e])) + 1e-30;
            Tolerance.assertClose(ctx + " Y element " + e, expected, y[e], bound);
            // ... and close to the exact Y (activations are at most ~1.13-Lipschitz).
            double bz = Tolerance.reductionBound(l.in() + 2, ref.zMagnitude()[e]);
            Tolerance.assertClose(ctx + " Y vs exact, element " + e, ref.y()[e], y[e], 1.2 * bz + bound);
        }
    }

    @ParameterizedTest(name = "seed={0} {1} batch={2} in={3} out={4}")
    @MethodSource("cases")
    void backwardMatchesReference(long seed, Activation act, int batch, int in, int out) {
        Layer l = Layer.random(seed, act, batch, in, out, true);
        float[] y = new float[batch * out];
        float[] z = new float[batch * out];
        Linear.forward(act, batch, in, out, l.x(), 0, l.w(), 0, l.bias(), 0, y, 0, z, 0);
        float[] saved = act.derivativeFromOutput() ? y : z;
        ReferenceLinear.Backward ref = ReferenceLinear.backward(act, batch, in, out, l.x(), l.w(), saved, l.dy());
        float[] dx = new float[batch * in];
        float[] dw = new float[out * in];
        float[] db = new float[out];
        Arrays.fill(dw, Float.NaN); // OVERWRITE must not read old values
        Arrays.fill(db, Float.NaN);
        Linear.backward(act, batch, in, out, l.x(), 0, l.w(), 0, saved, 0, l.dy(), 0, dx, 0, dw, 0, db, 0,
                Gradients.OVERWRITE);
        assertBackward(l, ref, dx, dw, db, "raw W");
        LinearWeights packed = LinearWeights.pack(in, out, l.w(), 0);
        float[] dx2 = new float[batch * in];
        float[] dw2 = new float[out * in];
        float[] db2 = new float[out];
        Linear.backward(act, batch, l.x(), 0, packed, saved, 0, l.dy(), 0, dx2, 0, dw2, 0, db2, 0,
                Gradients.OVERWRITE);
        assertBackward(l, ref, dx2, dw2, db2, "packed W");
    }

    private static void assertBackward(Layer l, ReferenceLinear.Backward ref, float[] dx, float[] dw, float[] db,
                                       String how) {
        String ctx = l.describe() + " (" + how + ")";
        assertGrad(ctx + " dX", ref.dx(), ref.dxMagnitude(), l.out(), dx);
        assertGrad(ctx + " dW", ref.dw(), ref.dwMagnitude(), l.batch(), dw);
        assertGrad(ctx + " db", ref.db(), ref.dbMagnitude(), l.batch(), db);
    }

    private static void assertGrad(String ctx, double[] expected, double[] mag, int terms, float[] actual) {
        for (int e = 0; e < expected.length; e++) {
            double bound = Tolerance.reductionBound(terms + 2, mag[e]) + ACT_TOL * mag[e];
            Tolerance.assertClose(ctx + " element " + e, expected[e], actual[e], bound);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("activations")
    void gradientsMatchFiniteDifferences(Activation act) {
        int batch = 3, in = 4, out = 5;
        Layer l;
        long seed = SEED + act.hashCode();
        do { // keep every z away from the kinks at 0 (relu, leaky relu, elu)
            l = Layer.random(seed++, act, batch, in, out, true);
        } while (minAbsZ(l) < 1e-2);
        float[] y = new float[batch * out];
        float[] z = new float[batch * out];
        Linear.forward(act, batch, in, out, l.x(), 0, l.w(), 0, l.bias(), 0, y, 0, z, 0);
        float[] dx = new float[batch * in];
        float[] dw = new float[out * in];
        float[] db = new float[out];
        Linear.backward(act, batch, in, out, l.x(), 0, l.w(), 0, act.derivativeFromOutput() ? y : z, 0, l.dy(), 0,
                dx, 0, dw, 0, db, 0, Gradients.OVERWRITE);
        Layer fl = l;
        double[][] numeric = GradCheck.numericGradient(
                v -> ReferenceLinear.weightedOutputSum(act, batch, in, out, v, fl.dy()),
                GradCheck.toDouble(l.x(), l.w(), l.bias()));
        GradCheck.compare(new float[][] {dx, dw, db}, numeric).assertWithin(l.describe(), 1e-4, 1e-2);
    }

    static Stream<Activation> activations() {
        return Arrays.stream(ACTIVATIONS);
    }

    private static double minAbsZ(Layer l) {
        ReferenceLinear.Forward f = ReferenceLinear.forward(l.act(), l.batch(), l.in(), l.out(), l.x(), l.w(),
                l.bias());
        return Arrays.stream(f.z()).map(Math::abs).min().orElse(1);
    }

    @Test
    void accumulateAddsAndOverwriteReplaces() {
        Activation act = Activation.TANH;
        int batch = 9, in = 23, out = 11;
        Layer l = Layer.random(SEED, act, batch, in, out, true);
        float[] y = new float[batch * out];
        Linear.forward(act, batch, in, out, l.x(), 0, l.w(), 0, l.bias(), 0, y, 0, null, 0);
        float[] dy2 = RandomArrays.floats(SEED + 9, batch * out, Values.NORMAL);
        float[] sum = new float[batch * out];
        for (int i = 0; i < sum.length; i++) {
            sum[i] = l.dy()[i] + dy2[i];
        }
        float[] dwAcc = new float[out * in];
        float[] dbAcc = new float[out];
        Linear.backward(act, batch, in, out, l.x(), 0, l.w(), 0, y, 0, l.dy(), 0, null, 0, dwAcc, 0, dbAcc, 0,
                Gradients.ACCUMULATE);
        Linear.backward(act, batch, in, out, l.x(), 0, l.w(), 0, y, 0, dy2, 0, null, 0, dwAcc, 0, dbAcc, 0,
                Gradients.ACCUMULATE);
        float[] dwSum = new float[out * in];
        float[] dbSum = new float[out];
        Linear.backward(act, batch, in, out, l.x(), 0, l.w(), 0, y, 0, sum, 0, null, 0, dwSum, 0, dbSum, 0,
                Gradients.OVERWRITE);
        for (int i = 0; i < dwSum.length; i++) {
            assertEquals(dwSum[i], dwAcc[i], 1e-4 * (1 + Math.abs(dwSum[i])), "dW[" + i + "]");
        }
        for (int i = 0; i < dbSum.length; i++) {
            assertEquals(dbSum[i], dbAcc[i], 1e-4 * (1 + Math.abs(dbSum[i])), "db[" + i + "]");
        }
        // OVERWRITE after accumulation gives the single-call result again.
        float[] dwOnce = new float[out * in];
        Linear.backward(act, batch, in, out, l.x(), 0, l.w(), 0, y, 0, dy2, 0, null, 0, dwOnce, 0, null, 0,
                Gradients.OVERWRITE);
        Linear.backward(act, batch, in, out, l.x(), 0, l.w(), 0, y, 0, dy2, 0, null, 0, dwAcc, 0, null, 0,
                Gradients.OVERWRITE);
        assertArrayEquals(dwOnce, dwAcc);
    }

    @Test
    void bitwiseIdenticalForAnyThreadCount() {
        Activation act = Activation.GELU;
        int batch = 96, in = 200, out = 150;
        Layer l = Layer.random(SEED, act, batch, in, out, true);
        float[][] first = null;
        for (int threads = 1; threads <= 3; threads++) {
            Gemm.setParallelism(threads);
            float[] y = new float[batch * out];
            float[] z = new float[batch * out];
            Linear.forward(act, batch, in, out, l.x(), 0, l.w(), 0, l.bias(), 0, y, 0, z, 0);
            float[] dx = new float[batch * in];
            float[] dw = new float[out * in];
            float[] db = new float[out];
            Linear.backward(act, batch, in, out, l.x(), 0, l.w(), 0, z, 0, l.dy(), 0, dx, 0, dw, 0, db, 0,
                    Gradients.OVERWRITE);
            float[][] now = {y, z, dx, dw, db};
            if (first == null) {
                first = now;
            } else {
                for (int t = 0; t < now.length; t++) {
                    assertArrayEquals(first[t], now[t], "output " + t + " with " + threads + " threads");
                }
            }
        }
    }

    @Test
    void epilogueReleasesTheCallersArrays() {
        Layer l = Layer.random(SEED, Activation.RELU, 4, 8, 16, true);
        float[] y = new float[4 * 16];
        float[] z = new float[4 * 16];
        Linear.forward(Activation.RELU, 4, 8, 16, l.x(), 0, l.w(), 0, l.bias(), 0, y, 0, z, 0);
        GemmEpilogue ep = GemmEpilogue.forThread();
        assertEquals(null, ep.bias, "bias still referenced after the call");
        assertEquals(null, ep.y, "Y still referenced after the call");
    }

    @Test
    void badInputThrowsBeforeWriting() {
        float[] x = new float[6];   // 2 × 3
        float[] w = new float[12];  // 4 × 3
        float[] b = new float[4];
        float[] y = new float[8];
        Arrays.fill(y, 5f);
        float[] before = y.clone();
        Activation a = Activation.RELU;
        assertThrows(IndexOutOfBoundsException.class, () -> Linear.forward(a, 3, 3, 4, x, 0, w, 0, b, 0, y, 0, null, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> Linear.forward(a, 2, 3, 4, x, 0, w, 1, b, 0, y, 0, null, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> Linear.forward(a, 2, 3, 4, x, 0, w, 0, new float[3], 0, y, 0, null, 0));
        assertThrows(NullPointerException.class, () -> Linear.forward(null, 2, 3, 4, x, 0, w, 0, b, 0, y, 0, null, 0));
        assertThrows(NullPointerException.class, () -> Linear.forward(a, 2, 3, 4, null, 0, w, 0, b, 0, y, 0, null, 0));
        float[] shared = new float[20];
        var e = assertThrows(IllegalArgumentException.class,
                () -> Linear.forward(a, 2, 3, 4, shared, 0, w, 0, b, 0, shared, 4, null, 0));
        assertTrue(e.getMessage().contains("Y"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Linear.forward(a, 2, 3, 4, x, 0, w, 0, b, 0, y, 0, y, 0));
        assertArrayEquals(before, y);

        float[] dy = new float[8];
        float[] dw = new float[12];
        Arrays.fill(dw, 3f);
        float[] dwBefore = dw.clone();
        assertThrows(IndexOutOfBoundsException.class, () -> Linear.backward(a, 2, 3, 4, x, 0, w, 0, y, 0, dy, 0,
                null, 0, new float[11], 0, null, 0, Gradients.OVERWRITE));
        assertThrows(NullPointerException.class, () -> Linear.backward(a, 2, 3, 4, x, 0, w, 0, y, 0, dy, 0,
                null, 0, dw, 0, null, 0, null));
        assertThrows(IllegalArgumentException.class, () -> Linear.backward(a, 2, 3, 4, x, 0, w, 0, y, 0, dy, 0,
                null, 0, dw, 0, dw, 0, Gradients.OVERWRITE));
        assertThrows(IllegalArgumentException.class, () -> Linear.backward(a, 2, 3, 4, x, 0, w, 0, y, 0, dy, 0,
                x, 0, dw, 0, null, 0, Gradients.OVERWRITE));
        assertArrayEquals(dwBefore, dw);
        LinearWeights lw = LinearWeights.pack(3, 4, w, 0);
        assertThrows(IndexOutOfBoundsException.class, () -> Linear.forward(a, 3, x, 0, lw, b, 0, y, 0, null, 0));
    }

    /**
     * A repack after W changes (an optimizer step) gives what packing the new W afresh gives, for a wide
     * layer (Wᵀ packed) and for narrow ones (W's rows copied, see {@code Tuning.narrowProduct}).
     */
    @ParameterizedTest(name = "batch={0} in={1} out={2}")
    @MethodSource("repackShapes")
    void repackAfterAnUpdateMatchesFreshPacking(int batch, int in, int out) {
        Layer l = Layer.random(SEED + in + out, Activation.TANH, batch, in, out, true);
        LinearWeights lw = LinearWeights.pack(in, out, l.w(), 0);
        float[] w2 = l.w().clone();
        for (int i = 0; i < w2.length; i++) {
            w2[i] = -0.5f * w2[i] + 0.01f;
        }
        lw.repack(w2, 0);
        LinearWeights fresh = LinearWeights.pack(in, out, w2, 0);
        assertArrayEquals(fresh.plain.data, lw.plain.data, l.describe() + " W packed as stored");
        if (fresh.transposed != null) {
            assertArrayEquals(fresh.transposed.data, lw.transposed.data, l.describe() + " Wᵀ packed");
        }
        float[] y1 = new float[batch * out];
        float[] y2 = new float[batch * out];
        Linear.forward(Activation.TANH, batch, l.x(), 0, lw, l.bias(), 0, y1, 0, null, 0);
        Linear.forward(Activation.TANH, batch, l.x(), 0, fresh, l.bias(), 0, y2, 0, null, 0);
        assertArrayEquals(y2, y1, l.describe() + " forward after repack");
        float[] dx1 = new float[batch * in];
        float[] dx2 = new float[batch * in];
        float[] dw = new float[out * in];
        Linear.backward(Activation.TANH, batch, l.x(), 0, lw, y1, 0, l.dy(), 0, dx1, 0, dw, 0, null, 0,
                Gradients.OVERWRITE);
        Linear.backward(Activation.TANH, batch, l.x(), 0, fresh, y2, 0, l.dy(), 0, dx2, 0, dw, 0, null, 0,
                Gradients.OVERWRITE);
        assertArrayEquals(dx2, dx1, l.describe() + " dX after repack");
    }

    static Stream<Arguments> repackShapes() {
        // Also in and out multiples of 16 in one k block each: both packs from one pass over W
        // (VectorGemm.packBoth); 816 takes two k blocks, packed one by one.
        return Stream.of(Arguments.of(9, 40, 30), Arguments.of(33, 400, 10), Arguments.of(20, 256, 3),
                Arguments.of(5, 128, 128), Arguments.of(3, 16, 256), Arguments.of(7, 256, 16),
                Arguments.of(2, 64, 32), Arguments.of(4, 272, 48), Arguments.of(6, 48, 272),
                Arguments.of(2, 784, 512), Arguments.of(3, 816, 32), Arguments.of(2, 48, 816));
    }
}
