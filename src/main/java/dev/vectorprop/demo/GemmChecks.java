package dev.vectorprop.demo;

import dev.vectorprop.check.RandomArrays;
import dev.vectorprop.check.Tolerance;
import dev.vectorprop.kernels.Gemm;
import dev.vectorprop.reference.ReferenceGemm;
import java.util.List;
import java.util.SplittableRandom;

/** Self-checks of {@link Gemm} at a few shapes (m × k × n). */
final class GemmChecks implements SelfCheck {

    private final int m;
    private final int n;
    private final int k;
    private final boolean transB;
    private float[] a;
    private float[] b;
    private float[] c;

    private GemmChecks(int m, int k, int n, boolean transB) {
        this.m = m;
        this.n = n;
        this.k = k;
        this.transB = transB;
    }

    static List<SelfCheck> all(boolean quick) {
        return quick ? List.of(new GemmChecks(64, 64, 64, false), new GemmChecks(1, 256, 256, false))
                : List.of(new GemmChecks(256, 256, 256, false), new GemmChecks(256, 784, 512, true),
                        new GemmChecks(32, 128, 128, false), new GemmChecks(1, 1024, 1024, false));
    }

    @Override
    public String name() {
        return "sgemm" + (transB ? " (B transposed)" : "");
    }

    @Override
    public String shape() {
        return m + "x" + k + "x" + n;
    }

    @Override
    public double verify(SplittableRandom r) {
        a = RandomArrays.floats(r, m * k, RandomArrays.Values.NORMAL);
        b = RandomArrays.floats(r, k * n, RandomArrays.Values.NORMAL);
        c = new float[m * n];
        int ldb = transB ? k : n;
        run();
        double[] expected = ReferenceGemm.sgemm(false, transB, m, n, k, 1f, a, 0, k, b, 0, ldb, 0f, c, 0, n);
        double[] mag = ReferenceGemm.magnitudes(false, transB, m, n, k, 1f, a, 0, k, b, 0, ldb, 0f, c, 0, n);
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - c[i]) / Tolerance.reductionBound(k + 2, mag[i]));
        }
        return worst;
    }

    @Override
    public void run() {
        Gemm.sgemm(false, transB, m, n, k, 1f, a, 0, k, b, 0, transB ? k : n, 0f, c, 0, n);
    }

    @Override
    public double work() {
        return 2.0 * m * n * k;
    }

    @Override
    public String unit() {
        return "GFLOP/s";
    }
}
