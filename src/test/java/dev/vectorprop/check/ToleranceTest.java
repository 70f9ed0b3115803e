package dev.vectorprop.check;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ToleranceTest {

    @Test
    void boundGrowsWithLengthAndMagnitude() {
        assertTrue(Tolerance.reductionBound(1000, 1) > Tolerance.reductionBound(10, 1));
        assertTrue(Tolerance.reductionBound(10, 100) > Tolerance.reductionBound(10, 1));
        // One float rounding of a unit value is always accepted, a 1e-3 relative error never is.
        assertTrue(Tolerance.isClose(1.0, Math.nextUp(1f), Tolerance.reductionBound(1, 1)));
        assertFalse(Tolerance.isClose(1.0, 1.001f, Tolerance.reductionBound(100, 1)));
    }

    @Test
    void specialValues() {
        assertTrue(Tolerance.isClose(Double.NaN, Float.NaN, 0));
        assertFalse(Tolerance.isClose(Double.NaN, 1f, 1e9));
        assertTrue(Tolerance.isClose(1e39, Float.POSITIVE_INFINITY, 1));
        assertFalse(Tolerance.isClose(1e39, Float.MAX_VALUE, 1));
        assertThrows(AssertionError.class, () -> Tolerance.assertClose("case", 1, 2f, 0.5));
    }

    @Test
    void generatorsAreSeeded() {
        float[] a = RandomArrays.floats(7, 100, RandomArrays.Values.WITH_EXTREMES);
        float[] b = RandomArrays.floats(7, 100, RandomArrays.Values.WITH_EXTREMES);
        assertTrue(java.util.Arrays.equals(a, b));
        int[] lengths = RandomArrays.lengths(3, 5, 100);
        assertTrue(java.util.Arrays.stream(lengths).allMatch(n -> n >= 0 && n <= 100));
        assertTrue(java.util.Arrays.stream(lengths).anyMatch(n -> n == 0));
    }
}
