package dev.vectorprop.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorprop.check.RandomArrays;
import dev.vectorprop.check.RandomArrays.Values;
import dev.vectorprop.check.Tolerance;
import dev.vectorprop.reference.ReferenceGradientUtils;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Tag("kernel")
class GradientUtilsTest {

    private static final long SEED = 0x6a4d_2026L;

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (int i = 0; i < 24; i++) {
            b.add(Arguments.of(SEED + i, 1 + i % 6, Values.values()[i % 4]));
        }
        return b.build();
    }

    private static float[][] tensors(SplittableRandom r, int count, Values kind) {
        int[] lengths = RandomArrays.lengths(r.nextLong(), 8, 70_000);
        float[][] t = new float[count][];
        for (int i = 0; i < count; i++) {
            t[i] = RandomArrays.floats(r, lengths[r.nextInt(lengths.length)], kind);
        }
        return t;
    }

    /** Float sums over blocks of 1024 terms, then double: relative error at most γ(1024) on the square. */
    private static double normBound(double norm) {
        return Tolerance.reductionBound(1026, norm) + 0x1p-126;
    }

    @ParameterizedTest(name = "seed={0} tensors={1} {2}")
    @MethodSource("cases")
    void normsMatchReference(long seed, int count, Values kind) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] t = tensors(r, count, kind);
        String ctx = "seed=" + seed + ", tensors=" + count + ", " + kind;
        double expected = ReferenceGradientUtils.globalNorm(t);
        float total = GradientUtils.globalNorm(t);
        Tolerance.assertClose(ctx + " globalNorm", expected, total, normBound(expected));
        float[] norms = new float[count];
        GradientUtils.norms(t, norms);
        for (int i = 0; i < count; i++) {
            double e = ReferenceGradientUtils.norm(t[i]);
            Tolerance.assertClose(ctx + " norm " + i, e, norms[i], normBound(e));
        }
        assertEquals(Float.floatToIntBits(total), Float.floatToIntBits(GradientUtils.globalNorm(t)),
                ctx + " not reproducible");
    }

    @ParameterizedTest(name = "seed={0} tensors={1} {2}")
    @MethodSource("cases")
    void clipByGlobalNormScalesAsPyTorch(long seed, int count, Values kind) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] t = tensors(r, count, kind);
        float[][] before = Arrays.stream(t).map(float[]::clone).toArray(float[][]::new);
        double norm = ReferenceGradientUtils.globalNorm(t);
        float maxNorm = (float) (norm * (r.nextBoolean() ? 0.25 : 2.0));
        String ctx = "seed=" + seed + ", maxNorm=" + maxNorm;
        float returned = GradientUtils.clipByGlobalNorm(maxNorm, t);
        Tolerance.assertClose(ctx + " returned norm", norm, returned, normBound(norm));
        double coef = ReferenceGradientUtils.clipCoefficient(maxNorm, norm);
        for (int k = 0; k < count; k++) {
            for (int i = 0; i < t[k].length; i++) {
                double expected = coef * before[k][i];
                Tolerance.assertClose(ctx + " tensor " + k + " element " + i, expected, t[k][i],
                        Tolerance.reductionBound(1030, Math.abs(expected)));
            }
        }
        if (coef == 1.0) {
            assertArrayEquals(before, t, ctx + ": gradients below the limit must be unchanged");
        } else {
            Tolerance.assertClose(ctx + " clipped norm", maxNorm, GradientUtils.globalNorm(t),
                    normBound(maxNorm) * 4 + 2e-6);
        }
    }

    @Test
    void clipByValueClampsAndKeepsNaN() {
        SplittableRandom r = new SplittableRandom(SEED);
        for (int n : RandomArrays.lengths(SEED, 4, 5000)) {
            float[] a = RandomArrays.floats(r, n, Values.WITH_EXTREMES);
            if (n > 3) {
                a[n / 2] = Float.NaN;
                a[n / 3] = Float.NEGATIVE_INFINITY;
            }
            float[] b = RandomArrays.floats(r, n / 2, Values.NORMAL);
            float[] a0 = a.clone();
            float[] b0 = b.clone();
            GradientUtils.clipByValue(0.5f, a, b);
            for (int i = 0; i < n; i++) {
                assertEquals((float) ReferenceGradientUtils.clamp(a0[i], 0.5), a[i], "n=" + n + " a[" + i + "]");
            }
            for (int i = 0; i < b.length; i++) {
                assertEquals((float) ReferenceGradientUtils.clamp(b0[i], 0.5), b[i], "n=" + n + " b[" + i + "]");
            }
        }
    }

    @Test
    void firstNonFiniteFindsTheFirstBadIndex() {
        SplittableRandom r = new SplittableRandom(SEED + 1);
        float[] bad = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        for (int n : RandomArrays.lengths(SEED, 8, 1 << 17)) {
            float[] x = RandomArrays.floats(r, n, Values.WITH_EXTREMES);
            assertEquals(-1, GradientUtils.firstNonFinite(x), "n=" + n + " all finite");
            if (n == 0) {
                continue;
            }
            for (int k = 0; k < 3; k++) {
                float[] y = x.clone();
                int first = r.nextInt(n);
                y[first] = bad[r.nextInt(3)];
                for (int j = 0; j < 3; j++) {
                    int later = first + r.nextInt(n - first);
                    y[later] = bad[r.nextInt(3)];
                }
                int expected = ReferenceGradientUtils.firstNonFinite(y);
                assertEquals(first, expected);
                assertEquals(expected, GradientUtils.firstNonFinite(y), "n=" + n + " bad at " + first);
                int off = Math.min(first, 3);
                assertEquals(first - off, GradientUtils.firstNonFinite(n - off, y, off), "n=" + n + " offset " + off);
            }
        }
        float[] big = new float[40];
        Arrays.fill(big, Float.MAX_VALUE);
        assertEquals(-1, GradientUtils.firstNonFinite(big), "MAX_VALUE is finite");
    }

    @Test
    void nonFiniteNormFollowsPyTorch() {
        float[] a = {1f, Float.NaN, 2f};
        float[] b = {3f, 4f};
        assertTrue(Float.isNaN(GradientUtils.clipByGlobalNorm(1f, a, b)));
        assertTrue(Float.isNaN(b[0]), "a NaN norm makes every gradient NaN");
        float[] c = {Float.POSITIVE_INFINITY, 1f};
        assertEquals(Float.POSITIVE_INFINITY, GradientUtils.globalNorm(c));
        assertEquals(0f, GradientUtils.globalNorm());
    }

    @Test
    void badInputThrowsBeforeWriting() {
        float[] g = {5f, -5f, 1f};
        float[] before = g.clone();
        assertThrows(IllegalArgumentException.class, () -> GradientUtils.clipByGlobalNorm(-1f, g));
        assertThrows(IllegalArgumentException.class, () -> GradientUtils.clipByGlobalNorm(Float.NaN, g));
        assertThrows(IllegalArgumentException.class, () -> GradientUtils.clipByGlobalNorm(Float.POSITIVE_INFINITY, g));
        assertThrows(NullPointerException.class, () -> GradientUtils.clipByGlobalNorm(1f, g, null));
        assertThrows(IllegalArgumentException.class, () -> GradientUtils.clipByValue(Float.NaN, g));
        assertThrows(IllegalArgumentException.class, () -> GradientUtils.clipByValue(-1f, g));
        assertThrows(NullPointerException.class, () -> GradientUtils.clipByValue(1f, g, null));
        var e = assertThrows(IllegalArgumentException.class, () -> GradientUtils.norms(new float[][] {g}, new float[2]));
        assertTrue(e.getMessage().contains("out"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> GradientUtils.firstNonFinite(4, g, 0));
        assertArrayEquals(before, g);
    }
}
