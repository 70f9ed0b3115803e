package dev.vectorprop.reference;

/**
 * Scalar oracle for {@link dev.vectorprop.kernels.ArrayMath}: plain loops with double arithmetic and
 * double accumulation, written for clarity, never for speed. Production code never calls this package,
 * so a test comparing a kernel with its reference never compares a thing with itself.
 */
public final class ReferenceArrayMath {

    private ReferenceArrayMath() {}

    /** @return {@code alpha·x + y} elementwise, in double */
    public static double[] axpy(float alpha, float[] x, float[] y) {
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            r[i] = (double) alpha * x[i] + y[i];
        }
        return r;
    }

    /** @return {@code alpha·x} elementwise, in double */
    public static double[] scale(float alpha, float[] x) {
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            r[i] = (double) alpha * x[i];
        }
        return r;
    }

    /** @return {@code a + b} elementwise, in double */
    public static double[] add(float[] a, float[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = (double) a[i] + b[i];
        }
        return r;
    }

    /** @return {@code a·b} elementwise, in double */
    public static double[] multiply(float[] a, float[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = (double) a[i] * b[i];
        }
        return r;
    }

    /** @return the sum, accumulated in double */
    public static double sum(float[] x) {
        double s = 0;
        for (float v : x) {
            s += v;
        }
        return s;
    }

    /** @return the sum of absolute values (the condition magnitude of {@link #sum}) */
    public static double sumAbs(float[] x) {
        double s = 0;
        for (float v : x) {
            s += Math.abs((double) v);
        }
        return s;
    }

    /** @return the dot product, accumulated in double */
    public static double dot(float[] x, float[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += (double) x[i] * y[i];
        }
        return s;
    }

    /** @return {@code Σ |x[i]·y[i]|} (the condition magnitude of {@link #dot}) */
    public static double dotAbs(float[] x, float[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += Math.abs((double) x[i] * y[i]);
        }
        return s;
    }

    /** @return {@code Σ x²} in double */
    public static double sumOfSquares(float[] x) {
        return dot(x, x);
    }

    /** @return {@code max |x|}, NaN if any element is NaN, 0 for an empty array */
    public static double maxAbs(float[] x) {
        double m = 0;
        for (float v : x) {
            if (Float.isNaN(v)) {
                return Double.NaN;
            }
            m = Math.max(m, Math.abs((double) v));
        }
        return m;
    }
}
