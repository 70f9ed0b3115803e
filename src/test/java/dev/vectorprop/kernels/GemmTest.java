package dev.vectorprop.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vectorprop.check.RandomArrays;
import dev.vectorprop.check.RandomArrays.Values;
import dev.vectorprop.check.Tolerance;
import dev.vectorprop.internal.Tuning;
import dev.vectorprop.reference.ReferenceGemm;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Tag("kernel")
class GemmTest {

    private static final long SEED = 0x6e_33_2026L;
    private static final float SENTINEL = -7777.25f;
    /** Depth of the k blocks: shapes below cross it to test the running sums between blocks. */
    private static final int KC = Tuning.GEMM_KC;
    private static final int[] DIMS = {0, 1, 2, 3, 4, 5, 7, 8, 13, 16, 17, 31, 33, 64, 97, 128, 131, 257, 300};
    private static final float[] SCALES = {0f, 1f, -0.75f};

    /** Transposes drawn at random, or those of a dense layer's products. */
    enum Layout {
        ANY,
        /** X·Wᵀ with W stored out × in: A as stored, B as rows. */
        FORWARD,
        /** dZᵀ·X: A stored transposed, B as stored. */
        WEIGHT_GRADIENT
    }

    /** A random problem: shapes, transposes, offsets, strides, alpha, beta and the data. */
    record Problem(long seed, boolean tA, boolean tB, int m, int n, int k, float alpha, float beta,
                   float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {

        static Problem random(long seed, int m, int n, int k) {
            return random(seed, m, n, k, Layout.ANY);
        }

        static Problem random(long seed, int m, int n, int k, Layout layout) {
            SplittableRandom r = new SplittableRandom(seed);
            boolean tA = r.nextBoolean();
            boolean tB = r.nextBoolean();
            if (layout != Layout.ANY) {
                tA = layout == Layout.WEIGHT_GRADIENT;
                tB = layout == Layout.FORWARD;
            }
            float alpha = SCALES[r.nextInt(SCALES.length)];
            float beta = SCALES[r.nextInt(SCALES.length)];
            Values kind = r.nextInt(4) == 0 ? Values.WITH_EXTREMES : Values.NORMAL;
            int aRows = tA ? k : m, aCols = tA ? m : k;
            int bRows = tB ? n : k, bCols = tB ? k : n;
            int lda = Math.max(1, aCols + r.nextInt(4)), ldb = Math.max(1, bCols + r.nextInt(4));
            int ldc = Math.max(1, n + r.nextInt(4));
            int aOff = r.nextInt(4), bOff = r.nextInt(4), cOff = r.nextInt(4);
            float[] a = fill(r, aOff, aRows, aCols, lda, kind);
            float[] b = fill(r, bOff, bRows, bCols, ldb, kind);
            float[] c = fill(r, cOff, m, n, ldc, Values.NORMAL);
            if (beta == 0f && m > 0 && n > 0) {
                c[cOff] = Float.NaN; // must not leak: C is not read when beta == 0
            }
            return new Problem(seed, tA, tB, m, n, k, alpha, beta, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        }

        private static float[] fill(SplittableRandom r, int off, int rows, int cols, int ld, Values kind) {
            int len = off + (rows == 0 || cols == 0 ? 0 : (rows - 1) * ld + cols) + r.nextInt(3);
            float[] x = new float[len];
            Arrays.fill(x, SENTINEL);
            for (int i = 0; i < rows && cols > 0; i++) {
                System.arraycopy(RandomArrays.floats(r, cols, kind), 0, x, off + i * ld, cols);
            }
            return x;
        }

        String describe() {
            return "seed=" + seed + ", shape m=" + m + " n=" + n + " k=" + k + " transA=" + tA + " transB=" + tB
                    + " alpha=" + alpha + " beta=" + beta + " offsets=" + aOff + "/" + bOff + "/" + cOff
                    + " ld=" + lda + "/" + ldb + "/" + ldc;
        }

        float[] run() {
            float[] out = c.clone();
            Gemm.sgemm(tA, tB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, out, cOff, ldc);
            return out;
        }

        void assertMatchesReference(float[] out) {
            double[] expected = ReferenceGemm.sgemm(tA, tB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c,
                    cOff, ldc);
            double[] mag = ReferenceGemm.magnitudes(tA, tB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c,
                    cOff, ldc);
            for (int i = 0; i < m; i++) {
                double[] er = Arrays.copyOfRange(expected, i * n, (i + 1) * n);
                double[] mr = Arrays.copyOfRange(mag, i * n, (i + 1) * n);
                Tolerance.assertAllClose(describe() + ", row " + i, er, mr, k + 2, out, cOff + i * ldc);
            }
            // Everything outside C's m × n window (offset, stride gaps, tail) is untouched.
            for (int idx = 0; idx < out.length; idx++) {
                int rel = idx - cOff;
                boolean inside = rel >= 0 && rel / ldc < m && rel % ldc < n;
                if (!inside) {
                    assertEquals(Float.floatToIntBits(c[idx]), Float.floatToIntBits(out[idx]),
                            describe() + ": C[" + idx + "] outside the matrix was written");
                }
            }
        }
    }

    static Stream<Arguments> randomShapes() {
        SplittableRandom r = new SplittableRandom(SEED);
        Stream.Builder<Arguments> s = Stream.builder();
        for (int i = 0; i < 110; i++) {
            s.add(Arguments.of(SEED + i, DIMS[r.nextInt(DIMS.length)], DIMS[r.nextInt(DIMS.length)],
                    DIMS[r.nextInt(DIMS.length)]));
        }
        // Block edges: k across KC (two and three blocks), m across MC, n across NC (2048), gemv shapes, primes.
        int[][] fixed = {{1, 1, 1}, {1, 1024, 513}, {1, 77, 1}, {257, 1, 300}, {1, 1, 1000}, {130, 2051, 70},
            {129, 31, 513}, {6, 17, 260}, {61, 67, 71}, {64, 64, 64}, {0, 5, 5}, {5, 0, 5}, {5, 5, 0},
            {37, 300, KC + 1}, {127, 40, 2 * KC + 3}, {13, 257, KC + 50},
            // Two-row tails (m mod 6 = 1, 2) in the column-panel order (B blocks over 32 Ki floats): paired
            // across panels, an odd last panel, a ragged one.
            {128, 300, 257}, {97, 301, 300}, {32, 1000, 200}};
        for (int i = 0; i < fixed.length; i++) {
            s.add(Arguments.of(SEED + 1000 + i, fixed[i][0], fixed[i][1], fixed[i][2]));
        }
        return s.build();
    }

    @AfterEach
    void restoreThreads() {
        Gemm.setParallelism(Runtime.getRuntime().availableProcessors());
    }

    @ParameterizedTest(name = "seed={0} m={1} n={2} k={3}")
    @MethodSource("randomShapes")
    void matchesReference(long seed, int m, int n, int k) {
        Problem p = Problem.random(seed, m, n, k);
        p.assertMatchesReference(p.run());
    }

    @ParameterizedTest(name = "seed={0} m={1} n={2} k={3}")
    @MethodSource("randomShapes")
    void prePackedOperandMatchesReference(long seed, int m, int n, int k) {
        Problem p = Problem.random(seed, m, n, k);
        PackedMatrix packed = Gemm.packB(p.tB(), k, n, p.b(), p.bOff(), p.ldb());
        float[] out = p.c().clone();
        Gemm.sgemm(p.tA(), m, n, k, p.alpha(), p.a(), p.aOff(), p.lda(), packed, p.beta(), out, p.cOff(), p.ldc());
        p.assertMatchesReference(out);
    }

    /**
     * Few columns and deep k, B stored as rows: the dot-product path ({@code Tuning.narrowProduct}) with
     * its 4-row tiles, leftover rows and odd last column, k not a multiple of the lanes, and 32-row stripes.
     */
    static Stream<Arguments> narrowShapes() {
        return seeded(SEED + 2000, new int[][] {{256, 10, 512}, {33, 12, 400}, {7, 9, 411}, {5, 3, 128},
            {4, 2, 129}, {3, 5, 257}, {130, 7, 1031}, {97, 4, 200}, {64, 6, 784}, {2, 10, 384}, {1, 10, 256},
            {31, 1, 300}});
    }

    /** Arguments (seed, m, n, k) for fixed shapes {m, n, k}, seeds counting up from {@code seed}. */
    private static Stream<Arguments> seeded(long seed, int[][] shapes) {
        Stream.Builder<Arguments> s = Stream.builder();
        for (int i = 0; i < shapes.length; i++) {
            s.add(Arguments.of(seed + i, shapes[i][0], shapes[i][1], shapes[i][2]));
        }
        return s.build();
    }

    @ParameterizedTest(name = "seed={0} m={1} n={2} k={3}")
    @MethodSource("narrowShapes")
    void narrowProductsMatchReference(long seed, int m, int n, int k) {
        Problem p = Problem.random(seed, m, n, k, Layout.FORWARD);
        p.assertMatchesReference(p.run());
    }

    /**
     * Weight-gradient products (A stored transposed, packed a vector per k step) of narrow layers: one or
     * two row tiles, ragged panels, k across KC blocks; up to 4 rows, the rank-8 path (k not a multiple
     * of 8, columns across its blocks, a vector tail).
     */
    static Stream<Arguments> fewRowGradientShapes() {
        return seeded(SEED + 3000, new int[][] {{10, 512, 256}, {12, 64, 300}, {1, 33, 17}, {7, 16, 1},
            {11, 47, 513}, {6, 160, 64}, {13, 32, 40}, {3, 2051, 9}, {2, 515, 260}, {4, 17, 7}, {4, 300, 33},
            {10, 40, KC + 17}, {3, 33, KC + 5}});
    }

    @ParameterizedTest(name = "seed={0} m={1} n={2} k={3}")
    @MethodSource("fewRowGradientShapes")
    void fewRowGradientProductsMatchReference(long seed, int m, int n, int k) {
        Problem p = Problem.random(seed, m, n, k, Layout.WEIGHT_GRADIENT);
        p.assertMatchesReference(p.run());
    }

    /**
     * Up to two row tiles read B in place ({@code Tuning.bInPlaceProduct}); a third row tile sends the same
     * product through the packed path. Rows 0..m-1 must agree bit for bit: the same k blocks, the same
     * FMAs in the same order, whichever path (and so whichever thread split) computed them.
     */
    @ParameterizedTest(name = "seed={0} m={1} n={2} k={3}")
    @MethodSource("inPlaceGradientShapes")
    void inPlaceAndPackedGradientRowsAgreeBitwise(long seed, int m, int n, int k) {
        int wide = 13; // three row tiles: packed
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = RandomArrays.floats(r, k * wide, Values.NORMAL);
        float[] b = RandomArrays.floats(r, k * n + 3, Values.NORMAL);
        float[] c0 = RandomArrays.floats(r, wide * n, Values.NORMAL);
        for (float beta : new float[] {0f, 1f}) {
            float[] narrow = c0.clone();
            float[] packed = c0.clone();
            Gemm.sgemm(true, false, m, n, k, 0.5f, a, 0, wide, b, 3, n, beta, narrow, 0, n);
            Gemm.sgemm(true, false, wide, n, k, 0.5f, a, 0, wide, b, 3, n, beta, packed, 0, n);
            assertArrayEquals(Arrays.copyOf(packed, m * n), Arrays.copyOf(narrow, m * n),
                    "seed=" + seed + " m=" + m + " n=" + n + " k=" + k + " beta=" + beta);
        }
    }

    static Stream<Arguments> inPlaceGradientShapes() {
        return seeded(SEED + 3500, new int[][] {{12, 160, 513}, {10, 37, 256}, {7, 512, 300}, {12, 16, 1},
            {6, 31, 97}, {5, 48, KC + 200}, {12, 40, 2 * KC + 9}});
    }

    /**
     * A row-major A is packed k step by k step for a wide C ({@code Tuning.kMajorA}: 8 × 8 transposes for
     * whole panels with two more rows of A in the array, the scalar interleave for ragged panels, the
     * last rows, alpha ≠ 1 and k mod 8) and row by row for a narrow one. Against the reference, and the
     * wide product's first columns bit for bit against the same product on fewer columns (the other
     * layout and kernel).
     */
    @ParameterizedTest(name = "seed={0} m={1} n={2} k={3}")
    @MethodSource("rowMajorAShapes")
    void rowMajorAInEitherLayoutMatchesReferenceAndAgreesBitwise(long seed, int m, int n, int k) {
        int narrowN = 255;
        for (float alpha : new float[] {1f, -0.75f}) {
            for (int tail : new int[] {0, 3 * k}) { // without and with rows of A past the last one
                SplittableRandom r = new SplittableRandom(seed);
                int lda = k + 1, ldb = n + 2, ldc = n;
                float[] a = RandomArrays.floats(r, 2 + (m - 1) * lda + k + tail, Values.NORMAL);
                float[] b = RandomArrays.floats(r, 1 + (k - 1) * ldb + n, Values.NORMAL);
                float[] c = RandomArrays.floats(r, m * ldc, Values.NORMAL);
                Problem wide = new Problem(seed, false, false, m, n, k, alpha, 0f, a, 2, lda, b, 1, ldb, c, 0, ldc);
                float[] out = wide.run();
                wide.assertMatchesReference(out);
                float[] narrow = new float[m * ldc];
                Gemm.sgemm(false, false, m, narrowN, k, alpha, a, 2, lda, b, 1, ldb, 0f, narrow, 0, ldc);
                for (int i = 0; i < m; i++) {
                    assertArrayEquals(Arrays.copyOfRange(narrow, i * ldc, i * ldc + narrowN),
                            Arrays.copyOfRange(out, i * ldc, i * ldc + narrowN),
                            wide.describe() + " tail=" + tail + ": row " + i + " differs from the " + narrowN
                                    + "-column product");
                }
            }
        }
    }

    static Stream<Arguments> rowMajorAShapes() {
        return seeded(SEED + 4000, new int[][] {{14, 256, 16}, {50, 300, 37}, {127, 257, 263}, {13, 512, 8},
            {8, 260, 9}, {200, 400, 300}, {6, 256, 1}, {1, 300, 40}, {7, 256, 130}, {20, 300, KC + 33}});
    }

    @Test
    void repackRefreshesValuesInPlace() {
        float[] w = RandomArrays.floats(SEED, 40 * 30, Values.NORMAL);
        float[] x = RandomArrays.floats(SEED + 1, 7 * 30, Values.NORMAL);
        PackedMatrix packed = Gemm.packB(true, 30, 40, w, 0, 30);
        for (int i = 0; i < w.length; i++) {
            w[i] *= -2f;
        }
        packed.repack(w, 0, 30);
        float[] viaPacked = new float[7 * 40];
        float[] direct = new float[7 * 40];
        Gemm.sgemm(false, 7, 40, 30, 1f, x, 0, 30, packed, 0f, viaPacked, 0, 40);
        Gemm.sgemm(false, true, 7, 40, 30, 1f, x, 0, 30, w, 0, 30, 0f, direct, 0, 40);
        assertArrayEquals(direct, viaPacked);
    }

    @Test
    void resultsAreBitwiseIdenticalForAnyThreadCount() {
        int[][] shapes = {{200, 300, 150}, {300, 40, 400}, {129, 1030, 300}, {512, 64, 256}, {4001, 10, 300}};
        for (int[] s : shapes) {
            Problem p = Problem.random(SEED + s[0], s[0], s[1], s[2], s[1] == 10 ? Layout.FORWARD : Layout.ANY);
            PackedMatrix packed = Gemm.packB(p.tB(), p.k(), p.n(), p.b(), p.bOff(), p.ldb());
            Gemm.setParallelism(1);
            float[] one = p.run();
            float[] onePacked = p.c().clone();
            Gemm.sgemm(p.tA(), p.m(), p.n(), p.k(), p.alpha(), p.a(), p.aOff(), p.lda(), packed, p.beta(),
                    onePacked, p.cOff(), p.ldc());
            for (int threads = 2; threads <= 3; threads++) {
                Gemm.setParallelism(threads);
                assertArrayEquals(one, p.run(), p.describe() + " with " + threads + " threads");
                float[] many = p.c().clone();
                Gemm.sgemm(p.tA(), p.m(), p.n(), p.k(), p.alpha(), p.a(), p.aOff(), p.lda(), packed, p.beta(),
                        many, p.cOff(), p.ldc());
                assertArrayEquals(onePacked, many, p.describe() + " packed with " + threads + " threads");
            }
        }
    }

    /**
     * A region too large for the per-thread buffer of running sums (m × n beyond
     * Tuning.GEMM_ACC_MAX_FLOATS on one thread) adds each k block to C in place; with two threads each
     * half fits and uses the buffer. Both match the oracle, checked on sampled entries (each a 1 × 1
     * problem of the reference) to keep the test fast; NC (2048) is crossed too.
     */
    @Test
    void largeRegionsMatchReferenceWithAndWithoutTheSumBuffer() {
        int m = 1100, n = 2050, k = KC + 44; // two k blocks
        for (float beta : new float[] {0f, -0.75f}) {
            for (int threads = 1; threads <= 2; threads++) {
                Gemm.setParallelism(threads);
                long seed = SEED + 77 + threads;
                Problem p = Problem.random(seed, m, n, k);
                float[] out = p.c().clone();
                Gemm.sgemm(p.tA(), p.tB(), m, n, k, 1.5f, p.a(), p.aOff(), p.lda(), p.b(), p.bOff(), p.ldb(), beta,
                        out, p.cOff(), p.ldc());
                SplittableRandom r = new SplittableRandom(seed);
                for (int sample = 0; sample < 300; sample++) {
                    int i = sample < 4 ? (sample / 2) * (m - 1) : r.nextInt(m);
                    int j = sample < 4 ? (sample % 2) * (n - 1) : r.nextInt(n);
                    int ai = p.aOff() + (p.tA() ? i : i * p.lda());
                    int bj = p.bOff() + (p.tB() ? j * p.ldb() : j);
                    int ci = p.cOff() + i * p.ldc() + j;
                    double[] expected = ReferenceGemm.sgemm(p.tA(), p.tB(), 1, 1, k, 1.5f, p.a(), ai, p.lda(),
                            p.b(), bj, p.ldb(), beta, p.c(), ci, 1);
                    double[] mag = ReferenceGemm.magnitudes(p.tA(), p.tB(), 1, 1, k, 1.5f, p.a(), ai, p.lda(),
                            p.b(), bj, p.ldb(), beta, p.c(), ci, 1);
                    Tolerance.assertAllClose(p.describe() + " beta=" + beta + " threads=" + threads + " C[" + i
                            + "][" + j + "]", expected, mag, k + 2, out, ci);
                }
            }
        }
    }

    @Test
    void convenienceOverloadIsPlainProduct() {
        float[] a = {1, 2, 3, 4, 5, 6};       // 2 × 3
        float[] b = {7, 8, 9, 10, 11, 12};    // 3 × 2
        float[] c = new float[4];
        Gemm.sgemm(2, 2, 3, a, b, c);
        assertArrayEquals(new float[] {58, 64, 139, 154}, c);
    }

    @Test
    void badInputThrowsBeforeWritingC() {
        float[] a = new float[6];
        float[] b = new float[6];
        float[] c = new float[4];
        Arrays.fill(c, SENTINEL);
        float[] before = c.clone();
        assertThrows(IllegalArgumentException.class, () -> Gemm.sgemm(false, false, -1, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> Gemm.sgemm(false, false, 2, 2, 4, 1f, a, 0, 4, b, 0, 2, 0f, c, 0, 2));
        var e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, 2, 2, 3, 1f, a, 0, 2, b, 0, 2, 0f, c, 0, 2));
        assertEquals("ldA = 2 is smaller than the row length 3 of A (2×3)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Gemm.sgemm(false, true, 2, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> Gemm.sgemm(false, false, 2, 2, 3, 1f, a, 1, 3, b, 0, 2, 0f, c, 0, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> Gemm.sgemm(false, false, 2, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 1, 2));
        assertThrows(NullPointerException.class, () -> Gemm.sgemm(false, false, 2, 2, 3, 1f, null, 0, 3, b, 0, 2, 0f, c, 0, 2));
        float[] shared = new float[20];
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, 2, 2, 3, 1f, shared, 0, 3, b, 0, 2, 0f, shared, 4, 2));
        PackedMatrix packed = Gemm.packB(false, 3, 2, b, 0, 2);
        assertThrows(IllegalArgumentException.class, () -> Gemm.sgemm(false, 2, 3, 3, 1f, a, 0, 3, packed, 0f, c, 0, 3));
        assertThrows(IllegalArgumentException.class, () -> Gemm.setParallelism(0));
        assertArrayEquals(before, c);
    }
}
