package dev.vectorprop.kernels;

import dev.vectorprop.internal.Checks;
import dev.vectorprop.internal.Parallel;
import dev.vectorprop.internal.Platform;
import dev.vectorprop.internal.Tuning;

/**
 * Single-precision matrix multiply, {@code C = alpha·op(A)·op(B) + beta·C}, with the semantics of
 * {@code cblas_sgemm(CblasRowMajor, …)}: all matrices row-major, {@code op(A)} is {@code m × k},
 * {@code op(B)} is {@code k × n}, {@code ld*} are row strides (at least the stored row length), and
 * {@code beta == 0} means C is not read (NaN or ∞ in C do not leak into the result). When
 * {@code alpha == 0} or {@code k == 0}, A and B are not read.
 *
 * <p>Implementation: the Goto/BLIS structure — NC/KC/MC blocks around a register-blocked micro-kernel
 * over zero-padded packed panels (block sizes in {@link Tuning}), a no-pack path for small right-hand
 * operands, and matrix–vector paths for {@code m == 1} and {@code n == 1}.
 *
 * <p>Threads: large products are split over blocks of C rows or columns, never over {@code k}, so every
 * element of C is summed in the same order for any thread count: results are bitwise identical with 1,
 * 2 or N threads. Threads come from a shared pool; see {@link #setParallelism(int)}.
 */
public final class Gemm {

    private Gemm() {}

    /**
     * {@code C = alpha·op(A)·op(B) + beta·C}.
     *
     * @param transA  whether A is stored transposed ({@code k × m})
     * @param transB  whether B is stored transposed ({@code n × k})
     * @param m       rows of op(A) and C
     * @param n       columns of op(B) and C
     * @param k       columns of op(A), rows of op(B)
     * @param alpha   scale of the product
     * @param a       A's array; {@code aOffset} its first element, {@code lda} its row stride
     * @param b       B's array; {@code bOffset} its first element, {@code ldb} its row stride
     * @param beta    scale of the old C (0: C is only written)
     * @param c       C's array; {@code cOffset} its first element, {@code ldc} its row stride
     * @throws IllegalArgumentException  for negative sizes, a stride smaller than its row, or C
     *                                   overlapping A or B; nothing is written then
     * @throws IndexOutOfBoundsException when a matrix does not fit its array; nothing is written then
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                             float beta, float[] c, int cOffset, int ldc) {
        checkSizes(m, n, k);
        Checks.matrix("A", a, aOffset, transA ? k : m, transA ? m : k, lda);
        Checks.matrix("B", b, bOffset, transB ? n : k, transB ? k : n, ldb);
        Checks.matrix("C", c, cOffset, m, n, ldc);
        long cLen = extent(m, n, ldc);
        Checks.disjoint("C", c, cOffset, cLen, "A", a, aOffset, extent(transA ? k : m, transA ? m : k, lda));
        Checks.disjoint("C", c, cOffset, cLen, "B", b, bOffset, extent(transB ? n : k, transB ? k : n, ldb));
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0f) {
            scaleC(m, n, beta, c, cOffset, ldc);
        } else if (Platform.VECTOR) {
            VectorGemm.sgemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, null,
                    beta, c, cOffset, ldc, null);
        } else {
            ScalarGemm.sgemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, null,
                    beta, c, cOffset, ldc, null);
        }
    }

    /**
     * {@code C = A·B} for dense row-major arrays: A is {@code m × k}, B is {@code k × n}, C is
     * {@code m × n}.
     */
    public static void sgemm(int m, int n, int k, float[] a, float[] b, float[] c) {
        sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
    }

    /**
     * {@code C = alpha·op(A)·B + beta·C} with a pre-packed right-hand operand (see {@link #packB}).
     * The shape of op(B) is {@code b.rows() × b.columns()}, which must equal {@code k × n}.
     */
    public static void sgemm(boolean transA, int m, int n, int k, float alpha, float[] a, int aOffset,
                             int lda, PackedMatrix b, float beta, float[] c, int cOffset, int ldc) {
        checkSizes(m, n, k);
        Checks.notNull("B", b);
        if (b.rows() != k || b.columns() != n) {
            throw new IllegalArgumentException("packed B is " + b.rows() + "×" + b.columns()
                    + " but op(B) must be k×n = " + k + "×" + n);
        }
        Checks.matrix("A", a, aOffset, transA ? k : m, transA ? m : k, lda);
        Checks.matrix("C", c, cOffset, m, n, ldc);
        Checks.disjoint("C", c, cOffset, extent(m, n, ldc), "A", a, aOffset,
                extent(transA ? k : m, transA ? m : k, lda));
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0f) {
            scaleC(m, n, beta, c, cOffset, ldc);
        } else if (Platform.VECTOR) {
            VectorGemm.sgemm(transA, false, m, n, k, alpha, a, aOffset, lda, null, 0, 0, b, beta, c, cOffset,
                    ldc, null);
        } else {
            ScalarGemm.sgemm(transA, false, m, n, k, alpha, a, aOffset, lda, null, 0, 0, b, beta, c, cOffset,
                    ldc, null);
        }
    }

    /**
     * Packs {@code op(B)} ({@code k × n}) for repeated use as the right-hand operand.
     *
     * @param transB whether B is stored transposed ({@code n × k}; a PyTorch Linear weight used as
     *               {@code Wᵀ} is)
     */
    public static PackedMatrix packB(boolean transB, int k, int n, float[] b, int bOffset, int ldb) {
        checkSizes(1, n, k);
        Checks.matrix("B", b, bOffset, transB ? n : k, transB ? k : n, ldb);
        PackedMatrix p = new PackedMatrix(transB, k, n);
        p.repack(b, bOffset, ldb);
        return p;
    }

    /** @return the number of threads large products may use */
    public static int parallelism() {
        return Parallel.parallelism();
    }

    /**
     * Sets the number of threads large products may use (shared by all vectorprop kernels; default
     * the available processors, or {@code -Dvectorprop.threads=N}). Results do not depend on it.
     */
    public static void setParallelism(int threads) {
        Parallel.setParallelism(threads);
    }

    private static void checkSizes(int m, int n, int k) {
        Checks.nonNegative("m", m);
        Checks.nonNegative("n", n);
        Checks.nonNegative("k", k);
    }

    private static long extent(int rows, int cols, int ld) {
        return rows == 0 || cols == 0 ? 0 : (long) (rows - 1) * ld + cols;
    }

    private static void scaleC(int m, int n, float beta, float[] c, int cOffset, int ldc) {
        for (int i = 0; i < m; i++) {
            if (beta == 0f) {
                ArrayMath.fill(n, 0f, c, cOffset + i * ldc);
            } else if (beta != 1f) {
                ArrayMath.scale(n, beta, c, cOffset + i * ldc, c, cOffset + i * ldc);
            }
        }
    }
}
