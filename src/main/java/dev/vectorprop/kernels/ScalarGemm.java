package dev.vectorprop.kernels;

/**
 * Scalar body of {@link Gemm}, for JVMs without a usable Vector API: loops ordered for unit-stride
 * access, float accumulation over k in order. Single-threaded, hence trivially deterministic.
 */
final class ScalarGemm {

    private static final ThreadLocal<float[][]> ROW = ThreadLocal.withInitial(() -> new float[1][0]);

    private ScalarGemm() {}

    /**
     * Arguments checked; {@code m, n > 0}. {@code pb} replaces b when non-null; {@code ep} (nullable) is
     * applied to each row of C once it is complete.
     */
    static void sgemm(boolean tA, boolean tB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb, PackedMatrix pb, float beta, float[] c, int cOff, int ldc,
                      GemmEpilogue ep) {
        if (pb != null) { // the scalar packed layout is a dense row-major copy of op(B)
            b = pb.data;
            bOff = 0;
            ldb = n;
            tB = false;
        }
        float[][] holder = ROW.get();
        if (holder[0].length < n) {
            holder[0] = new float[n];
        }
        float[] row = holder[0];
        for (int i = 0; i < m; i++) {
            if (tB) { // row i of C: dot products of A's row with B's rows
                for (int j = 0; j < n; j++) {
                    float s = 0f;
                    int bj = bOff + j * ldb;
                    for (int p = 0; p < k; p++) {
                        s = ScalarArrayKernels.fma(elementA(tA, a, aOff, lda, i, p), b[bj + p], s);
                    }
                    row[j] = s;
                }
            } else { // row i of C: combination of B's rows
                java.util.Arrays.fill(row, 0, n, 0f);
                for (int p = 0; p < k; p++) {
                    float aip = elementA(tA, a, aOff, lda, i, p);
                    int bp = bOff + p * ldb;
                    for (int j = 0; j < n; j++) {
                        row[j] = ScalarArrayKernels.fma(aip, b[bp + j], row[j]);
                    }
                }
            }
            int ci = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                float v = alpha * row[j];
                c[ci + j] = beta == 0f ? v : ScalarArrayKernels.fma(c[ci + j], beta, v);
            }
            if (ep != null) {
                ep.apply(false, true, c, cOff, ldc, i, 1, 0, n);
            }
        }
    }

    private static float elementA(boolean tA, float[] a, int aOff, int lda, int i, int p) {
        return tA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
    }

    /** Scalar packed layout: op(B) as a dense row-major k × n copy. */
    static void packWhole(PackedMatrix pm, float[] b, int bOff, int ldb) {
        int k = pm.rows();
        int n = pm.columns();
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) {
                pm.data[p * n + j] = pm.transposed() ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
            }
        }
    }
}
