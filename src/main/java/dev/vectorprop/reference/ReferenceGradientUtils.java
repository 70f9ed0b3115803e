package dev.vectorprop.reference;

/**
 * Scalar oracle for {@link dev.vectorprop.kernels.GradientUtils}: norms accumulated in double and
 * {@code torch.nn.utils.clip_grad_norm_} / {@code clip_grad_value_} transcribed in double.
 */
public final class ReferenceGradientUtils {

    private ReferenceGradientUtils() {}

    /** @return {@code √(Σ x²)} of one tensor, accumulated in double */
    public static double norm(float[] x) {
        double s = 0;
        for (float v : x) {
            s += (double) v * v;
        }
        return Math.sqrt(s);
    }

    /** @return the norm of the per-tensor norms */
    public static double globalNorm(float[]... tensors) {
        double s = 0;
        for (float[] t : tensors) {
            double n = norm(t);
            s += n * n;
        }
        return Math.sqrt(s);
    }

    /** @return the factor {@code min(maxNorm / (total + 1e-6), 1)} that clip_grad_norm_ multiplies by */
    public static double clipCoefficient(double maxNorm, double total) {
        return Math.min(maxNorm / (total + 1e-6), 1.0);
    }

    /** @return {@code x} clamped to {@code [−limit, limit]}, NaN kept */
    public static double clamp(double x, double limit) {
        return Double.isNaN(x) ? x : Math.max(-limit, Math.min(limit, x));
    }

    /** @return the first index holding NaN or ±∞, or −1 */
    public static int firstNonFinite(float[] x) {
        for (int i = 0; i < x.length; i++) {
            if (Float.isNaN(x[i]) || Float.isInfinite(x[i])) {
                return i;
            }
        }
        return -1;
    }
}
