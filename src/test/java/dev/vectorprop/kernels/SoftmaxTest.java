package dev.vectorprop.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vectorprop.check.GradCheck;
import dev.vectorprop.check.RandomArrays;
import dev.vectorprop.check.RandomArrays.Values;
import dev.vectorprop.check.Tolerance;
import dev.vectorprop.reference.ReferenceLosses;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Tag("kernel")
class SoftmaxTest {

    private static final long SEED = 0x50f7_2026L;

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        int[] cols = RandomArrays.lengths(SEED, 4, 5000);
        for (int i = 0; i < cols.length; i++) {
            b.add(Arguments.of(SEED + i, 1 + i % 4, cols[i]));
        }
        return b.build();
    }

    @ParameterizedTest(name = "seed={0} {1}x{2}")
    @MethodSource("cases")
    void softmaxAndLogSoftmaxMatchReference(long seed, int rows, int cols) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = RandomArrays.floats(r, rows * cols, Values.NORMAL);
        for (int i = 0; i < x.length; i++) {
            x[i] *= 4;
        }
        String ctx = RandomArrays.describe(seed, rows + "×" + cols, Values.NORMAL);
        double[] xd = GradCheck.toDouble(x)[0];
        double[] p = ReferenceLosses.softmax(xd, rows, cols);
        double[] logP = ReferenceLosses.logSoftmax(xd, rows, cols);
        Placed px = Placed.of(r, x);
        Placed out = Placed.of(r, new float[x.length]);

        Softmax.softmax(rows, cols, px.array(), px.offset(), out.array(), out.offset());
        double[] mag = new double[x.length];
        for (int row = 0; row < rows; row++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < cols; c++) {
                max = Math.max(max, x[row * cols + c]);
            }
            for (int c = 0; c < cols; c++) {
                int i = row * cols + c;
                // exp amplifies the rounding of x − max by |x − max|; the row sum adds cols roundings.
                mag[i] = p[i] * (cols + 4 + Math.abs(x[i] - max)) / (cols + 4);
            }
        }
        Tolerance.assertAllClose(ctx + " softmax", p, mag, cols + 4, out.array(), out.offset());
        out.assertPaddingUntouched(ctx + " softmax", x.length);

        Softmax.logSoftmax(rows, cols, px.array(), px.offset(), out.array(), out.offset());
        for (int i = 0; i < x.length; i++) {
            mag[i] = Math.abs(x[i]) + Math.abs(logP[i]) + 2 * Math.abs(x[i] - logP[i]) + 1;
        }
        Tolerance.assertAllClose(ctx + " logSoftmax", logP, mag, cols + 4, out.array(), out.offset());
        out.assertPaddingUntouched(ctx + " logSoftmax", x.length);

        float[] expected = out.slice(x.length);
        Softmax.logSoftmax(rows, cols, px.array(), px.offset(), px.array(), px.offset());
        assertArrayEquals(expected, px.slice(x.length), ctx + ": in place differs");
    }

    @Test
    void rowsSumToOne() {
        float[] x = RandomArrays.floats(SEED, 3 * 777, Values.NORMAL);
        float[] p = new float[x.length];
        Softmax.softmax(3, 777, x, p);
        for (int row = 0; row < 3; row++) {
            double s = 0;
            for (int c = 0; c < 777; c++) {
                s += p[row * 777 + c];
            }
            assertEquals(1.0, s, 1e-5, "row " + row);
        }
    }
}
