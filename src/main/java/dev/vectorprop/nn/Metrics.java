package dev.vectorprop.nn;

import java.util.Objects;

/** Evaluation of a trained model on a {@link Dataset}, through thread-safe inference. */
public final class Metrics {

    private static final int CHUNK = 1024;

    private Metrics() {}

    /** @return the index of the largest of {@code width} values from {@code off} (the first on ties) */
    public static int argmax(float[] values, int off, int width) {
        int best = 0;
        for (int j = 1; j < width; j++) {
            if (values[off + j] > values[off + best]) {
                best = j;
            }
        }
        return best;
    }

    /**
     * @return how many of {@code rows} rows of {@code scores} ({@code rows × classes}) have their argmax at
     *         the label
     */
    public static int correct(float[] scores, int rows, int classes, int[] labels, int labelsOff) {
        int c = 0;
        for (int r = 0; r < rows; r++) {
            c += argmax(scores, r * classes, classes) == labels[labelsOff + r] ? 1 : 0;
        }
        return c;
    }

    /** @return the fraction of rows whose predicted class is the label */
    public static double accuracy(Sequential model, Dataset data) {
        check(model, data, true);
        int n = data.size();
        int f = data.features();
        int o = data.outputs();
        float[] x = new float[Math.min(CHUNK, n) * f];
        float[] y = new float[Math.min(CHUNK, n) * o];
        long correct = 0;
        for (int start = 0; start < n; start += CHUNK) {
            int rows = Math.min(CHUNK, n - start);
            System.arraycopy(data.x(), start * f, x, 0, rows * f);
            model.predict(x, rows, y);
            correct += correct(y, rows, o, data.labels(), start);
        }
        return n == 0 ? Double.NaN : (double) correct / n;
    }

    /** @return the mean squared error of the predictions against the targets, over all elements */
    public static double meanSquaredError(Sequential model, Dataset data) {
        return residuals(model, data)[0];
    }

    /** @return the coefficient of determination R² (1 − SSE/SST over all target elements) */
    public static double r2(Sequential model, Dataset data) {
        double[] r = residuals(model, data);
        return 1 - r[0] / r[1];
    }

    /** {mean squared error, mean squared deviation of the targets from their per-column mean}. */
    private static double[] residuals(Sequential model, Dataset data) {
        check(model, data, false);
        int n = data.size();
        int f = data.features();
        int o = data.outputs();
        float[] t = data.targets();
        double[] mean = new double[o];
        for (int i = 0; i < t.length; i++) {
            mean[i % o] += t[i] / (double) n;
        }
        float[] x = new float[Math.min(CHUNK, n) * f];
        float[] y = new float[Math.min(CHUNK, n) * o];
        double sse = 0;
        double sst = 0;
        for (int start = 0; start < n; start += CHUNK) {
            int rows = Math.min(CHUNK, n - start);
            System.arraycopy(data.x(), start * f, x, 0, rows * f);
            model.predict(x, rows, y);
            for (int i = 0; i < rows * o; i++) {
                double target = t[start * o + i];
                double d = y[i] - target;
                double e = target - mean[i % o];
                sse += d * d;
                sst += e * e;
            }
        }
        long count = (long) n * o;
        return new double[] {sse / count, sst / count};
    }

    private static void check(Sequential model, Dataset data, boolean classification) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        if (data.isClassification() != classification) {
            throw new IllegalArgumentException(data + (classification ? " has no labels" : " has no targets"));
        }
        if (data.features() != model.inputWidth() || data.outputs() != model.outputWidth()) {
            throw new IllegalArgumentException(data + " does not fit " + model);
        }
    }
}
