package dev.vectorprop.check;

/**
 * Error bounds for comparing a float kernel with a double-accumulated reference, and assertions that
 * name the failing element.
 *
 * <p><b>The bound.</b> A float result of a sum of {@code n} terms computed in any order satisfies
 * {@code |computed − exact| ≤ γ(n)·Σ|termᵢ|} with {@code γ(n) = n·u / (1 − n·u)} and
 * {@code u = 2⁻²⁴} the unit roundoff of float (Higham, <i>Accuracy and Stability of Numerical
 * Algorithms</i>, §3.1). Products formed with FMA or in double add at most one more rounding per term,
 * covered by using {@code n + 1}. The reference is accumulated in double and is exact to ~1e-16 relative,
 * negligible here. A fixed slack factor of 2 absorbs the final rounding to float and the difference
 * between fused and unfused products on CPUs without FMA. The bound is a worst case: typical errors are
 * about {@code √n·u·Σ|termᵢ|}, so a bug that drops or doubles one term is still caught unless that term
 * is tiny relative to the sum (the property tests use values without such cancellation for that reason).
 * An absolute floor of {@code 2⁻¹²⁶·n} covers results in the subnormal range.
 */
public final class Tolerance {

    /** Unit roundoff of float: {@code 2⁻²⁴}. */
    public static final double FLOAT_UNIT_ROUNDOFF = 0x1p-24;

    private Tolerance() {}

    /**
     * @param terms     number of terms summed into the result (1 for a purely elementwise operation)
     * @param magnitude the sum of absolute values of those terms
     * @return the largest error accepted for the result
     */
    public static double reductionBound(int terms, double magnitude) {
        double nu = (Math.max(terms, 1) + 1) * FLOAT_UNIT_ROUNDOFF;
        return 2 * nu / (1 - nu) * magnitude + Math.max(terms, 1) * 0x1p-126;
    }

    /**
     * Asserts that {@code actual} agrees with {@code expected} within {@code bound}, treating NaN as
     * equal to NaN and an infinite expected value (or one beyond float range) as requiring the same
     * infinity.
     *
     * @param context names the case (seed, shape) in the failure message
     * @throws AssertionError when they disagree
     */
    public static void assertClose(String context, double expected, float actual, double bound) {
        if (!isClose(expected, actual, bound)) {
            throw new AssertionError(context + ": expected " + expected + " but got " + actual + " (error "
                    + Math.abs(expected - actual) + " > bound " + bound + ")");
        }
    }

    /**
     * Elementwise {@link #assertClose(String, double, float, double)} with a per-element bound of
     * {@code reductionBound(terms, magnitude[i])}.
     *
     * @param magnitudes per element, the sum of absolute values of the terms that formed it
     */
    public static void assertAllClose(String context, double[] expected, double[] magnitudes, int terms,
                                      float[] actual, int actualOffset) {
        for (int i = 0; i < expected.length; i++) {
            double bound = reductionBound(terms, magnitudes[i]);
            float got = actual[actualOffset + i];
            if (!isClose(expected[i], got, bound)) {
                throw new AssertionError(context + ": element " + i + " expected " + expected[i] + " but got "
                        + got + " (error " + Math.abs(expected[i] - got) + " > bound " + bound + ")");
            }
        }
    }

    /** @return whether {@code actual} is within {@code bound} of {@code expected} (NaN and ∞ aware) */
    public static boolean isClose(double expected, float actual, double bound) {
        if (Double.isNaN(expected)) {
            return Float.isNaN(actual);
        }
        float rounded = (float) expected;
        if (Float.isInfinite(rounded)) {
            return actual == rounded || Math.abs(expected - actual) <= bound;
        }
        return Math.abs(expected - actual) <= bound;
    }
}
