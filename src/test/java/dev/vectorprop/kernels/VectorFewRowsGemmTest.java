package dev.vectorprop.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vectorprop.check.RandomArrays.Values;
import dev.vectorprop.internal.Platform;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link VectorFewRowsGemm} called directly, also at row counts {@code Tuning.fewRowsProduct} does not send
 * to it: k below, at and across a multiple of 8, columns below, at and across its column block and the
 * vector length, alpha and beta, strided operands, and nothing written outside C.
 */
@Tag("kernel")
class VectorFewRowsGemmTest {

    @AfterEach
    void restoreThreads() {
        Gemm.setParallelism(Runtime.getRuntime().availableProcessors());
    }

    @ParameterizedTest(name = "seed={0} m={1} n={2} k={3} alpha={4} beta={5}")
    @CsvSource({"1, 1, 5, 37, 1, 0", "2, 2, 16, 8, 1, 0", "3, 3, 33, 17, -0.75, 1", "4, 4, 1, 3, 2, -0.5",
        "5, 4, 515, 64, 1, 0", "6, 7, 300, 100, 1, 0.25", "7, 12, 257, 1, 1, 0", "8, 2, 1000, 9, 0.5, 0"})
    void matchesReference(long seed, int m, int n, int k, float alpha, float beta) {
        assumeTrue(Platform.VECTOR, "vector path off in this run");
        SplittableRandom r = new SplittableRandom(seed);
        int lda = m + r.nextInt(3), ldb = n + r.nextInt(3), ldc = n + r.nextInt(3);
        int aOff = r.nextInt(4), bOff = r.nextInt(4), cOff = r.nextInt(4);
        Values kind = seed % 4 == 0 ? Values.WITH_EXTREMES : Values.NORMAL;
        float[] a = ProductAsserts.filled(r, aOff + (k - 1) * lda + m + 2, kind);
        float[] b = ProductAsserts.filled(r, bOff + (k - 1) * ldb + n + 1, kind);
        float[] c = ProductAsserts.filled(r, cOff + (m - 1) * ldc + n + 3, Values.NORMAL);
        if (beta == 0f) {
            c[cOff] = Float.NaN; // beta == 0: C must not be read
        }
        float[] out = c.clone();
        VectorFewRowsGemm.sgemm(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, out, cOff, ldc);
        String ctx = "seed=" + seed + " m=" + m + " n=" + n + " k=" + k;
        ProductAsserts.assertProduct(ctx, true, false, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, out, cOff,
                ldc);
    }

    /** Column blocks are split over threads: the same bits for any thread count. */
    @Test
    void sameBitsForAnyThreadCount() {
        assumeTrue(Platform.VECTOR, "vector path off in this run");
        int m = 3, n = 3001, k = 1000;
        SplittableRandom r = new SplittableRandom(12);
        float[] a = ProductAsserts.filled(r, k * m, Values.NORMAL);
        float[] b = ProductAsserts.filled(r, k * n, Values.NORMAL);
        Gemm.setParallelism(1);
        float[] one = new float[m * n];
        VectorFewRowsGemm.sgemm(m, n, k, 1f, a, 0, m, b, 0, n, 0f, one, 0, n);
        for (int threads = 2; threads <= 3; threads++) {
            Gemm.setParallelism(threads);
            float[] many = new float[m * n];
            VectorFewRowsGemm.sgemm(m, n, k, 1f, a, 0, m, b, 0, n, 0f, many, 0, n);
            assertArrayEquals(one, many, threads + " threads");
        }
    }
}
