package dev.vectorprop.kernels;

/** Scalar bodies of {@link GradientUtils}, also the tails of the vector bodies; arguments are checked. */
final class ScalarGradientKernels {

    /** Sums of squares are formed in float within blocks of this many elements, blocks added in double. */
    static final int BLOCK = 1024;

    private ScalarGradientKernels() {}

    static double sumOfSquares(int n, float[] x, int off) {
        double total = 0;
        for (int b = 0; b < n; b += BLOCK) {
            total += ScalarArrayKernels.sumOfSquares(Math.min(BLOCK, n - b), x, off + b);
        }
        return total;
    }

    static void clamp(int from, int n, float[] x, int off, float limit) {
        for (int i = from; i < n; i++) {
            x[off + i] = Math.min(Math.max(x[off + i], -limit), limit);
        }
    }

    static int firstNonFinite(int from, int n, float[] x, int off) {
        for (int i = from; i < n; i++) {
            if (!Float.isFinite(x[off + i])) {
                return i;
            }
        }
        return -1;
    }
}
