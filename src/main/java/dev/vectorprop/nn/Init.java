package dev.vectorprop.nn;

import dev.vectorprop.check.RandomArrays;
import dev.vectorprop.kernels.Activation;
import java.util.SplittableRandom;

/**
 * Weight initialisations for a {@link Dense} layer of {@code in} inputs and {@code out} outputs (biases
 * start at 0). {@link #defaultFor} picks He for relu-like activations and Xavier/Glorot otherwise.
 */
public enum Init {
    /** He (Kaiming) normal: {@code N(0, 2/in)}, for relu-like activations. */
    HE_NORMAL,
    /** He uniform: {@code U(−√(6/in), √(6/in))}. */
    HE_UNIFORM,
    /** Xavier/Glorot uniform: {@code U(−√(6/(in+out)), √(6/(in+out)))}, for tanh, sigmoid, identity. */
    XAVIER_UNIFORM,
    /** Xavier/Glorot normal: {@code N(0, 2/(in+out))}. */
    XAVIER_NORMAL;

    /**
     * @param act the layer's activation
     * @return {@link #HE_NORMAL} for relu, leaky relu, elu, gelu, silu and softplus;
     *         {@link #XAVIER_UNIFORM} for identity, sigmoid and tanh
     */
    public static Init defaultFor(Activation act) {
        return switch (act.kind()) {
            case RELU, LEAKY_RELU, ELU, GELU, GELU_TANH, SILU, SOFTPLUS -> HE_NORMAL;
            case IDENTITY, SIGMOID, TANH -> XAVIER_UNIFORM;
        };
    }

    /** Fills {@code w} (an {@code out × in} weight matrix) with values drawn from {@code r}. */
    void fill(float[] w, int in, int out, SplittableRandom r) {
        int fanIn = Math.max(1, in);
        int fanSum = Math.max(1, in + out);
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) switch (this) {
                case HE_NORMAL -> RandomArrays.gaussian(r) * Math.sqrt(2.0 / fanIn);
                case HE_UNIFORM -> (r.nextDouble() * 2 - 1) * Math.sqrt(6.0 / fanIn);
                case XAVIER_UNIFORM -> (r.nextDouble() * 2 - 1) * Math.sqrt(6.0 / fanSum);
                case XAVIER_NORMAL -> RandomArrays.gaussian(r) * Math.sqrt(2.0 / fanSum);
            };
        }
    }
}
