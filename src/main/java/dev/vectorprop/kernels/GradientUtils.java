package dev.vectorprop.kernels;

import dev.vectorprop.internal.Checks;
import dev.vectorprop.internal.Platform;

/**
 * Gradient utilities between the backward pass and the optimizer: L2 norms over many tensors, clipping
 * as {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_}, and a NaN/∞ scan.
 *
 * <p><b>Norms are deterministic.</b> Each tensor's sum of squares is formed in float within blocks of
 * 1024 consecutive elements (in the order documented in {@link ArrayMath}), the block sums are added in
 * double in index order, the tensors' sums in double in argument order, and the square root is taken in
 * double. No thread count or timing enters the result. A block whose float sum of squares overflows
 * (elements beyond about 1e18) makes the norm {@code +∞}, as a float computation would.
 */
public final class GradientUtils {

    private GradientUtils() {}

    /**
     * @return {@code √(Σₜ Σᵢ tₜ[i]²)} over all tensors in argument order, as
     *         {@code torch.linalg.vector_norm(torch.stack([vector_norm(t) for t in tensors]))}; 0 for none
     */
    public static float globalNorm(float[]... tensors) {
        checkTensors("tensors", tensors);
        double total = 0;
        for (float[] t : tensors) {
            total += sumOfSquares(t);
        }
        return (float) Math.sqrt(total);
    }

    /** Writes each tensor's L2 norm: {@code out[t] = √(Σᵢ tensors[t][i]²)}, in the documented order. */
    public static void norms(float[][] tensors, float[] out) {
        checkTensors("tensors", tensors);
        Checks.length("out", out, "tensors (one norm each)", tensors.length);
        for (int t = 0; t < tensors.length; t++) {
            out[t] = (float) Math.sqrt(sumOfSquares(tensors[t]));
        }
    }

    /**
     * Scales all gradients together so that their global norm is at most {@code maxNorm}, as
     * {@code torch.nn.utils.clip_grad_norm_(grads, maxNorm)} with the 2-norm:
     * <pre>
     *   total = globalNorm(grads)
     *   coef  = min(maxNorm / (total + 1e-6), 1)      (in float)
     *   g ← coef·g  for every gradient                (skipped when coef == 1: a no-op)
     * </pre>
     * A non-finite total is not an error (PyTorch's default): a NaN total makes every gradient NaN and an
     * infinite one multiplies by 0. Use {@link #firstNonFinite} first to detect it.
     *
     * @return the global norm before clipping
     */
    public static float clipByGlobalNorm(float maxNorm, float[]... grads) {
        Checks.finiteNonNegative("maxNorm", maxNorm);
        checkTensors("grads", grads);
        float total = globalNorm(grads);
        float coef = Math.min(maxNorm / (total + 1e-6f), 1f);
        if (coef != 1f) {
            for (float[] g : grads) {
                if (Platform.VECTOR) {
                    VectorArrayKernels.scale(g.length, coef, g, 0, g, 0);
                } else {
                    ScalarArrayKernels.scale(g.length, coef, g, 0, g, 0);
                }
            }
        }
        return total;
    }

    /**
     * Clamps every element to {@code [−clipValue, clipValue]}, as
     * {@code torch.nn.utils.clip_grad_value_(grads, clipValue)}; NaN stays NaN.
     *
     * @param clipValue {@code >= 0}, may be {@code +∞} (no clipping)
     */
    public static void clipByValue(float clipValue, float[]... grads) {
        if (!(clipValue >= 0)) {
            throw new IllegalArgumentException("clipValue must be >= 0, got " + clipValue);
        }
        checkTensors("grads", grads);
        for (float[] g : grads) {
            if (Platform.VECTOR) {
                VectorGradientKernels.clamp(g.length, g, 0, clipValue);
            } else {
                ScalarGradientKernels.clamp(0, g.length, g, 0, clipValue);
            }
        }
    }

    /**
     * @return the smallest {@code i < n} with {@code x[xOff + i]} NaN or ±∞, or −1 when all are finite
     */
    public static int firstNonFinite(int n, float[] x, int xOff) {
        Checks.range("x", x, xOff, n);
        return Platform.VECTOR ? VectorGradientKernels.firstNonFinite(n, x, xOff)
                : ScalarGradientKernels.firstNonFinite(0, n, x, xOff);
    }

    /** @return the index of the first NaN or ±∞ in {@code x}, or −1 when all are finite */
    public static int firstNonFinite(float[] x) {
        return firstNonFinite(Checks.notNull("x", x).length, x, 0);
    }

    private static double sumOfSquares(float[] t) {
        return Platform.VECTOR ? VectorGradientKernels.sumOfSquares(t.length, t, 0)
                : ScalarGradientKernels.sumOfSquares(t.length, t, 0);
    }

    private static void checkTensors(String name, float[][] tensors) {
        Checks.notNull(name, tensors);
        for (int t = 0; t < tensors.length; t++) {
            if (tensors[t] == null) { // no name concatenation on the hot path: a step allocates nothing
                Checks.notNull(name + "[" + t + "]", tensors[t]);
            }
        }
    }
}
