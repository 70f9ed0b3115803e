package dev.vectorprop.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vectorprop.check.RandomArrays.Values;
import dev.vectorprop.internal.Platform;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link VectorNarrowGemm} called directly, also at shapes {@code Tuning.narrowProduct} does not send
 * to it (the facade tests in {@code GemmTest} reach it only through the rule): every tile path (4 × 2
 * tiles, leftover rows, the odd last column), k below, at and across a multiple of 2·L, alpha and beta,
 * strided operands, and nothing written outside C.
 */
@Tag("kernel")
class VectorNarrowGemmTest {

    @AfterEach
    void restoreThreads() {
        Gemm.setParallelism(Runtime.getRuntime().availableProcessors());
    }

    @ParameterizedTest(name = "seed={0} m={1} n={2} k={3} alpha={4} beta={5}")
    @CsvSource({"1, 9, 5, 37, 1, 0", "2, 4, 2, 16, 1, 0", "3, 33, 16, 32, -0.75, 1", "4, 7, 1, 3, 2, -0.5",
        "5, 64, 10, 515, 1, 0", "6, 3, 3, 100, 1, 0.25", "7, 40, 7, 1, 1, 0", "8, 5, 12, 1000, 0.5, 0"})
    void matchesReference(long seed, int m, int n, int k, float alpha, float beta) {
        assumeTrue(Platform.VECTOR, "vector path off in this run");
        SplittableRandom r = new SplittableRandom(seed);
        int lda = k + r.nextInt(3), ldb = k + r.nextInt(3), ldc = n + r.nextInt(3);
        int aOff = r.nextInt(4), bOff = r.nextInt(4), cOff = r.nextInt(4);
        Values kind = seed % 4 == 0 ? Values.WITH_EXTREMES : Values.NORMAL;
        float[] a = ProductAsserts.filled(r, aOff + (m - 1) * lda + k + 2, kind);
        float[] b = ProductAsserts.filled(r, bOff + (n - 1) * ldb + k + 1, kind);
        float[] c = ProductAsserts.filled(r, cOff + (m - 1) * ldc + n + 3, Values.NORMAL);
        if (beta == 0f) {
            c[cOff] = Float.NaN; // beta == 0: C must not be read
        }
        float[] out = c.clone();
        VectorNarrowGemm.sgemm(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, out, cOff, ldc, null);
        String ctx = "seed=" + seed + " m=" + m + " n=" + n + " k=" + k;
        ProductAsserts.assertProduct(ctx, false, true, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, out, cOff,
                ldc);
    }

    /** Rows are split over threads in whole stripes: the same bits for any thread count. */
    @Test
    void sameBitsForAnyThreadCount() {
        assumeTrue(Platform.VECTOR, "vector path off in this run");
        int m = 3001, n = 10, k = 300;
        SplittableRandom r = new SplittableRandom(11);
        float[] a = ProductAsserts.filled(r, m * k, Values.NORMAL);
        float[] b = ProductAsserts.filled(r, n * k, Values.NORMAL);
        Gemm.setParallelism(1);
        float[] one = new float[m * n];
        VectorNarrowGemm.sgemm(m, n, k, 1f, a, 0, k, b, 0, k, 0f, one, 0, n, null);
        for (int threads = 2; threads <= 3; threads++) {
            Gemm.setParallelism(threads);
            float[] many = new float[m * n];
            VectorNarrowGemm.sgemm(m, n, k, 1f, a, 0, k, b, 0, k, 0f, many, 0, n, null);
            assertArrayEquals(one, many, threads + " threads");
        }
    }
}
