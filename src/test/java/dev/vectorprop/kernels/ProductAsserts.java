package dev.vectorprop.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vectorprop.check.RandomArrays;
import dev.vectorprop.check.RandomArrays.Values;
import dev.vectorprop.check.Tolerance;
import dev.vectorprop.reference.ReferenceGemm;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Shared checks of the tests that call a GEMM path directly (not through {@link Gemm}'s dispatch). */
final class ProductAsserts {

    /** Written at the end of every operand, so a read past it shows in the result. */
    static final float SENTINEL = -5555.5f;

    private ProductAsserts() {}

    /** Random values with {@link #SENTINEL} as the last element. */
    static float[] filled(SplittableRandom r, int length, Values kind) {
        float[] x = RandomArrays.floats(r, length, kind);
        if (length > 0) {
            x[length - 1] = SENTINEL;
        }
        return x;
    }

    /**
     * {@code out} against the double reference of {@code alpha·op(A)·op(B) + beta·c} row by row, and every
     * element of {@code out} outside the m × n matrix still equal to {@code c}'s.
     */
    static void assertProduct(String ctx, boolean tA, boolean tB, int m, int n, int k, float alpha, float[] a,
                              int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, float[] out,
                              int cOff, int ldc) {
        double[] expected = ReferenceGemm.sgemm(tA, tB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff,
                ldc);
        double[] mag = ReferenceGemm.magnitudes(tA, tB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff,
                ldc);
        for (int i = 0; i < m; i++) {
            Tolerance.assertAllClose(ctx + ", row " + i, Arrays.copyOfRange(expected, i * n, (i + 1) * n),
                    Arrays.copyOfRange(mag, i * n, (i + 1) * n), k + 2, out, cOff + i * ldc);
        }
        for (int idx = 0; idx < out.length; idx++) {
            int rel = idx - cOff;
            if (rel < 0 || rel / ldc >= m || rel % ldc >= n) {
                assertEquals(Float.floatToIntBits(c[idx]), Float.floatToIntBits(out[idx]),
                        ctx + ": C[" + idx + "] outside the matrix was written");
            }
        }
    }
}
