package dev.vectorprop.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vectorprop.check.RandomArrays;
import dev.vectorprop.check.RandomArrays.Values;
import dev.vectorprop.check.Tolerance;
import dev.vectorprop.reference.ReferenceArrayMath;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Tag("kernel")
class ArrayMathTest {

    private static final long SEED = 0x5eed_2026L;
    private static final float SENTINEL = Placed.SENTINEL;

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        int[] lengths = RandomArrays.lengths(SEED, 12, 1 << 20);
        Values[] kinds = Values.values();
        for (int i = 0; i < lengths.length; i++) {
            // Every length with one value kind (rotating), and the short ones with all kinds.
            int n = lengths[i];
            for (int k = 0; k < kinds.length; k++) {
                if (n <= 300 || k == i % kinds.length) {
                    b.add(Arguments.of(SEED + 31L * i + k, n, kinds[k]));
                }
            }
        }
        return b.build();
    }

    private static double[] abs(double[] v) {
        return Arrays.stream(v).map(Math::abs).toArray();
    }

    @ParameterizedTest(name = "seed={0} n={1} {2}")
    @MethodSource("cases")
    void elementwiseMatchReference(long seed, int n, Values kind) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = RandomArrays.floats(r, n, kind);
        float[] y = RandomArrays.floats(r, n, kind);
        float alpha = RandomArrays.uniform(r, -3f, 3f);
        String ctx = RandomArrays.describe(seed, "n=" + n, kind);

        Placed py = Placed.of(r, y);
        Placed px = Placed.of(r, x);
        ArrayMath.axpy(n, alpha, px.array(), px.offset(), py.array(), py.offset());
        double[] mag = new double[n];
        for (int i = 0; i < n; i++) {
            mag[i] = Math.abs((double) alpha * x[i]) + Math.abs(y[i]);
        }
        Tolerance.assertAllClose(ctx + " axpy", ReferenceArrayMath.axpy(alpha, x, y), mag, 1, py.array(),
                py.offset());
        py.assertPaddingUntouched(ctx + " axpy", n);

        Placed out = Placed.of(r, new float[n]);
        ArrayMath.scale(n, alpha, px.array(), px.offset(), out.array(), out.offset());
        double[] scaled = ReferenceArrayMath.scale(alpha, x);
        Tolerance.assertAllClose(ctx + " scale", scaled, abs(scaled), 1, out.array(), out.offset());
        out.assertPaddingUntouched(ctx + " scale", n);

        Placed pb = Placed.of(r, y);
        ArrayMath.add(n, px.array(), px.offset(), pb.array(), pb.offset(), out.array(), out.offset());
        double[] sum = ReferenceArrayMath.add(x, y);
        for (int i = 0; i < n; i++) {
            mag[i] = Math.abs(x[i]) + Math.abs(y[i]);
        }
        Tolerance.assertAllClose(ctx + " add", sum, mag, 1, out.array(), out.offset());
        out.assertPaddingUntouched(ctx + " add", n);

        ArrayMath.multiply(n, px.array(), px.offset(), pb.array(), pb.offset(), out.array(), out.offset());
        double[] prod = ReferenceArrayMath.multiply(x, y);
        Tolerance.assertAllClose(ctx + " multiply", prod, abs(prod), 1, out.array(), out.offset());
        out.assertPaddingUntouched(ctx + " multiply", n);

        ArrayMath.fill(n, alpha, out.array(), out.offset());
        for (int i = 0; i < n; i++) {
            assertEquals(alpha, out.array()[out.offset() + i], ctx + " fill element " + i);
        }
        out.assertPaddingUntouched(ctx + " fill", n);
    }

    @ParameterizedTest(name = "seed={0} n={1} {2}")
    @MethodSource("cases")
    void reductionsMatchReference(long seed, int n, Values kind) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = RandomArrays.floats(r, n, kind);
        float[] y = RandomArrays.floats(r, n, kind);
        String ctx = RandomArrays.describe(seed, "n=" + n, kind);
        Placed px = Placed.of(r, x);
        Placed py = Placed.of(r, y);

        Tolerance.assertClose(ctx + " sum", ReferenceArrayMath.sum(x),
                ArrayMath.sum(n, px.array(), px.offset()), Tolerance.reductionBound(n, ReferenceArrayMath.sumAbs(x)));
        Tolerance.assertClose(ctx + " dot", ReferenceArrayMath.dot(x, y),
                ArrayMath.dot(n, px.array(), px.offset(), py.array(), py.offset()),
                Tolerance.reductionBound(n, ReferenceArrayMath.dotAbs(x, y)));
        double ss = ReferenceArrayMath.sumOfSquares(x);
        Tolerance.assertClose(ctx + " sumOfSquares", ss, ArrayMath.sumOfSquares(n, px.array(), px.offset()),
                Tolerance.reductionBound(n, ss));
        assertEquals((float) ReferenceArrayMath.maxAbs(x), ArrayMath.maxAbs(n, px.array(), px.offset()),
                ctx + " maxAbs");
        px.assertPaddingUntouched(ctx + " inputs", n);
    }

    @Test
    void reductionsAreReproducibleAcrossCalls() {
        float[] x = RandomArrays.floats(SEED, 100_003, Values.NORMAL);
        float first = ArrayMath.sum(x);
        for (int rep = 0; rep < 2000; rep++) { // long enough for C2 to replace the interpreted code
            assertEquals(Float.floatToIntBits(first), Float.floatToIntBits(ArrayMath.sum(x)), "rep " + rep);
        }
    }

    @Test
    void specialValues() {
        float[] withNaN = {1f, Float.NaN, -3f, 2f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 1f};
        assertEquals(Float.NaN, ArrayMath.maxAbs(withNaN));
        assertEquals(Float.NaN, ArrayMath.sum(withNaN));
        float[] big = new float[40];
        Arrays.fill(big, Float.MAX_VALUE);
        assertEquals(Float.POSITIVE_INFINITY, ArrayMath.sum(big));
        assertEquals(Float.POSITIVE_INFINITY, ArrayMath.sumOfSquares(big));
        assertEquals(Float.MAX_VALUE, ArrayMath.maxAbs(big));
        assertEquals(0f, ArrayMath.sum(new float[0]));
        assertEquals(0f, ArrayMath.maxAbs(new float[0]));
    }

    @Test
    void inPlaceAliasingIsAnUpdate() {
        float[] x = RandomArrays.floats(SEED, 37, Values.NORMAL);
        float[] expected = x.clone();
        for (int i = 0; i < expected.length; i++) {
            expected[i] = expected[i] + expected[i];
        }
        ArrayMath.add(x, x, x);
        for (int i = 0; i < x.length; i++) {
            assertEquals(expected[i], x[i], "element " + i);
        }
    }

    @Test
    void badInputThrowsBeforeWriting() {
        float[] x = new float[10];
        float[] y = new float[8];
        Arrays.fill(y, SENTINEL);
        float[] before = y.clone();
        assertThrows(IndexOutOfBoundsException.class, () -> ArrayMath.axpy(9, 1f, x, 0, y, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> ArrayMath.axpy(5, 1f, x, 0, y, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> ArrayMath.scale(5, 1f, x, -1, y, 0));
        assertThrows(IllegalArgumentException.class, () -> ArrayMath.fill(-1, 1f, y, 0));
        assertThrows(IllegalArgumentException.class, () -> ArrayMath.axpy(1f, x, y));
        assertThrows(IllegalArgumentException.class, () -> ArrayMath.add(x, x, y));
        assertThrows(NullPointerException.class, () -> ArrayMath.axpy(3, 1f, null, 0, y, 0));
        assertThrows(IllegalArgumentException.class, () -> ArrayMath.scale(6, 2f, y, 0, y, 1));
        assertThrows(IllegalArgumentException.class, () -> ArrayMath.add(4, y, 0, y, 2, y, 2));
        var e = assertThrows(IndexOutOfBoundsException.class, () -> ArrayMath.sum(20, x, 0));
        assertEquals("x: offset 0 + length 20 is outside the array of length 10", e.getMessage());
        for (int i = 0; i < y.length; i++) {
            assertEquals(before[i], y[i], "y[" + i + "] was written");
        }
    }
}
