package dev.vectorprop.bench;

import dev.vectorprop.kernels.Gemm;

/**
 * The one place the benchmarks call vectorprop's GEMM, so that a change of its API touches one file.
 */
public final class VectorpropGemm {

    private VectorpropGemm() {}

    /**
     * {@link Gemm#sgemm}: row-major {@code C = alpha·op(A)·op(B) + beta·C}.
     *
     * @param transA use {@code Aᵀ}
     * @param transB use {@code Bᵀ}
     * @param m rows of C
     * @param n columns of C
     * @param k inner dimension
     * @param alpha scale of the product
     * @param a matrix A
     * @param aOffset index of A's first element
     * @param lda row stride of A
     * @param b matrix B
     * @param bOffset index of B's first element
     * @param ldb row stride of B
     * @param beta scale of the old C
     * @param c matrix C
     * @param cOffset index of C's first element
     * @param ldc row stride of C
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                             float beta, float[] c, int cOffset, int ldc) {
        Gemm.sgemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
    }

    /**
     * {@link Gemm#setParallelism}.
     *
     * @param threads thread count, at least 1
     */
    public static void setParallelism(int threads) {
        Gemm.setParallelism(threads);
    }
}
