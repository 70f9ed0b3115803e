package dev.vectorprop.kernels;

import dev.vectorprop.internal.Parallel;
import dev.vectorprop.internal.Tuning;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code C = alpha·Aᵀ·B + beta·C} with few rows of C and A stored k × m ({@link Tuning#fewRowsProduct}):
 * the weight gradient of a very narrow layer, dW = dZᵀ·X with dZ batch × out and out ≤ 4. The packed
 * GEMM would copy all of B (X, batch × in) into panels for one row tile; here C is updated by rank-8 steps
 * that read B's rows in place, front to back: C[i, j..] += Σ_u A[p+u, i]·B[p+u, j..] over a block of
 * {@link #JB} columns, whose C rows and 8 B rows stay in L1. Every element of C sums its k products in
 * order p = 0, 1, …, so the result is the same for any thread count (threads split columns).
 */
final class VectorFewRowsGemm {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /** Columns per block: C's block (m·1 KiB) and 8 rows of B (8 KiB) stay in L1. */
    private static final int JB = 256;

    /** Rows of B per step: 9 loads (8 of B, 1 of C) and a store per 8 FMAs. */
    private static final int KU = 8;

    private VectorFewRowsGemm() {}

    /** Arguments checked, {@code m, n, k > 0}; column blocks are split over threads. */
    static void sgemm(int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        int parts = 2L * m * n * k < Tuning.PARALLEL_MIN_FLOPS ? 1 : Parallel.parallelism();
        int blocks = Math.ceilDiv(n, JB);
        int p = Math.min(parts, blocks);
        if (p <= 1) { // no lambda: one thread allocates nothing
            columns(0, n, m, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        Parallel.run(p, t -> columns((int) ((long) blocks * t / p) * JB,
                Math.min(n, (int) ((long) blocks * (t + 1) / p) * JB), m, k, alpha, a, aOff, lda, b, bOff, ldb,
                beta, c, cOff, ldc));
    }

    private static void columns(int from, int to, int m, int k, float alpha, float[] a, int aOff, int lda,
                                float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        VectorGemm.scale(beta, c, cOff, ldc, 0, m, from, to); // beta == 0: zeros, C never read
        for (int j0 = from; j0 < to; j0 += JB) {
            int cols = Math.min(JB, to - j0);
            int p = 0;
            for (; p + KU <= k; p += KU) {
                for (int i = 0; i < m; i++) {
                    rank8(cols, alpha, a, aOff + p * lda + i, lda, b, bOff + p * ldb + j0, ldb, c, cOff + i * ldc + j0);
                }
            }
            for (; p < k; p++) {
                for (int i = 0; i < m; i++) {
                    float v = alpha * a[aOff + p * lda + i];
                    int bi = bOff + p * ldb + j0;
                    int ci = cOff + i * ldc + j0;
                    int j = 0;
                    if (L > 1) {
                        FloatVector vv = FloatVector.broadcast(S, v);
                        for (; j + L <= cols; j += L) {
                            VectorArrayKernels.fma(vv, FloatVector.fromArray(S, b, bi + j),
                                    FloatVector.fromArray(S, c, ci + j)).intoArray(c, ci + j);
                        }
                    }
                    for (; j < cols; j++) {
                        c[ci + j] = ScalarArrayKernels.fma(v, b[bi + j], c[ci + j]);
                    }
                }
            }
        }
    }

    /**
     * One row of C over {@code cols} columns from {@code ci}: {@code C += Σ_u (alpha·a[ai + u·lda])·B row u}
     * for u = 0..7, the products added in order of u.
     */
    private static void rank8(int cols, float alpha, float[] a, int ai, int lda, float[] b, int bi, int ldb,
                              float[] c, int ci) {
        float s0 = alpha * a[ai], s1 = alpha * a[ai + lda], s2 = alpha * a[ai + 2 * lda];
        float s3 = alpha * a[ai + 3 * lda], s4 = alpha * a[ai + 4 * lda], s5 = alpha * a[ai + 5 * lda];
        float s6 = alpha * a[ai + 6 * lda], s7 = alpha * a[ai + 7 * lda];
        int b1 = bi + ldb, b2 = b1 + ldb, b3 = b2 + ldb, b4 = b3 + ldb, b5 = b4 + ldb, b6 = b5 + ldb, b7 = b6 + ldb;
        int j = 0;
        if (L > 1) {
            FloatVector v0 = FloatVector.broadcast(S, s0), v1 = FloatVector.broadcast(S, s1);
            FloatVector v2 = FloatVector.broadcast(S, s2), v3 = FloatVector.broadcast(S, s3);
            FloatVector v4 = FloatVector.broadcast(S, s4), v5 = FloatVector.broadcast(S, s5);
            FloatVector v6 = FloatVector.broadcast(S, s6), v7 = FloatVector.broadcast(S, s7);
            for (int bound = cols - cols % L; j < bound; j += L) {
                FloatVector acc = FloatVector.fromArray(S, c, ci + j);
                acc = VectorArrayKernels.fma(v0, FloatVector.fromArray(S, b, bi + j), acc);
                acc = VectorArrayKernels.fma(v1, FloatVector.fromArray(S, b, b1 + j), acc);
                acc = VectorArrayKernels.fma(v2, FloatVector.fromArray(S, b, b2 + j), acc);
                acc = VectorArrayKernels.fma(v3, FloatVector.fromArray(S, b, b3 + j), acc);
                acc = VectorArrayKernels.fma(v4, FloatVector.fromArray(S, b, b4 + j), acc);
                acc = VectorArrayKernels.fma(v5, FloatVector.fromArray(S, b, b5 + j), acc);
                acc = VectorArrayKernels.fma(v6, FloatVector.fromArray(S, b, b6 + j), acc);
                acc = VectorArrayKernels.fma(v7, FloatVector.fromArray(S, b, b7 + j), acc);
                acc.intoArray(c, ci + j);
            }
        }
        for (; j < cols; j++) {
            float acc = c[ci + j];
            acc = ScalarArrayKernels.fma(s0, b[bi + j], acc);
            acc = ScalarArrayKernels.fma(s1, b[b1 + j], acc);
            acc = ScalarArrayKernels.fma(s2, b[b2 + j], acc);
            acc = ScalarArrayKernels.fma(s3, b[b3 + j], acc);
            acc = ScalarArrayKernels.fma(s4, b[b4 + j], acc);
            acc = ScalarArrayKernels.fma(s5, b[b5 + j], acc);
            acc = ScalarArrayKernels.fma(s6, b[b6 + j], acc);
            acc = ScalarArrayKernels.fma(s7, b[b7 + j], acc);
            c[ci + j] = acc;
        }
    }
}
