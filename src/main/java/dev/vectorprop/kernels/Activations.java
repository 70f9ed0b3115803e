package dev.vectorprop.kernels;

import dev.vectorprop.internal.Checks;
import dev.vectorprop.internal.Platform;

/**
 * Elementwise forward and backward passes of an {@link Activation} over float arrays.
 *
 * <p>{@link #forward} computes {@code y[i] = f(z[i])}; {@link #backward} computes
 * {@code dz[i] = dy[i]·f′(·)} from Y when {@link Activation#derivativeFromOutput()} is true and from Z
 * otherwise. Arguments are checked before anything is written. An output may be exactly the same range
 * as an input (same array, same offset: in place) but must not partially overlap it.
 *
 * <p><b>Accuracy</b> (measured by {@code ActivationsTest} against the double references of
 * the double references ({@code ReferenceActivations}) on every path, including ±1e4, ±88, ±104,
 * subnormals, ±0, ±∞): identity, relu and leaky relu are exact (one rounding for the slope); the
 * smooth forward passes are within 4 ulp of the exact value (gelu 8: Φ inherits the few ulp of erfc; gelu_tanh
 * in its far left tail adds {@code 2|w|} ulp, w = 2u, because w is rounded to float and σ(w) has
 * relative condition |w|; results passing through subnormals lose their relative accuracy); the
 * backward passes are within 4 ulp plus
 * {@code 4·2^−24·|dy|} absolute, the absolute part coming from computing the derivative from a rounded
 * y (for example {@code 1 − y} of a saturated sigmoid). Special values: NaN in z gives NaN in y for
 * every kind; ±∞ gives the limit ({@code gelu(−∞) = 0}, {@code sigmoid(−∞) = 0}, …); the backward
 * pass of relu and leaky relu treats a NaN input as not positive.
 */
public final class Activations {

    private Activations() {}

    /**
     * {@code y[yOff + i] = f(z[zOff + i])} for {@code i < n}; {@code y} may be {@code z} at the same offset.
     *
     * @throws NullPointerException      if an argument is null
     * @throws IndexOutOfBoundsException if a range is outside its array
     * @throws IllegalArgumentException  if {@code n < 0} or the ranges partially overlap
     */
    public static void forward(Activation act, int n, float[] z, int zOff, float[] y, int yOff) {
        Checks.notNull("act", act);
        Checks.range("z", z, zOff, n);
        Checks.range("y", y, yOff, n);
        Checks.noPartialOverlap("y", y, yOff, "z", z, zOff, n);
        if (Platform.VECTOR) {
            VectorActivations.forward(act.kind(), act.param(), n, z, zOff, y, yOff);
        } else {
            ScalarActivations.forward(act.kind(), act.param(), 0, n, z, zOff, y, yOff);
        }
    }

    /** {@code y = f(z)} over whole arrays of equal length ({@code y} may be {@code z}). */
    public static void forward(Activation act, float[] z, float[] y) {
        forward(act, Checks.sameLength("z", z, "y", y), z, 0, y, 0);
    }

    /** {@code z = f(z)} in place over the whole array. */
    public static void forward(Activation act, float[] z) {
        forward(act, Checks.notNull("z", z).length, z, 0, z, 0);
    }

    /**
     * {@code dz[dzOff + i] = dy[dyOff + i]·f′(·)} for {@code i < n}, where the derivative is taken from
     * {@code zOrY[off + i]}: the forward output y when {@code act.derivativeFromOutput()}, else the
     * pre-activation z. {@code dz} may be {@code dy} or {@code zOrY} at the same offset.
     *
     * @throws NullPointerException      if an argument is null
     * @throws IndexOutOfBoundsException if a range is outside its array
     * @throws IllegalArgumentException  if {@code n < 0} or {@code dz} partially overlaps an input
     */
    public static void backward(Activation act, int n, float[] dy, int dyOff, float[] zOrY, int off,
                                float[] dz, int dzOff) {
        Checks.notNull("act", act);
        Checks.range("dy", dy, dyOff, n);
        Checks.range("zOrY", zOrY, off, n);
        Checks.range("dz", dz, dzOff, n);
        Checks.noPartialOverlap("dz", dz, dzOff, "dy", dy, dyOff, n);
        Checks.noPartialOverlap("dz", dz, dzOff, "zOrY", zOrY, off, n);
        if (Platform.VECTOR) {
            VectorActivations.backward(act.kind(), act.param(), n, dy, dyOff, zOrY, off, dz, dzOff);
        } else {
            ScalarActivations.backward(act.kind(), act.param(), 0, n, dy, dyOff, zOrY, off, dz, dzOff);
        }
    }

    /** {@code dz = dy ⊙ f′} over whole arrays of equal length; see the offset overload. */
    public static void backward(Activation act, float[] dy, float[] zOrY, float[] dz) {
        Checks.sameLength("dy", dy, "zOrY", zOrY);
        backward(act, Checks.sameLength("dy", dy, "dz", dz), dy, 0, zOrY, 0, dz, 0);
    }
}
