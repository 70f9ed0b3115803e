package dev.vectorprop.bench.peers;

import java.util.SplittableRandom;

/**
 * Checks a row-major GEMM binding against a naive product accumulated in double, so that a wrongly
 * wired peer cannot produce benchmark numbers. Used by the peers' {@code main} methods and by
 * {@code dev.vectorprop.bench.BenchInfo}.
 */
public final class PeerCheck {

    private PeerCheck() {}

    /** A row-major {@code sgemm} with offsets, in the argument order of {@code cblas_sgemm}. */
    @FunctionalInterface
    public interface Sgemm {
        /**
         * {@code C = alpha·op(A)·op(B) + beta·C}, row-major.
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
        void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOffset,
                   int lda, float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc);
    }

    /**
     * Runs the check on a few shapes and prints one line; throws on the first wrong element.
     *
     * @param name printed name of the binding
     * @param gemm the binding
     * @param general also test transposes, offsets, padded strides, alpha and beta; otherwise only
     *                {@code C = A·B} on dense arrays
     */
    public static void run(String name, Sgemm gemm, boolean general) {
        int[][] shapes = {{1, 1, 1}, {3, 5, 7}, {17, 33, 9}, {64, 64, 64}, {1, 300, 129}, {130, 70, 260}};
        int cases = 0;
        for (int[] s : shapes) {
            for (int t = 0; t < (general ? 4 : 1); t++) {
                check(name, gemm, t >= 2, (t & 1) == 1, s[0], s[1], s[2], general, 42L + cases);
                cases++;
            }
        }
        System.out.println(name + ": sgemm matches the naive product (" + cases + " cases)");
    }

    /**
     * Checks one call with the shape {@code m×n}, inner dimension {@code k}.
     */
    static void check(String name, Sgemm gemm, boolean transA, boolean transB, int m, int n, int k,
                      boolean general, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int pad = general ? 3 : 0;
        int off = general ? 5 : 0;
        float alpha = general ? 0.75f : 1f;
        float beta = general ? -0.5f : 0f;
        int aRows = transA ? k : m, aCols = transA ? m : k;
        int bRows = transB ? n : k, bCols = transB ? k : n;
        int lda = aCols + pad, ldb = bCols + pad, ldc = n + pad;
        float[] a = random(r, off + aRows * lda);
        float[] b = random(r, off + bRows * ldb);
        float[] c = random(r, off + m * ldc);
        float[] c0 = c.clone();
        gemm.sgemm(transA, transB, m, n, k, alpha, a, off, lda, b, off, ldb, beta, c, off, ldc);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0, mag = 0;
                for (int p = 0; p < k; p++) {
                    double x = transA ? a[off + p * lda + i] : a[off + i * lda + p];
                    double y = transB ? b[off + j * ldb + p] : b[off + p * ldb + j];
                    s += x * y;
                    mag += Math.abs(x * y);
                }
                double old = c0[off + i * ldc + j];
                double want = alpha * s + (beta == 0 ? 0 : beta * old);
                double tol = 1e-5 * (k + 2) * (Math.abs(alpha) * mag + Math.abs(beta * old)) + 1e-30;
                float got = c[off + i * ldc + j];
                if (!(Math.abs(got - want) <= tol)) {
                    throw new AssertionError(name + ": C[" + i + "][" + j + "] = " + got + ", expected " + want
                            + " (m=" + m + " n=" + n + " k=" + k + " transA=" + transA + " transB=" + transB + ")");
                }
            }
        }
        if (general) { // padding and the elements before the offset must be untouched
            for (int i = 0; i < c.length; i++) {
                boolean inside = i >= off && (i - off) / ldc < m && (i - off) % ldc < n;
                if (!inside && c[i] != c0[i]) {
                    throw new AssertionError(name + ": wrote outside C at index " + i);
                }
            }
        }
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return x;
    }
}
