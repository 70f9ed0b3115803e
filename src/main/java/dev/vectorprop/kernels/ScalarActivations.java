package dev.vectorprop.kernels;

import dev.vectorprop.kernels.Activation.Kind;

/**
 * Scalar bodies of {@link Activations}: the fallback path, the tails of the vector loops, and the
 * scalar twins of {@link VectorActivations#forward} and {@link VectorActivations#derivativeTimes}.
 * Elementary functions are evaluated in double with {@link Math} (correctly rounded to about 1 ulp)
 * and rounded once to float; erf uses the same approximation as the vector code. This class never
 * touches {@code jdk.incubator.vector}, so it loads without that module. It also holds the constants
 * shared with {@link VectorMath}.
 */
final class ScalarActivations {

    private ScalarActivations() {}

    /** {@code 2·√(2/π)}: gelu_tanh's {@code 2u = z·(K1 + K3·z²)}. */
    static final float GELU_TANH_K1 = 1.5957691216057308f;
    /** {@code 2·√(2/π)·0.044715}. */
    static final float GELU_TANH_K3 = 0.0713548162726009f;
    /** {@code 1/√2}. */
    static final float SQRT_HALF = 0.70710678118654752f;
    private static final double SQRT_HALF_D = Math.sqrt(0.5);
    /** {@code 1/√(2π)}. */
    static final float INV_SQRT_2PI = 0.3989422804014327f;
    /**
     * Beyond this |z| the products {@code z·(something that underflowed to 0)} in gelu, gelu_tanh and
     * silu are clamped, so that ±∞ gives the limit instead of ∞·0 = NaN. Every such factor is exactly 0
     * in float well before (σ(z) for z &lt; −104, Φ(z) for z &lt; −14.9, e^{−z²/2} for |z| &gt; 14.9).
     */
    static final float PRODUCT_CLAMP = 200f;
    /** Arguments of erfc are clamped here: erfc(10.5) ≈ 5e-50 is 0 in float, and the fit ends near it. */
    static final float ERFC_MAX_X = 10.5f;

    /**
     * {@code erfc(x) = e^{−x²}·t·P(t)} with {@code t = 1/(1 + x/2)}, x ≥ 0: coefficients of P in
     * increasing powers, fitted by this project (weighted least squares iterated towards minimax, Lawson)
     * to the relative error of erfc on [0, 10.1]; 9.3e-9 in exact arithmetic with these float
     * coefficients.
     */
    static final float ERFC_P0 = 2.820882797e-01f, ERFC_P1 = 2.822580040e-01f, ERFC_P2 = 2.451230139e-01f,
            ERFC_P3 = 1.859136075e-01f, ERFC_P4 = 5.373880267e-02f, ERFC_P5 = 3.809266165e-02f,
            ERFC_P6 = -2.620561980e-02f, ERFC_P7 = -2.851428986e-01f, ERFC_P8 = 3.784526885e-01f,
            ERFC_P9 = -1.898937523e-01f, ERFC_P10 = 3.557522222e-02f;
    /** The same coefficients as an array, for the scalar loop (the vector code needs compile-time constants). */
    static final float[] ERFC_P = {ERFC_P0, ERFC_P1, ERFC_P2, ERFC_P3, ERFC_P4, ERFC_P5, ERFC_P6, ERFC_P7, ERFC_P8,
        ERFC_P9, ERFC_P10};

    /**
     * erf(x) = x·S(x²) for |x| ≤ 0.75, where {@code 1 − erfc} would lose up to 3.6 ulp of erfc ≈ 1
     * (2.1e-7 absolute); coefficients of S, fitted as above (7e-8 relative).
     */
    static final float[] ERF_SMALL_S = {1.128379107e+00f, -3.761262000e-01f, 1.128337681e-01f,
        -2.683462389e-02f, 5.114344880e-03f, -6.749508902e-04f};

    /** log1p(e) = e·R(e) on 0 ≤ e ≤ 1, coefficients of R (1.1e-8 relative, fitted as above). */
    static final float[] LOG1P_R = {1.000000000e+00f, -4.999990165e-01f, 3.332996070e-01f, -2.495412827e-01f,
        1.967590898e-01f, -1.530550420e-01f, 1.060350537e-01f, -5.695805699e-02f, 1.985067688e-02f,
        -3.243850777e-03f};

    /**
     * {@code y = f(z)} for one element; see {@link Activation} for the formulas.
     *
     * @param kind  the activation
     * @param param its parameter (leaky relu's slope; ignored otherwise)
     * @param z     the pre-activation
     * @return {@code f(z)}
     */
    static float forward(Kind kind, float param, float z) {
        return switch (kind) {
            case IDENTITY -> z;
            case RELU -> Math.max(z, 0f);
            case LEAKY_RELU -> z > 0 ? z : param * z;
            case SIGMOID -> (float) sigmoid(z);
            case TANH -> (float) Math.tanh(z);
            case GELU -> Math.max(z, -PRODUCT_CLAMP) * phi(z);
            case GELU_TANH -> (float) (Math.max(z, -PRODUCT_CLAMP) * sigmoid(geluTanhArg(z)));
            case SILU -> (float) (Math.max(z, -PRODUCT_CLAMP) * sigmoid(z));
            case SOFTPLUS -> (float) (Math.max(z, 0.0) + Math.log1p(Math.exp(-Math.abs((double) z))));
            case ELU -> z > 0 ? z : (float) Math.expm1(z);
        };
    }

    /**
     * {@code dy·f′} for one element. {@code zOrY} is the output {@code y} when
     * {@link Activation#derivativeFromOutput()} holds for ({@code kind}, {@code param}), else the
     * pre-activation {@code z}; see {@link VectorActivations#derivativeTimes}.
     *
     * @return {@code dy·f′}
     */
    static float derivativeTimes(Kind kind, float param, float zOrY, float dy) {
        return switch (kind) {
            case IDENTITY -> dy;
            case RELU -> zOrY > 0 ? dy : 0f;
            case LEAKY_RELU -> zOrY > 0 ? dy : dy * param;
            case SIGMOID -> dy * ((1 - zOrY) * zOrY);
            case TANH -> dy * ((1 - zOrY) * (1 + zOrY));
            case GELU -> {
                float zc = clampProduct(zOrY);
                double gauss = Math.exp(-0.5 * zc * zc) * INV_SQRT_2PI;
                yield (float) (dy * (phi(zOrY) + zc * gauss));
            }
            case GELU_TANH -> {
                double zc = clampProduct(zOrY);
                double w = geluTanhArg(zOrY);
                double s = sigmoid(w);
                double e = Math.exp(-Math.abs(w));
                double r = 1 / (1 + e);
                yield (float) (dy * (s + zc * (e * r * r) * (GELU_TANH_K1 + 3.0 * GELU_TANH_K3 * zc * zc)));
            }
            case SILU -> {
                double zc = clampProduct(zOrY);
                double e = Math.exp(-Math.abs(zc));
                double r = 1 / (1 + e);
                yield (float) (dy * (sigmoid(zOrY) + zc * e * r * r));
            }
            case SOFTPLUS -> (float) (dy * -Math.expm1(-(double) zOrY));
            case ELU -> zOrY > 0 ? dy : dy * (zOrY + 1);
        };
    }

    static void forward(Kind kind, float param, int from, int n, float[] z, int zOff, float[] y, int yOff) {
        for (int i = from; i < n; i++) {
            y[yOff + i] = forward(kind, param, z[zOff + i]);
        }
    }

    static void backward(Kind kind, float param, int from, int n, float[] dy, int dyOff, float[] zOrY,
                         int off, float[] dz, int dzOff) {
        for (int i = from; i < n; i++) {
            dz[dzOff + i] = derivativeTimes(kind, param, zOrY[off + i], dy[dyOff + i]);
        }
    }

    /** σ(w) in double, stable for any w: e = e^{−|w|}, w ≥ 0 ? 1/(1+e) : e/(1+e). */
    private static double sigmoid(double w) {
        double e = Math.exp(-Math.abs(w));
        double r = 1 / (1 + e);
        return w >= 0 ? r : e * r;
    }

    /** gelu_tanh's {@code 2u}, from z clamped to ±{@link #PRODUCT_CLAMP} (z³ cannot overflow). */
    private static double geluTanhArg(float z) {
        double zc = clampProduct(z);
        return zc * (GELU_TANH_K1 + GELU_TANH_K3 * zc * zc);
    }

    private static float clampProduct(float z) {
        return Math.min(Math.max(z, -PRODUCT_CLAMP), PRODUCT_CLAMP);
    }

    /** Φ(z) = ½·erfc(−z/√2), relative accuracy in the left tail. */
    private static float phi(float z) {
        float c = erfcNonNegative(Math.abs((double) z) * SQRT_HALF_D);
        return z < 0 ? 0.5f * c : 1 - 0.5f * c;
    }

    /** erf(x) with the approximation of {@link #ERFC_P}; max abs error stated in {@link VectorMath#erf}. */
    static float erf(float x) {
        return Math.copySign(1 - erfcNonNegative(Math.abs(x)), x);
    }

    /** erfc(x) for x ≥ 0 (NaN propagates), evaluated in double from the float fit. */
    static float erfcNonNegative(double x) {
        double xc = Math.min(x, ERFC_MAX_X);
        double t = 1 / (1 + 0.5 * xc);
        double p = 0;
        for (int k = ERFC_P.length - 1; k >= 0; k--) {
            p = p * t + ERFC_P[k];
        }
        return (float) (Math.exp(-xc * xc) * t * p);
    }
}
