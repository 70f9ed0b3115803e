package dev.vectorprop.kernels;

import dev.vectorprop.internal.Checks;
import dev.vectorprop.internal.Platform;

/**
 * Elementwise and reduction kernels over float arrays: the level-1 building blocks of the other
 * kernels, losses and optimizers.
 *
 * <p>Every method takes explicit offsets and a length; a shorter overload works on whole arrays.
 * Arguments are checked before anything is written. Elementwise outputs may be exactly the same range
 * as an input (same array, same offset: an in-place update) but must not partially overlap it.
 *
 * <p><b>Reduction order.</b> {@link #sum}, {@link #dot} and {@link #sumOfSquares} accumulate in float
 * into {@code 4·L} interleaved partial sums ({@code L} = float lanes of the active path, 1 on the scalar
 * path; element {@code i} goes to partial {@code i mod 4L}), combine them in a fixed order, then add
 * the tail elements in index order. The result is therefore reproducible run to run and independent of
 * any thread count, but may differ in the last bits between vector widths. The error stays within
 * {@link dev.vectorprop.check.Tolerance#reductionBound(int, double)}.
 */
public final class ArrayMath {

    private ArrayMath() {}

    /** {@code y[i] += alpha·x[i]} for {@code i < n}. */
    public static void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        Checks.range("x", x, xOff, n);
        Checks.range("y", y, yOff, n);
        Checks.noPartialOverlap("y", y, yOff, "x", x, xOff, n);
        if (Platform.VECTOR) {
            VectorArrayKernels.axpy(n, alpha, x, xOff, y, yOff);
        } else {
            ScalarArrayKernels.axpy(n, alpha, x, xOff, y, yOff);
        }
    }

    /** {@code y += alpha·x} over whole arrays of equal length. */
    public static void axpy(float alpha, float[] x, float[] y) {
        axpy(sameLength("x", x, "y", y), alpha, x, 0, y, 0);
    }

    /** {@code out[i] = alpha·x[i]} for {@code i < n}; {@code out} may be {@code x} itself. */
    public static void scale(int n, float alpha, float[] x, int xOff, float[] out, int outOff) {
        Checks.range("x", x, xOff, n);
        Checks.range("out", out, outOff, n);
        Checks.noPartialOverlap("out", out, outOff, "x", x, xOff, n);
        if (Platform.VECTOR) {
            VectorArrayKernels.scale(n, alpha, x, xOff, out, outOff);
        } else {
            ScalarArrayKernels.scale(n, alpha, x, xOff, out, outOff);
        }
    }

    /** {@code x *= alpha} in place over the whole array. */
    public static void scale(float alpha, float[] x) {
        scale(Checks.notNull("x", x).length, alpha, x, 0, x, 0);
    }

    /** {@code out[i] = a[i] + b[i]} for {@code i < n}. */
    public static void add(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        checkBinary(n, a, aOff, b, bOff, out, outOff);
        if (Platform.VECTOR) {
            VectorArrayKernels.add(n, a, aOff, b, bOff, out, outOff);
        } else {
            ScalarArrayKernels.add(n, a, aOff, b, bOff, out, outOff);
        }
    }

    /** {@code out = a + b} over whole arrays of equal length. */
    public static void add(float[] a, float[] b, float[] out) {
        add(sameLength("a", a, "b", b, "out", out), a, 0, b, 0, out, 0);
    }

    /** {@code out[i] = a[i]·b[i]} for {@code i < n}. */
    public static void multiply(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        checkBinary(n, a, aOff, b, bOff, out, outOff);
        if (Platform.VECTOR) {
            VectorArrayKernels.multiply(n, a, aOff, b, bOff, out, outOff);
        } else {
            ScalarArrayKernels.multiply(n, a, aOff, b, bOff, out, outOff);
        }
    }

    /** {@code out = a ⊙ b} over whole arrays of equal length. */
    public static void multiply(float[] a, float[] b, float[] out) {
        multiply(sameLength("a", a, "b", b, "out", out), a, 0, b, 0, out, 0);
    }

    /** {@code out[i] = value} for {@code i < n}. */
    public static void fill(int n, float value, float[] out, int outOff) {
        Checks.range("out", out, outOff, n);
        if (Platform.VECTOR) {
            VectorArrayKernels.fill(n, value, out, outOff);
        } else {
            ScalarArrayKernels.fill(n, value, out, outOff);
        }
    }

    /** Sets every element of {@code out} to {@code value}. */
    public static void fill(float value, float[] out) {
        fill(Checks.notNull("out", out).length, value, out, 0);
    }

    /** @return {@code Σ x[i]} for {@code i < n}, in the documented order; 0 for {@code n == 0} */
    public static float sum(int n, float[] x, int xOff) {
        Checks.range("x", x, xOff, n);
        return Platform.VECTOR ? VectorArrayKernels.sum(n, x, xOff) : ScalarArrayKernels.sum(n, x, xOff);
    }

    /** @return the sum of all elements of {@code x} */
    public static float sum(float[] x) {
        return sum(Checks.notNull("x", x).length, x, 0);
    }

    /** @return {@code Σ x[i]·y[i]} for {@code i < n}, in the documented order */
    public static float dot(int n, float[] x, int xOff, float[] y, int yOff) {
        Checks.range("x", x, xOff, n);
        Checks.range("y", y, yOff, n);
        return Platform.VECTOR ? VectorArrayKernels.dot(n, x, xOff, y, yOff)
                : ScalarArrayKernels.dot(n, x, xOff, y, yOff);
    }

    /** @return the dot product of two arrays of equal length */
    public static float dot(float[] x, float[] y) {
        return dot(sameLength("x", x, "y", y), x, 0, y, 0);
    }

    /** @return {@code Σ x[i]²} for {@code i < n}, in the documented order (overflows to +∞ like float) */
    public static float sumOfSquares(int n, float[] x, int xOff) {
        Checks.range("x", x, xOff, n);
        return Platform.VECTOR ? VectorArrayKernels.sumOfSquares(n, x, xOff)
                : ScalarArrayKernels.sumOfSquares(n, x, xOff);
    }

    /** @return the sum of squares of all elements of {@code x} */
    public static float sumOfSquares(float[] x) {
        return sumOfSquares(Checks.notNull("x", x).length, x, 0);
    }

    /** @return {@code max |x[i]|} for {@code i < n}; NaN if any element is NaN; 0 for {@code n == 0} */
    public static float maxAbs(int n, float[] x, int xOff) {
        Checks.range("x", x, xOff, n);
        return Platform.VECTOR ? VectorArrayKernels.maxAbs(n, x, xOff) : ScalarArrayKernels.maxAbs(n, x, xOff);
    }

    /** @return the largest absolute value in {@code x} (NaN if any element is NaN) */
    public static float maxAbs(float[] x) {
        return maxAbs(Checks.notNull("x", x).length, x, 0);
    }

    private static void checkBinary(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        Checks.range("a", a, aOff, n);
        Checks.range("b", b, bOff, n);
        Checks.range("out", out, outOff, n);
        Checks.noPartialOverlap("out", out, outOff, "a", a, aOff, n);
        Checks.noPartialOverlap("out", out, outOff, "b", b, bOff, n);
    }

    private static int sameLength(String an, float[] a, String bn, float[] b) {
        return Checks.sameLength(an, a, bn, b);
    }

    private static int sameLength(String an, float[] a, String bn, float[] b, String cn, float[] c) {
        sameLength(an, a, bn, b);
        return sameLength(an, a, cn, c);
    }
}
