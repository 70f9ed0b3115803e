package dev.vectorprop.check;

import java.util.Objects;

/**
 * Finite-difference gradient checking in double precision, for kernels and for users' own layers.
 *
 * <p>Evaluate the loss in double (the {@code reference} package does), perturb one input element at a
 * time by {@code ±h}, and compare the central difference {@code (f(x+h) − f(x−h)) / 2h} with the
 * analytic gradient that a float kernel produced. In double, {@code h ≈ 1e-6·max(1, |x|)} balances the
 * {@code O(h²)} truncation error of the central difference against cancellation (≈ 1e-16/h); the float
 * analytic gradient then dominates the error, so {@link Result#maxError(double)} should be read against
 * float precision (≈ 1e-5 relative for well-conditioned layers).
 *
 * <p>Keep points away from kinks (relu at 0): a difference taken across a kink is meaningless.
 */
public final class GradCheck {

    /** A scalar function of several arrays, evaluated in double. */
    @FunctionalInterface
    public interface Function {
        /**
         * @param inputs the inputs; the function must not modify them
         * @return the scalar value (e.g. a loss)
         */
        double apply(double[][] inputs);
    }

    private GradCheck() {}

    /**
     * Central-difference gradient of {@code f} at {@code inputs}, with relative step {@code relStep}
     * ({@code h = relStep·max(1, |x|)} per element).
     *
     * @return one gradient array per input, same shapes
     */
    public static double[][] numericGradient(Function f, double[][] inputs, double relStep) {
        Objects.requireNonNull(f, "f");
        Objects.requireNonNull(inputs, "inputs");
        if (!(relStep > 0) || !Double.isFinite(relStep)) {
            throw new IllegalArgumentException("relStep must be positive and finite, got " + relStep);
        }
        double[][] x = new double[inputs.length][];
        for (int t = 0; t < inputs.length; t++) {
            x[t] = Objects.requireNonNull(inputs[t], "inputs[" + t + "]").clone();
        }
        double[][] grad = new double[x.length][];
        for (int t = 0; t < x.length; t++) {
            grad[t] = new double[x[t].length];
            for (int i = 0; i < x[t].length; i++) {
                double saved = x[t][i];
                double h = relStep * Math.max(1.0, Math.abs(saved));
                x[t][i] = saved + h;
                double plus = f.apply(x);
                x[t][i] = saved - h;
                double minus = f.apply(x);
                x[t][i] = saved;
                grad[t][i] = (plus - minus) / (2 * h);
            }
        }
        return grad;
    }

    /** {@link #numericGradient} with the default relative step {@code 1e-6}. */
    public static double[][] numericGradient(Function f, double[][] inputs) {
        return numericGradient(f, inputs, 1e-6);
    }

    /** Widens float arrays to double, for feeding float data to a double function. */
    public static double[][] toDouble(float[]... arrays) {
        double[][] r = new double[arrays.length][];
        for (int t = 0; t < arrays.length; t++) {
            r[t] = new double[arrays[t].length];
            for (int i = 0; i < arrays[t].length; i++) {
                r[t][i] = arrays[t][i];
            }
        }
        return r;
    }

    /**
     * Compares analytic gradients with numeric ones element by element.
     *
     * @param analytic one array per input, as a kernel produced them
     * @param numeric  the output of {@link #numericGradient}
     */
    public static Result compare(float[][] analytic, double[][] numeric) {
        if (analytic.length != numeric.length) {
            throw new IllegalArgumentException("analytic has " + analytic.length + " arrays, numeric "
                    + numeric.length);
        }
        double[][] abs = new double[analytic.length][];
        double[][] rel = new double[analytic.length][];
        for (int t = 0; t < analytic.length; t++) {
            if (analytic[t].length != numeric[t].length) {
                throw new IllegalArgumentException("array " + t + ": analytic length " + analytic[t].length
                        + " != numeric length " + numeric[t].length);
            }
            abs[t] = new double[analytic[t].length];
            rel[t] = new double[analytic[t].length];
            for (int i = 0; i < analytic[t].length; i++) {
                double d = Math.abs(analytic[t][i] - numeric[t][i]);
                abs[t][i] = d;
                rel[t][i] = d / Math.max(Math.abs(analytic[t][i]), Math.abs(numeric[t][i]));
                if (d == 0) {
                    rel[t][i] = 0;
                }
            }
        }
        return new Result(abs, rel, analytic, numeric);
    }

    /**
     * Per-element errors of a gradient check.
     *
     * @param absError {@code |analytic − numeric|} per input array and element
     * @param relError {@code absError / max(|analytic|, |numeric|)}, 0 where both are 0
     * @param analytic the analytic gradients compared
     * @param numeric  the numeric gradients compared
     */
    public record Result(double[][] absError, double[][] relError, float[][] analytic, double[][] numeric) {

        /**
         * The largest mixed error {@code absError / (floor + max(|analytic|, |numeric|))}: relative for
         * large gradients, absolute (scaled by {@code 1/floor}) for gradients near zero.
         *
         * @param floor the gradient magnitude below which errors are judged absolutely
         * @return the worst mixed error over all elements
         */
        public double maxError(double floor) {
            double worst = 0;
            for (int t = 0; t < absError.length; t++) {
                for (int i = 0; i < absError[t].length; i++) {
                    worst = Math.max(worst, mixed(t, i, floor));
                }
            }
            return worst;
        }

        /**
         * Throws if any element's mixed error (see {@link #maxError}) exceeds {@code tolerance},
         * naming the first such element.
         */
        public void assertWithin(String context, double tolerance, double floor) {
            for (int t = 0; t < absError.length; t++) {
                for (int i = 0; i < absError[t].length; i++) {
                    double e = mixed(t, i, floor);
                    if (!(e <= tolerance)) {
                        throw new AssertionError(context + ": input " + t + " element " + i + " analytic "
                                + analytic[t][i] + " vs numeric " + numeric[t][i] + " (mixed error " + e
                                + " > " + tolerance + ")");
                    }
                }
            }
        }

        private double mixed(int t, int i, double floor) {
            return absError[t][i] / (floor + Math.max(Math.abs(analytic[t][i]), Math.abs(numeric[t][i])));
        }
    }
}
