package dev.vectorprop.reference;

/**
 * Scalar oracle for {@link dev.vectorprop.kernels.Gemm}: the textbook triple loop in double.
 */
public final class ReferenceGemm {

    private ReferenceGemm() {}

    /**
     * {@code alpha·op(A)·op(B) + beta·C} in double, with {@code cblas_sgemm} row-major semantics
     * ({@code beta == 0}: C is not read).
     *
     * @return the result as a dense row-major {@code m × n} array
     */
    public static double[] sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                                 float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                                 float beta, float[] c, int cOffset, int ldc) {
        return compute(false, transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset,
                ldc);
    }

    /**
     * The condition magnitude of each result element, {@code |alpha|·Σ|a·b| + |beta·c|}, for
     * {@link dev.vectorprop.check.Tolerance#reductionBound(int, double)}.
     */
    public static double[] magnitudes(boolean transA, boolean transB, int m, int n, int k, float alpha,
                                      float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                                      float beta, float[] c, int cOffset, int ldc) {
        return compute(true, transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset,
                ldc);
    }

    /** The product, or with {@code abs} the same sums over absolute values of every term. */
    private static double[] compute(boolean abs, boolean transA, boolean transB, int m, int n, int k, float alpha,
                                    float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                                    float beta, float[] c, int cOffset, int ldc) {
        double[] r = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double t = (double) elementA(transA, a, aOffset, lda, i, p)
                            * elementB(transB, b, bOffset, ldb, p, j);
                    s += abs ? Math.abs(t) : t;
                }
                double old = beta == 0f ? 0 : (double) beta * c[cOffset + i * ldc + j];
                if (abs) {
                    r[i * n + j] = Math.abs((double) alpha) * s + Math.abs(old);
                } else {
                    r[i * n + j] = alpha == 0f ? old : alpha * s + old;
                }
            }
        }
        return r;
    }

    private static float elementA(boolean t, float[] a, int off, int ld, int i, int p) {
        return t ? a[off + p * ld + i] : a[off + i * ld + p];
    }

    private static float elementB(boolean t, float[] b, int off, int ld, int p, int j) {
        return t ? b[off + j * ld + p] : b[off + p * ld + j];
    }
}
