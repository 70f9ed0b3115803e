package dev.vectorprop.kernels;

import dev.vectorprop.internal.Checks;

/**
 * An elementwise activation function {@code y = f(z)} and its derivative, for the forward and backward
 * passes of a layer. Immutable; compare with {@link #equals}. Apply it with {@link Activations}.
 *
 * <p>An activation is a {@link Kind} plus one float parameter (the negative slope of
 * {@link Kind#LEAKY_RELU}, 0 for every other kind), so a kernel switches on the enum and passes the
 * float along without allocating. The formulas, with {@code σ(z) = 1/(1+e^{−z})} and
 * {@code Φ(z) = ½(1 + erf(z/√2))}:
 * <table class="striped">
 * <caption>Forward and derivative</caption>
 * <tr><th>kind</th><th>y = f(z)</th><th>f′</th><th>f′ from y?</th></tr>
 * <tr><td>IDENTITY</td><td>z</td><td>1</td><td>yes</td></tr>
 * <tr><td>RELU</td><td>max(z, 0)</td><td>z &gt; 0 ? 1 : 0</td><td>yes (y &gt; 0)</td></tr>
 * <tr><td>LEAKY_RELU(a)</td><td>z &gt; 0 ? z : a·z</td><td>z &gt; 0 ? 1 : a</td>
 *     <td>when a ≥ 0 (y &gt; 0)</td></tr>
 * <tr><td>SIGMOID</td><td>σ(z)</td><td>y(1 − y)</td><td>yes</td></tr>
 * <tr><td>TANH</td><td>tanh z</td><td>(1 − y)(1 + y)</td><td>yes</td></tr>
 * <tr><td>GELU</td><td>z·Φ(z)</td><td>Φ(z) + z·e^{−z²/2}/√(2π)</td><td>no</td></tr>
 * <tr><td>GELU_TANH</td><td>½z(1 + tanh(√(2/π)(z + 0.044715z³))) = z·σ(2u)</td>
 *     <td>s + z·s(1−s)·2u′, s = σ(2u), u′ = √(2/π)(1 + 0.134145z²)</td><td>no</td></tr>
 * <tr><td>SILU</td><td>z·σ(z)</td><td>σ(z) + z·σ(z)(1 − σ(z))</td><td>no</td></tr>
 * <tr><td>SOFTPLUS</td><td>max(z, 0) + log1p(e^{−|z|})</td><td>σ(z) = −expm1(−y)</td><td>yes</td></tr>
 * <tr><td>ELU (α = 1)</td><td>z &gt; 0 ? z : expm1(z)</td><td>y &gt; 0 ? 1 : y + 1</td><td>yes</td></tr>
 * </table>
 * At the kinks the derivative is taken from the left: relu′(0) = 0, leaky′(0) = a (as PyTorch does).
 * When {@link #derivativeFromOutput()} is true a forward pass need not keep Z: the backward kernels take
 * Y instead. GELU and GELU_TANH differ by up to about 5e-4, so they are separate kinds.
 * On the vector path GELU returns 0 as value and derivative for z &lt; −12.875, where both are under
 * 2^−117 ≈ 6e-36 in magnitude, and GELU_TANH for z &lt; −9.875, where both are under 2^−113 ≈ 1e-34:
 * computing them would pass through subnormal floats, which made the whole pass about 2× slower when
 * many pre-activations lay there.
 */
public final class Activation {

    /** The activation functions; see the class documentation for the formulas. */
    public enum Kind {
        /** {@code y = z}. */
        IDENTITY,
        /** {@code y = max(z, 0)}. */
        RELU,
        /** {@code y = z > 0 ? z : slope·z}; the slope is the activation's {@link #param()}. */
        LEAKY_RELU,
        /** {@code y = 1/(1 + e^{−z})}. */
        SIGMOID,
        /** {@code y = tanh z}. */
        TANH,
        /** {@code y = z·Φ(z)}, exact (erf-based). */
        GELU,
        /** {@code y = ½z(1 + tanh(√(2/π)(z + 0.044715z³)))}, the tanh approximation of GELU. */
        GELU_TANH,
        /** {@code y = z·σ(z)} (also called swish). */
        SILU,
        /** {@code y = log(1 + e^z)}, computed as {@code max(z, 0) + log1p(e^{−|z|})}. */
        SOFTPLUS,
        /** {@code y = z > 0 ? z : e^z − 1} (α = 1). */
        ELU
    }

    /** The slope of {@link #LEAKY_RELU}: 0.01, as in PyTorch. */
    public static final float DEFAULT_LEAKY_SLOPE = 0.01f;

    /** {@code y = z}. */
    public static final Activation IDENTITY = new Activation(Kind.IDENTITY, 0f);
    /** {@code y = max(z, 0)}. */
    public static final Activation RELU = new Activation(Kind.RELU, 0f);
    /** Leaky relu with slope {@link #DEFAULT_LEAKY_SLOPE}; see {@link #leakyRelu(float)} for others. */
    public static final Activation LEAKY_RELU = new Activation(Kind.LEAKY_RELU, DEFAULT_LEAKY_SLOPE);
    /** The logistic sigmoid. */
    public static final Activation SIGMOID = new Activation(Kind.SIGMOID, 0f);
    /** The hyperbolic tangent. */
    public static final Activation TANH = new Activation(Kind.TANH, 0f);
    /** Exact GELU, {@code z·Φ(z)}. */
    public static final Activation GELU = new Activation(Kind.GELU, 0f);
    /** GELU with the tanh approximation. */
    public static final Activation GELU_TANH = new Activation(Kind.GELU_TANH, 0f);
    /** SiLU / swish, {@code z·σ(z)}. */
    public static final Activation SILU = new Activation(Kind.SILU, 0f);
    /** Softplus, {@code log(1 + e^z)}. */
    public static final Activation SOFTPLUS = new Activation(Kind.SOFTPLUS, 0f);
    /** ELU with α = 1. */
    public static final Activation ELU = new Activation(Kind.ELU, 0f);

    private final Kind kind;
    private final float param;

    private Activation(Kind kind, float param) {
        this.kind = kind;
        this.param = param;
    }

    /**
     * Leaky relu {@code y = z > 0 ? z : slope·z}.
     *
     * @param slope the slope for {@code z ≤ 0}; any finite value (0 gives relu's values; a negative slope
     *              makes the derivative need Z, see {@link #derivativeFromOutput()})
     * @return the activation
     * @throws IllegalArgumentException if {@code slope} is NaN or infinite
     */
    public static Activation leakyRelu(float slope) {
        Checks.finite("slope", slope);
        return slope == DEFAULT_LEAKY_SLOPE ? LEAKY_RELU : new Activation(Kind.LEAKY_RELU, slope);
    }

    /**
     * The activation of a kind with its default parameter (slope 0.01 for {@link Kind#LEAKY_RELU}).
     *
     * @param kind the kind
     * @return one of the constants of this class
     */
    public static Activation of(Kind kind) {
        return switch (Checks.notNull("kind", kind)) {
            case IDENTITY -> IDENTITY;
            case RELU -> RELU;
            case LEAKY_RELU -> LEAKY_RELU;
            case SIGMOID -> SIGMOID;
            case TANH -> TANH;
            case GELU -> GELU;
            case GELU_TANH -> GELU_TANH;
            case SILU -> SILU;
            case SOFTPLUS -> SOFTPLUS;
            case ELU -> ELU;
        };
    }

    /** @return the kind, for switching in kernels */
    public Kind kind() {
        return kind;
    }

    /** @return the slope of a leaky relu, 0 for every other kind */
    public float param() {
        return param;
    }

    /**
     * Whether the derivative can be computed from the output {@code y} alone, so that a forward pass need
     * not keep Z: true for identity, relu, leaky relu with slope ≥ 0, sigmoid, tanh, softplus and elu;
     * false for gelu, gelu_tanh, silu (not monotonic: two z give the same y) and leaky relu with a
     * negative slope. The backward kernels take Y when this is true and Z otherwise.
     *
     * @return true when {@link Activations#backward} expects Y, false when it expects Z
     */
    public boolean derivativeFromOutput() {
        return switch (kind) {
            case IDENTITY, RELU, SIGMOID, TANH, SOFTPLUS, ELU -> true;
            case LEAKY_RELU -> param >= 0;
            case GELU, GELU_TANH, SILU -> false;
        };
    }

    /** Equal when the kind and the parameter (compared bitwise) are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Activation a && a.kind == kind
                && Float.floatToIntBits(a.param) == Float.floatToIntBits(param);
    }

    @Override
    public int hashCode() {
        return kind.ordinal() * 31 + Float.floatToIntBits(param);
    }

    /** @return e.g. {@code "GELU"} or {@code "LEAKY_RELU(0.2)"} */
    @Override
    public String toString() {
        return kind == Kind.LEAKY_RELU ? kind + "(" + param + ")" : kind.name();
    }
}
