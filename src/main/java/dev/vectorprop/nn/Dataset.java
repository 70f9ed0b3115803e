package dev.vectorprop.nn;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * An in-memory dataset: {@code size()} rows of {@code features} floats, each with either a class label
 * (classification: {@code labels} non-null, {@code outputs} classes) or {@code outputs} float targets
 * (regression: {@code targets} non-null).
 *
 * @param features the number of input features per row
 * @param outputs  the number of classes, or of target values per row
 * @param x        {@code size × features} inputs, row-major
 * @param labels   {@code size} class labels in {@code [0, outputs)}, or null for regression
 * @param targets  {@code size × outputs} targets, or null for classification
 */
public record Dataset(int features, int outputs, float[] x, int[] labels, float[] targets) {

    /** Checks the shapes and labels. */
    public Dataset {
        Objects.requireNonNull(x, "x");
        if (features < 1 || outputs < 1) {
            throw new IllegalArgumentException("features and outputs must be >= 1, got " + features + ", " + outputs);
        }
        if ((labels == null) == (targets == null)) {
            throw new IllegalArgumentException("a dataset has either labels or targets");
        }
        if (x.length % features != 0) {
            throw new IllegalArgumentException(x.length + " input values are not rows of " + features);
        }
        int n = x.length / features;
        if (labels != null) {
            if (labels.length != n) {
                throw new IllegalArgumentException(n + " rows but " + labels.length + " labels");
            }
            for (int i = 0; i < n; i++) {
                if (labels[i] < 0 || labels[i] >= outputs) {
                    throw new IllegalArgumentException("label " + labels[i] + " of row " + i + " is outside [0, "
                            + outputs + ")");
                }
            }
        } else if (targets.length != (long) n * outputs) {
            throw new IllegalArgumentException(n + " rows need " + (long) n * outputs + " targets, got "
                    + targets.length);
        }
    }

    /** @return the number of rows */
    public int size() {
        return x.length / features;
    }

    /** @return whether rows have class labels */
    public boolean isClassification() {
        return labels != null;
    }

    /** @return the rows {@code idx[0], idx[1], …} as a new dataset */
    public Dataset rows(int[] idx) {
        float[] nx = new float[idx.length * features];
        int[] nl = labels == null ? null : new int[idx.length];
        float[] nt = targets == null ? null : new float[idx.length * outputs];
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(x, idx[i] * features, nx, i * features, features);
            if (nl != null) {
                nl[i] = labels[idx[i]];
            } else {
                System.arraycopy(targets, idx[i] * outputs, nt, i * outputs, outputs);
            }
        }
        return new Dataset(features, outputs, nx, nl, nt);
    }

    /**
     * A seeded random split.
     *
     * @param testFraction the share of rows in the test part, in (0, 1)
     * @return {@code {train, test}}
     */
    public Dataset[] split(double testFraction, long seed) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("test fraction must be in (0, 1), got " + testFraction);
        }
        int n = size();
        int[] perm = permutation(n, new SplittableRandom(seed));
        int test = (int) Math.round(n * testFraction);
        if (test == 0 || test == n) {
            throw new IllegalArgumentException(n + " rows are too few to split " + testFraction + " off");
        }
        int[] a = java.util.Arrays.copyOfRange(perm, test, n);
        int[] b = java.util.Arrays.copyOf(perm, test);
        return new Dataset[] {rows(a), rows(b)};
    }

    /**
     * Standardises every feature of this dataset and of {@code others} in place with this dataset's mean
     * and standard deviation (a constant feature is only centred).
     */
    public void standardize(Dataset... others) {
        int n = size();
        for (int f = 0; f < features; f++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += x[i * features + f];
            }
            mean /= Math.max(1, n);
            double var = 0;
            for (int i = 0; i < n; i++) {
                double d = x[i * features + f] - mean;
                var += d * d;
            }
            double sd = Math.sqrt(var / Math.max(1, n));
            double scale = sd > 1e-12 ? 1 / sd : 1;
            apply(this, f, mean, scale);
            for (Dataset o : others) {
                apply(o, f, mean, scale);
            }
        }
    }

    private static void apply(Dataset d, int f, double mean, double scale) {
        for (int i = f; i < d.x.length; i += d.features) {
            d.x[i] = (float) ((d.x[i] - mean) * scale);
        }
    }

    /** Fisher–Yates permutation of {@code 0..n-1}. */
    static int[] permutation(int n, SplittableRandom r) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        shuffle(p, n, r);
        return p;
    }

    /** Shuffles the first {@code n} entries of {@code p} in place (allocation-free). */
    static void shuffle(int[] p, int n, SplittableRandom r) {
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
    }

    /** @return e.g. {@code Dataset[1000 rows × 2 features → 3 classes]} */
    @Override
    public String toString() {
        return "Dataset[" + size() + " rows × " + features + " features → " + outputs
                + (isClassification() ? " classes]" : " targets]");
    }
}
