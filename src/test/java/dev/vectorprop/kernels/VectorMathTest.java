package dev.vectorprop.kernels;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vectorprop.internal.Platform;
import dev.vectorprop.reference.ReferenceActivations;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Accuracy of the elementary functions behind the activations, over dense sweeps: erf against the
 * double reference (max abs error), the vectorprop exp/expm1/log1p/tanh and the JDK's intrinsified
 * {@code EXP}/{@code TANH} lane operations against {@link Math} (max ulp error). Measured maxima are
 * printed and quoted in the Javadoc of {@link VectorMath}.
 */
@Tag("kernel")
class VectorMathTest {

    /** Max abs error allowed for erf (the requirement); measured: see {@link VectorMath#erf}. */
    static final double ERF_BOUND = 2e-7;

    /** Sweep of [lo, hi] with the given step, plus the extremes a kernel meets. */
    static float[] sweep(double lo, double hi, double step, float... extra) {
        int n = (int) Math.floor((hi - lo) / step) + 1;
        float[] x = new float[n + extra.length];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (lo + i * step);
        }
        System.arraycopy(extra, 0, x, n, extra.length);
        return x;
    }

    static float[] applyVector(UnaryOperator<FloatVector> f, float[] x) {
        VectorSpecies<Float> s = FloatVector.SPECIES_PREFERRED;
        int n = (x.length + s.length() - 1) / s.length() * s.length();
        float[] in = java.util.Arrays.copyOf(x, n);
        float[] out = new float[n];
        for (int i = 0; i < n; i += s.length()) {
            f.apply(FloatVector.fromArray(s, in, i)).intoArray(out, i);
        }
        return java.util.Arrays.copyOf(out, x.length);
    }

    /** Max |actual − expected| in units of the float ulp of the expected value; NaN must match NaN. */
    static double maxUlp(String what, float[] x, float[] actual, DoubleUnaryOperator exact) {
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            double e = exact.applyAsDouble(x[i]);
            if (Double.isNaN(e) || Float.isNaN(actual[i])) {
                assertTrue(Double.isNaN(e) && Float.isNaN(actual[i]), what + "(" + x[i] + ") = " + actual[i]);
                continue;
            }
            float fe = (float) e;
            if (Float.isInfinite(fe)) {
                assertTrue(actual[i] == fe, what + "(" + x[i] + ") = " + actual[i] + ", expected " + fe);
                continue;
            }
            worst = Math.max(worst, Math.abs(actual[i] - e) / Math.ulp(fe));
        }
        System.out.printf("%s: max error %.3f ulp over %d points%n", what, worst, x.length);
        return worst;
    }

    static double maxAbs(float[] x, float[] actual, DoubleUnaryOperator exact) {
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            worst = Math.max(worst, Math.abs(actual[i] - exact.applyAsDouble(x[i])));
        }
        return worst;
    }

    static float[] erfSweep() {
        float[] wide = sweep(-12, 12, 0x1p-14, Float.MIN_VALUE, -Float.MIN_VALUE, 0f, -0f, 1e-30f, 30f, -1e4f,
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY);
        float[] small = sweep(0, 0.25, 0x1p-20);
        float[] all = java.util.Arrays.copyOf(wide, wide.length + small.length);
        System.arraycopy(small, 0, all, wide.length, small.length);
        return all;
    }

    @Test
    void vectorErfWithinBound() {
        assumeTrue(Platform.VECTOR, "vector path off");
        float[] x = erfSweep();
        double err = maxAbs(x, applyVector(VectorMath::erf, x), ReferenceActivations::erf);
        System.out.printf("vector erf: max abs error %.3g over %d points%n", err, x.length);
        assertTrue(err <= ERF_BOUND, "vector erf max abs error " + err);
    }

    @Test
    void scalarErfWithinBound() {
        float[] x = erfSweep();
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = ScalarActivations.erf(x[i]);
        }
        double err = maxAbs(x, y, ReferenceActivations::erf);
        System.out.printf("scalar erf: max abs error %.3g over %d points%n", err, x.length);
        assertTrue(err <= ERF_BOUND, "scalar erf max abs error " + err);
    }

    @Test
    void erfcTailIsRelativelyAccurate() {
        assumeTrue(Platform.VECTOR, "vector path off");
        float[] x = sweep(0, 9.3, 0x1p-12);
        float[] c = applyVector(v -> VectorMath.erfcFromGauss(v, VectorMath.expMinusScaledSquare(v, 1f)), x);
        assertTrue(maxUlp("vector erfc", x, c, ReferenceActivations::erfc) <= 8);
    }

    @Test
    void ownExponentialsWithinUlpBounds() {
        assumeTrue(Platform.VECTOR, "vector path off");
        float[] neg = sweep(-110, 0, 0x1p-10, -1e-30f, -Float.MIN_VALUE, -0f, -1e4f, Float.NEGATIVE_INFINITY,
                Float.NaN);
        float[] x = java.util.Arrays.copyOf(neg, neg.length);
        assertTrue(maxUlp("vectorprop exp(x<=0)", x, applyVector(VectorMath::expNonPositive, x), Math::exp) <= 1);
        float[] normal = sweep(VectorMath.EXP_FTZ_MIN, 0, 0x1p-10, -1e-30f, -Float.MIN_VALUE, -0f, Float.NaN);
        assertTrue(maxUlp("vectorprop exp(x<=0), flushing", normal,
                applyVector(VectorMath::expNonPositiveFtz, normal), Math::exp) <= 2);
        float[] flushed = {-87.34f, -88f, -104f, -1e4f, -3e38f, Float.NEGATIVE_INFINITY};
        for (float f : applyVector(VectorMath::expNonPositiveFtz, flushed)) {
            assertTrue(f == 0f, "flushed exp " + f);
        }
        assertTrue(maxUlp("vectorprop expm1(x<=0)", x, applyVector(VectorMath::expm1NonPositive, x),
                Math::expm1) <= 1);
        float[] unit = sweep(0, 1, 0x1p-16, Float.MIN_VALUE, 1e-30f, Float.NaN);
        assertTrue(maxUlp("vectorprop log1p([0,1])", unit, applyVector(VectorMath::log1pUnit, unit), Math::log1p)
                <= 2);
        float[] t = sweep(-20, 20, 0x1p-11, 1e-30f, -1e-30f, Float.MIN_VALUE, 1e4f, -1e4f,
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN);
        assertTrue(maxUlp("vectorprop tanh", t, applyVector(VectorMath::tanh, t), Math::tanh) <= 3);
    }

    /**
     * The requirement to check the JDK's transcendental lane operations: {@code lanewise(EXP)} and
     * {@code lanewise(TANH)} against {@link Math#exp} / {@link Math#tanh}, including |x| up to 1e4 and
     * the overflow threshold of exp. The Vector API specifies 1 ulp for them.
     */
    @Test
    void jdkExpAndTanhLaneOperationsWithinOneUlp() {
        assumeTrue(Platform.VECTOR, "vector path off");
        float[] x = sweep(-104, 89, 0x1p-9, 88.72f, 88.73f, 89f, -1e4f, 1e4f, 1e-30f, -0f, Float.MIN_VALUE,
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN);
        assertTrue(maxUlp("jdk lanewise(EXP)", x, applyVector(v -> v.lanewise(VectorOperators.EXP), x), Math::exp)
                <= 1);
        float[] t = sweep(-20, 20, 0x1p-11, 1e-30f, -1e-30f, 1e4f, -1e4f, Float.POSITIVE_INFINITY, Float.NaN);
        assertTrue(maxUlp("jdk lanewise(TANH)", t, applyVector(v -> v.lanewise(VectorOperators.TANH), t),
                Math::tanh) <= 1);
    }
}
