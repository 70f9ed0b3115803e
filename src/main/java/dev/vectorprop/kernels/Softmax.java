package dev.vectorprop.kernels;

import dev.vectorprop.internal.Checks;
import dev.vectorprop.internal.Platform;

/**
 * Row-wise softmax and log-softmax of a row-major {@code rows × cols} matrix, numerically stable (the
 * row max is subtracted before exponentiating), as {@code torch.softmax(x, dim=-1)} and
 * {@code torch.log_softmax(x, dim=-1)}.
 *
 * <p>The output may be the input itself at the same offset (in place) but must not partially overlap
 * it. Each row's {@code Σ exp} is summed in float in the lane-partial order documented in
 * {@link Losses}; exp is accurate to 2 ulp (0 below the normal range) and log to 1 ulp (see
 * {@link Losses}).
 */
public final class Softmax {

    private Softmax() {}

    /**
     * {@code out[r][j] = exp(x[r][j] − mᵣ) / Σₖ exp(x[r][k] − mᵣ)} with {@code mᵣ = maxₖ x[r][k]}; the
     * division is a multiplication by the reciprocal of the row sum.
     */
    public static void softmax(int rows, int cols, float[] x, int xOff, float[] out, int outOff) {
        check(rows, cols, x, xOff, out, outOff);
        if (Platform.VECTOR) {
            VectorLossKernels.softmax(rows, cols, x, xOff, out, outOff);
        } else {
            ScalarLossKernels.softmax(rows, cols, x, xOff, out, outOff);
        }
    }

    /** {@link #softmax(int, int, float[], int, float[], int)} over whole arrays of length {@code rows·cols}. */
    public static void softmax(int rows, int cols, float[] x, float[] out) {
        checkWhole(rows, cols, x, out);
        softmax(rows, cols, x, 0, out, 0);
    }

    /** {@code out[r][j] = (x[r][j] − mᵣ) − log Σₖ exp(x[r][k] − mᵣ)} with {@code mᵣ = maxₖ x[r][k]}. */
    public static void logSoftmax(int rows, int cols, float[] x, int xOff, float[] out, int outOff) {
        check(rows, cols, x, xOff, out, outOff);
        if (Platform.VECTOR) {
            VectorLossKernels.logSoftmax(rows, cols, x, xOff, out, outOff);
        } else {
            ScalarLossKernels.logSoftmax(rows, cols, x, xOff, out, outOff);
        }
    }

    /** {@link #logSoftmax(int, int, float[], int, float[], int)} over whole arrays of length {@code rows·cols}. */
    public static void logSoftmax(int rows, int cols, float[] x, float[] out) {
        checkWhole(rows, cols, x, out);
        logSoftmax(rows, cols, x, 0, out, 0);
    }

    private static void check(int rows, int cols, float[] x, int xOff, float[] out, int outOff) {
        int size = Checks.elements("x", rows, cols);
        Checks.range("x", x, xOff, size);
        Checks.range("out", out, outOff, size);
        Checks.noPartialOverlap("out", out, outOff, "x", x, xOff, size);
    }

    private static void checkWhole(int rows, int cols, float[] x, float[] out) {
        int size = Checks.elements("x", rows, cols);
        Checks.length("x", x, "rows", rows, "columns", cols);
        Checks.length("out", out, "rows", rows, "columns", cols);
    }
}
