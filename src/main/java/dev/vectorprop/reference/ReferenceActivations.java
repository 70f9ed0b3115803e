package dev.vectorprop.reference;

import dev.vectorprop.kernels.Activation;

/**
 * Double-precision oracles for {@link dev.vectorprop.kernels.Activations}: the forward value and the
 * derivative of each {@link Activation}, taken from the pre-activation z, plus erf and erfc written
 * from their series (accurate to about 1e-15). At ±∞ every function returns its limit (where the plain
 * formula would give ∞·0). For testing only; production code never calls this class.
 */
public final class ReferenceActivations {

    private static final double SQRT_PI = Math.sqrt(Math.PI);
    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

    private ReferenceActivations() {}

    /** @return {@code f(z)} in double for the activation (see {@link Activation} for the formulas) */
    public static double forward(Activation act, double z) {
        return switch (act.kind()) {
            case IDENTITY -> z;
            case RELU -> Math.max(z, 0.0);
            case LEAKY_RELU -> z > 0 ? z : act.param() * z;
            case SIGMOID -> sigmoid(z);
            case TANH -> Math.tanh(z);
            case GELU -> Double.isInfinite(z) ? Math.max(z, 0) : z * phi(z);
            // ½z(1 + tanh u) = z·σ(2u), the form without cancellation for u < 0.
            case GELU_TANH -> Double.isInfinite(z) ? Math.max(z, 0) : z * sigmoid(2 * geluTanhU(z));
            case SILU -> Double.isInfinite(z) ? Math.max(z, 0) : z * sigmoid(z);
            case SOFTPLUS -> Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
            case ELU -> z > 0 ? z : Math.expm1(z);
        };
    }

    /** @return {@code f′(z)} in double; at the kinks the left derivative (relu′(0) = 0, leaky′(0) = slope) */
    public static double derivative(Activation act, double z) {
        if (Double.isInfinite(z)) {
            return switch (act.kind()) {
                case IDENTITY -> 1;
                case LEAKY_RELU -> z > 0 ? 1 : act.param();
                case SIGMOID, TANH -> 0;
                default -> z > 0 ? 1 : 0; // relu, gelu, gelu_tanh, silu, softplus, elu
            };
        }
        return switch (act.kind()) {
            case IDENTITY -> 1;
            case RELU -> z > 0 ? 1 : 0;
            case LEAKY_RELU -> z > 0 ? 1 : act.param();
            case SIGMOID -> sigmoid(z) * sigmoid(-z);
            case TANH -> 1 / (Math.cosh(z) * Math.cosh(z));
            case GELU -> phi(z) + z * Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
            case GELU_TANH -> {
                double w = 2 * geluTanhU(z);
                double dw = 2 * SQRT_2_OVER_PI * (1 + 3 * 0.044715 * z * z);
                yield sigmoid(w) + z * sigmoid(w) * sigmoid(-w) * dw;
            }
            case SILU -> sigmoid(z) + z * sigmoid(z) * sigmoid(-z);
            case SOFTPLUS -> sigmoid(z);
            case ELU -> z > 0 ? 1 : Math.exp(z);
        };
    }

    /**
     * The derivative computed from the output {@code y = f(z)}, for activations whose
     * {@link Activation#derivativeFromOutput()} is true: identity 1; relu and leaky relu by the sign of y;
     * sigmoid {@code y(1−y)}; tanh {@code 1−y²}; softplus {@code −expm1(−y)}; elu {@code y > 0 ? 1 : y+1}.
     *
     * @throws IllegalArgumentException for an activation whose derivative needs z
     */
    public static double derivativeFromOutput(Activation act, double y) {
        if (!act.derivativeFromOutput()) {
            throw new IllegalArgumentException(act + " needs z for its derivative");
        }
        return switch (act.kind()) {
            case RELU -> y > 0 ? 1 : 0;
            case LEAKY_RELU -> y > 0 ? 1 : act.param();
            case SIGMOID -> y * (1 - y);
            case TANH -> 1 - y * y;
            case SOFTPLUS -> -Math.expm1(-y);
            case ELU -> y > 0 ? 1 : y + 1;
            default -> 1;
        };
    }

    /** σ(z) without overflow: z ≥ 0 ? 1/(1+e^{−z}) : e^z/(1+e^z). */
    public static double sigmoid(double z) {
        double e = Math.exp(-Math.abs(z));
        return z >= 0 ? 1 / (1 + e) : e / (1 + e);
    }

    /** Φ(z), the standard normal distribution function, as ½erfc(−z/√2). */
    public static double phi(double z) {
        return 0.5 * erfc(-z / Math.sqrt(2));
    }

    private static double geluTanhU(double z) {
        return SQRT_2_OVER_PI * (z + 0.044715 * z * z * z);
    }

    /**
     * erf(x): for |x| &lt; 2.5 the series {@code (2/√π)·e^{−x²}·Σ 2ⁿx^{2n+1}/(1·3·…·(2n+1))}, whose
     * terms are all positive (no cancellation); beyond, {@code 1 − erfc(x)}.
     */
    public static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double a = Math.abs(x);
        if (a >= 2.5) {
            return Math.copySign(1 - erfcContinuedFraction(a), x);
        }
        double term = a;
        double sum = a;
        for (int n = 1; term > 1e-17 * sum; n++) {
            term *= 2 * a * a / (2 * n + 1);
            sum += term;
        }
        return Math.copySign(2 / SQRT_PI * Math.exp(-a * a) * sum, x);
    }

    /**
     * erfc(x) = 1 − erf(x), with relative accuracy for large x: the continued fraction
     * {@code e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …))))} for x ≥ 2.5, evaluated from a depth
     * of 400; {@code 1 − erf(x)} below (erfc(2.5) ≈ 4e-4, so at most ~1e-13 relative is lost).
     */
    public static double erfc(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        if (x >= 2.5) {
            return erfcContinuedFraction(x);
        }
        return 1 - erf(x);
    }

    private static double erfcContinuedFraction(double x) {
        if (Double.isInfinite(x)) {
            return 0;
        }
        double k = x;
        for (int n = 400; n >= 1; n--) {
            k = x + (n / 2.0) / k;
        }
        return Math.exp(-x * x) / (SQRT_PI * k);
    }
}
