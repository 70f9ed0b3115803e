package dev.vectorprop.kernels;

import dev.vectorprop.internal.Parallel;
import dev.vectorprop.internal.Tuning;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code C = alpha·A·Bᵀ + beta·C} with few columns of C ({@link Tuning#narrowProduct}): the forward
 * pass of a narrow layer (Y = X·Wᵀ with W stored out × in, e.g. a 10-class output layer). The packed
 * GEMM vectorises over the columns of C, so with 10 of them it computes 16 and first copies all of A
 * into panels; here each element of C is a dot product along k of a row of A and a row of B, both read
 * in place, in tiles of 4 rows × 2 columns (8 independent FMA chains, 6 loads per 8 FMAs). The lanes
 * of the 8 accumulators are summed in a fixed order ({@link VectorTranspose#laneSums8}, or lane by
 * lane), so every element comes out the same for any thread count and before and after JIT compilation.
 */
final class VectorNarrowGemm {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /** Rows per tile. */
    private static final int TR = 4;

    /** Rows between epilogue calls: 32 rows of C stay in L1 and one activation call covers them. */
    private static final int STRIPE = 8 * TR;

    private VectorNarrowGemm() {}

    /** Arguments checked, {@code m, n, k > 0}; rows are split over threads in whole stripes. */
    static void sgemm(int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc, GemmEpilogue ep) {
        int parts = 2L * m * n * k < Tuning.PARALLEL_MIN_FLOPS ? 1 : Parallel.parallelism();
        int stripes = Math.ceilDiv(m, STRIPE);
        int p = Math.min(parts, stripes);
        if (p <= 1) { // no lambda: one thread allocates nothing
            rows(0, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, ep);
            return;
        }
        Parallel.run(p, t -> rows((int) ((long) stripes * t / p) * STRIPE,
                Math.min(m, (int) ((long) stripes * (t + 1) / p) * STRIPE), n, k, alpha, a, aOff, lda, b, bOff, ldb,
                beta, c, cOff, ldc, ep));
    }

    /** Rows [from, to) of C, stripe by stripe, each followed by the epilogue while it is in L1. */
    private static void rows(int from, int to, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b,
                             int bOff, int ldb, float beta, float[] c, int cOff, int ldc, GemmEpilogue ep) {
        float[] scratch = VectorGemm.scratchTile();
        for (int i = from; i < to; i += STRIPE) {
            int rows = Math.min(STRIPE, to - i);
            stripe(i, rows, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, scratch);
            if (ep != null) {
                ep.apply(true, true, c, cOff, ldc, i, rows, 0, n);
            }
        }
    }

    private static void stripe(int i0, int rows, int n, int k, float alpha, float[] a, int aOff, int lda,
                               float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc,
                               float[] scratch) {
        int whole = rows - rows % TR;
        int pairs = n - n % 2;
        int maxRun = (scratch.length - 2 * TR * L) / (2 * TR); // tile sums, then tiles()' lane-sum workspace
        for (int r = 0; r < whole; r += TR) {
            int ai = aOff + (i0 + r) * lda;
            int ci = cOff + (i0 + r) * ldc;
            for (int j0 = 0; j0 < pairs; j0 += 2 * maxRun) {
                int count = Math.min(maxRun, (pairs - j0) / 2);
                tiles(count, k, a, ai, lda, b, bOff + j0 * ldb, ldb, scratch);
                for (int q = 0; q < count; q++) {
                    for (int t = 0; t < 2 * TR; t++) { // tile q's sums row-major, 2 per row
                        int row = t >> 1;
                        int col = j0 + 2 * q + (t & 1);
                        float s = tail(k, a, ai + row * lda, b, bOff + col * ldb, scratch[2 * TR * q + t]);
                        store(s, alpha, beta, c, ci + row * ldc + col);
                    }
                }
            }
        }
        for (int r = 0; r < rows; r++) { // the odd last column of whole tiles, then the leftover rows
            int from = r < whole ? pairs : 0;
            int ai = aOff + (i0 + r) * lda;
            for (int j = from; j < n; j++) {
                float s = VectorArrayKernels.dot(k, a, ai, b, bOff + j * ldb);
                store(s, alpha, beta, c, cOff + (i0 + r) * ldc + j);
            }
        }
    }

    /**
     * {@code count} tiles: rows ai, ai+lda, ai+2·lda, ai+3·lda of A against rows bi + 2q·ldb and
     * bi + (2q+1)·ldb of B (tile q) over k rounded down to a multiple of 2·L ({@link #tail} adds the
     * rest); writes tile q's 8 sums row-major to {@code scratch[8q..8q+8)}. A run of tiles per call,
     * not one: the lane sums' permutation and mask constants are then set up once per call rather than
     * per tile (with one tile per call that set-up, about 80 instructions, cost 10–20 % of a tile at
     * k = 128–512).
     */
    private static void tiles(int count, int k, float[] a, int ai, int lda, float[] b, int bi0, int ldb,
                              float[] scratch) {
        // The loop over tiles is in this method (not a call per tile): this method is too large to inline.
        for (int q = 0, so = 0, ws = 2 * TR * count; q < count; q++, so += 2 * TR) {
            int bi = bi0 + 2 * q * ldb;
            FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00;
            FloatVector c20 = c00, c21 = c00, c30 = c00, c31 = c00;
            int a0 = ai, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda, b0 = bi, b1 = bi + ldb;
            // Two k steps per iteration of a counted loop: range checks hoisted, and a body large enough that
            // C2 does not unroll it further. One step per iteration, C2 unrolled it by 4 and kept all 8
            // accumulators on the stack; as a non-counted loop it kept a range check per load (seen in the
            // disassembly, JDK 25, AVX2; 1.1× slower).
            int p = 0;
            for (int bound = k - k % (2 * L); p < bound; p += 2 * L) {
                FloatVector w0 = FloatVector.fromArray(S, b, b0 + p);
                FloatVector w1 = FloatVector.fromArray(S, b, b1 + p);
                FloatVector x = FloatVector.fromArray(S, a, a0 + p);
                c00 = VectorArrayKernels.fma(x, w0, c00);
                c01 = VectorArrayKernels.fma(x, w1, c01);
                x = FloatVector.fromArray(S, a, a1 + p);
                c10 = VectorArrayKernels.fma(x, w0, c10);
                c11 = VectorArrayKernels.fma(x, w1, c11);
                x = FloatVector.fromArray(S, a, a2 + p);
                c20 = VectorArrayKernels.fma(x, w0, c20);
                c21 = VectorArrayKernels.fma(x, w1, c21);
                x = FloatVector.fromArray(S, a, a3 + p);
                c30 = VectorArrayKernels.fma(x, w0, c30);
                c31 = VectorArrayKernels.fma(x, w1, c31);
                w0 = FloatVector.fromArray(S, b, b0 + p + L);
                w1 = FloatVector.fromArray(S, b, b1 + p + L);
                x = FloatVector.fromArray(S, a, a0 + p + L);
                c00 = VectorArrayKernels.fma(x, w0, c00);
                c01 = VectorArrayKernels.fma(x, w1, c01);
                x = FloatVector.fromArray(S, a, a1 + p + L);
                c10 = VectorArrayKernels.fma(x, w0, c10);
                c11 = VectorArrayKernels.fma(x, w1, c11);
                x = FloatVector.fromArray(S, a, a2 + p + L);
                c20 = VectorArrayKernels.fma(x, w0, c20);
                c21 = VectorArrayKernels.fma(x, w1, c21);
                x = FloatVector.fromArray(S, a, a3 + p + L);
                c30 = VectorArrayKernels.fma(x, w0, c30);
                c31 = VectorArrayKernels.fma(x, w1, c31);
            }
            if (VectorTranspose.AVAILABLE) {
                VectorTranspose.laneSums8(c00, c20, c10, c30, c01, c21, c11, c31).intoArray(scratch, so);
            } else {
                c00.intoArray(scratch, ws);
                c01.intoArray(scratch, ws + L);
                c10.intoArray(scratch, ws + 2 * L);
                c11.intoArray(scratch, ws + 3 * L);
                c20.intoArray(scratch, ws + 4 * L);
                c21.intoArray(scratch, ws + 5 * L);
                c30.intoArray(scratch, ws + 6 * L);
                c31.intoArray(scratch, ws + 7 * L);
                for (int t = 0; t < 2 * TR; t++) {
                    float s = scratch[ws + t * L];
                    for (int l = 1; l < L; l++) {
                        s += scratch[ws + t * L + l];
                    }
                    scratch[so + t] = s;
                }
            }
        }
    }

    /** Adds the products of the last {@code k mod 2L} steps to a tile element, in order. */
    private static float tail(int k, float[] a, int ai, float[] b, int bi, float s) {
        for (int p = k - k % (2 * L); p < k; p++) {
            s = ScalarArrayKernels.fma(a[ai + p], b[bi + p], s);
        }
        return s;
    }

    private static void store(float s, float alpha, float beta, float[] c, int ci) {
        float v = alpha * s;
        c[ci] = beta == 0f ? v : ScalarArrayKernels.fma(beta, c[ci], v);
    }
}
