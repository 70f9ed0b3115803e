package dev.vectorprop.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vectorprop.check.RandomArrays;
import dev.vectorprop.check.RandomArrays.Values;
import dev.vectorprop.internal.Platform;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Vector API bodies and the scalar fallback bodies, called directly on the same data in one JVM,
 * agree within float tolerance. (Each is also tested against the double references through the
 * facades, at the width of the run; this pins the two paths to each other at every width.)
 */
@Tag("kernel")
class ImplementationParityTest {

    private static final int N = 1000 + 3; // not a multiple of any lane count

    private static void assertClose(String what, float[] expected, float[] actual, double relTol) {
        for (int i = 0; i < expected.length; i++) {
            double tol = relTol * (1 + Math.abs(expected[i]));
            assertEquals(expected[i], actual[i], tol, what + " element " + i);
        }
    }

    @Test
    void gemmPathsAgree() {
        // The GEMM block sizes follow the active path's width: its vector body runs only when it is active.
        Assumptions.assumeTrue(Platform.VECTOR, "vector path off in this run");
        int m = 37, n = 41, k = 53;
        float[] a = RandomArrays.floats(1, m * k, Values.NORMAL);
        float[] b = RandomArrays.floats(2, k * n, Values.NORMAL);
        for (boolean tA : new boolean[] {false, true}) {
            for (boolean tB : new boolean[] {false, true}) {
                float[] cv = new float[m * n];
                float[] cs = new float[m * n];
                VectorGemm.sgemm(tA, tB, m, n, k, 1f, a, 0, tA ? m : k, b, 0, tB ? k : n, null, 0f, cv, 0, n, null);
                ScalarGemm.sgemm(tA, tB, m, n, k, 1f, a, 0, tA ? m : k, b, 0, tB ? k : n, null, 0f, cs, 0, n, null);
                assertClose("sgemm tA=" + tA + " tB=" + tB, cs, cv, 1e-4);
            }
        }
    }

    @Test
    void activationPathsAgree() {
        float[] z = RandomArrays.floats(3, N, Values.NORMAL);
        float[] dy = RandomArrays.floats(4, N, Values.NORMAL);
        for (Activation.Kind kind : Activation.Kind.values()) {
            Activation act = Activation.of(kind);
            float[] yv = new float[N];
            float[] ys = new float[N];
            VectorActivations.forward(kind, act.param(), N, z, 0, yv, 0);
            ScalarActivations.forward(kind, act.param(), 0, N, z, 0, ys, 0);
            assertClose(kind + " forward", ys, yv, 1e-5);
            float[] saved = act.derivativeFromOutput() ? ys : z;
            float[] dv = new float[N];
            float[] ds = new float[N];
            VectorActivations.backward(kind, act.param(), N, dy, 0, saved, 0, dv, 0);
            ScalarActivations.backward(kind, act.param(), 0, N, dy, 0, saved, 0, ds, 0);
            assertClose(kind + " backward", ds, dv, 1e-5);
        }
    }

    @Test
    void lossPathsAgree() {
        int batch = 7, classes = 143;
        float[] x = RandomArrays.floats(5, batch * classes, Values.NORMAL);
        float[] t = RandomArrays.floats(6, batch * classes, Values.UNIFORM);
        float[] gv = new float[x.length];
        float[] gs = new float[x.length];
        double lv = VectorLossKernels.mse(x.length, x, 0, t, 0, gv, 0, 1f / x.length);
        double ls = ScalarLossKernels.mse(x.length, x, 0, t, 0, gs, 0, 1f / x.length);
        assertEquals(ls, lv, 1e-5 * Math.abs(ls), "mse");
        assertClose("mse gradient", gs, gv, 1e-5);
        int[] labels = {0, 5, 142, 17, 99, 3, 64};
        lv = VectorLossKernels.crossEntropyLabels(batch, classes, x, 0, labels, 0, 0.1f, 1f / batch, gv, 0);
        ls = ScalarLossKernels.crossEntropyLabels(batch, classes, x, 0, labels, 0, 0.1f, 1f / batch, gs, 0);
        assertEquals(ls, lv, 1e-5 * Math.abs(ls), "cross-entropy");
        assertClose("cross-entropy gradient", gs, gv, 1e-5);
        float[] sv = new float[x.length];
        float[] ss = new float[x.length];
        VectorLossKernels.softmax(batch, classes, x, 0, sv, 0);
        ScalarLossKernels.softmax(batch, classes, x, 0, ss, 0);
        assertClose("softmax", ss, sv, 1e-5);
    }

    @Test
    void optimizerAndGradientPathsAgree() {
        float[] p0 = RandomArrays.floats(7, N, Values.NORMAL);
        float[] g = RandomArrays.floats(8, N, Values.NORMAL);
        float[] pv = p0.clone();
        float[] ps = p0.clone();
        float[] mv = new float[N];
        float[] ms = new float[N];
        float[] vv = new float[N];
        float[] vs = new float[N];
        for (int step = 0; step < 3; step++) {
            VectorOptimizerKernels.adam(N, pv, 0, g, 0, mv, 0, vv, 0, 0.1f, 0.999f, 0.001f, 1e-3f, 1.2f, 1e-8f, 0f, 1f);
            ScalarOptimizerKernels.adam(0, N, ps, 0, g, 0, ms, 0, vs, 0, 0.1f, 0.999f, 0.001f, 1e-3f, 1.2f, 1e-8f,
                    0f, 1f);
            VectorOptimizerKernels.sgd(N, pv, 0, g, 0, mv, 0, 0.01f, 1e-4f, 0.9f, 1f, step == 0, true);
            ScalarOptimizerKernels.sgd(0, N, ps, 0, g, 0, ms, 0, 0.01f, 1e-4f, 0.9f, 1f, step == 0, true);
        }
        assertClose("adam + sgd parameters", ps, pv, 1e-5);
        assertEquals(ScalarGradientKernels.sumOfSquares(N, g, 0), VectorGradientKernels.sumOfSquares(N, g, 0),
                1e-5 * N, "sum of squares");
        float[] bad = g.clone();
        bad[N - 2] = Float.NaN;
        assertEquals(ScalarGradientKernels.firstNonFinite(0, N, bad, 0),
                VectorGradientKernels.firstNonFinite(N, bad, 0), "first non-finite");
        float[] cv = g.clone();
        float[] cs = g.clone();
        VectorGradientKernels.clamp(N, cv, 0, 0.5f);
        ScalarGradientKernels.clamp(0, N, cs, 0, 0.5f);
        assertClose("clamp", cs, cv, 0);
    }
}
