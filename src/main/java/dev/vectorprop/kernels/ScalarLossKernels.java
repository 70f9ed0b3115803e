package dev.vectorprop.kernels;

/**
 * Scalar bodies of {@link Losses} and {@link Softmax}; arguments are checked. They follow the vector
 * bodies' summation order with one lane, so the two paths differ only in rounding.
 */
final class ScalarLossKernels {

    /** Elementwise loss terms are summed in float within blocks of this many elements, blocks in double. */
    static final int BLOCK = 1024;

    private ScalarLossKernels() {}

    static float exp(float x) {
        return (float) Math.exp(x);
    }

    static double mse(int n, float[] x, int xOff, float[] t, int tOff, float[] g, int gOff, float gradScale) {
        double total = 0;
        for (int b = 0; b < n; b += BLOCK) {
            total += mseBlock(b, Math.min(n, b + BLOCK), 0f, x, xOff, t, tOff, g, gOff, gradScale);
        }
        return total;
    }

    /** Elements {@code [from, to)} of MSE added to {@code s} in index order; also the vector tail. */
    static float mseBlock(int from, int to, float s, float[] x, int xOff, float[] t, int tOff, float[] g, int gOff,
                          float gradScale) {
        for (int i = from; i < to; i++) {
            float d = x[xOff + i] - t[tOff + i];
            s = ScalarArrayKernels.fma(d, d, s);
            g[gOff + i] = gradScale * d;
        }
        return s;
    }

    static double bce(int n, float[] x, int xOff, float[] y, int yOff, float[] g, int gOff, float scale) {
        double total = 0;
        for (int b = 0; b < n; b += BLOCK) {
            total += bceBlock(b, Math.min(n, b + BLOCK), 0f, x, xOff, y, yOff, g, gOff, scale);
        }
        return total;
    }

    /** Elements {@code [from, to)} of BCE-with-logits added to {@code s} in index order. */
    static float bceBlock(int from, int to, float s, float[] x, int xOff, float[] y, int yOff, float[] g, int gOff,
                          float scale) {
        for (int i = from; i < to; i++) {
            float xi = x[xOff + i];
            float yi = y[yOff + i];
            float e = exp(-Math.abs(xi));
            float u = 1f + e;
            s += Math.max(xi, 0f) - xi * yi + (float) Math.log1p(e);
            float sigmoid = (xi >= 0f ? 1f : e) / u;
            g[gOff + i] = (sigmoid - yi) * scale;
        }
        return s;
    }

    static float rowMax(int n, float[] x, int off) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, x[off + i]);
        }
        return m;
    }

    /** {@code out[i] = exp(x[i] − m)} for {@code i < n}; returns their sum. */
    static float expRow(int n, float[] x, int xOff, float m, float[] out, int outOff) {
        float s = 0f;
        for (int i = 0; i < n; i++) {
            float e = exp(x[xOff + i] - m);
            out[outOff + i] = e;
            s += e;
        }
        return s;
    }

    /** @return {@code Σ exp(x[i] − m)} over {@code i < n} */
    static float sumExpRow(int n, float[] x, int xOff, float m) {
        float s = 0f;
        for (int i = 0; i < n; i++) {
            s += exp(x[xOff + i] - m);
        }
        return s;
    }

    /** @return {@code s + Σ x[i]} over {@code [from, n)} */
    static float sumRow(int from, int n, float[] x, int xOff, float s) {
        for (int i = from; i < n; i++) {
            s += x[xOff + i];
        }
        return s;
    }

    /** {@code d[i] = d[i]·k − c} for {@code i in [from, n)}. */
    static void affineRow(int from, int n, float[] d, int dOff, float k, float c) {
        for (int i = from; i < n; i++) {
            d[dOff + i] = ScalarArrayKernels.fma(d[dOff + i], k, -c);
        }
    }

    /** {@code out[i] = (x[i] − m) − logSum} for {@code i in [from, n)}. */
    static void shiftRow(int from, int n, float[] x, int xOff, float m, float logSum, float[] out, int outOff) {
        for (int i = from; i < n; i++) {
            out[outOff + i] = (x[xOff + i] - m) - logSum;
        }
    }

    static void softmax(int rows, int cols, float[] x, int xOff, float[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * cols;
            int or = outOff + r * cols;
            float s = expRow(cols, x, xr, rowMax(cols, x, xr), out, or);
            affineRow(0, cols, out, or, 1f / s, 0f);
        }
    }

    static void logSoftmax(int rows, int cols, float[] x, int xOff, float[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * cols;
            float m = rowMax(cols, x, xr);
            float logSum = (float) Math.log(sumExpRow(cols, x, xr, m));
            shiftRow(0, cols, x, xr, m, logSum, out, outOff + r * cols);
        }
    }

    static double crossEntropyLabels(int batch, int classes, float[] x, int xOff, int[] labels, int lOff,
                                     float smoothing, float scale, float[] d, int dOff) {
        double total = 0;
        float off = smoothing / classes * scale;
        float on = (1f - smoothing) * scale;
        for (int r = 0; r < batch; r++) {
            int xr = xOff + r * classes;
            int dr = dOff + r * classes;
            int y = labels[lOff + r];
            float m = rowMax(classes, x, xr);
            float sumX = smoothing == 0f ? 0f : sumRow(0, classes, x, xr, 0f);
            float dy = x[xr + y] - m;
            float s = expRow(classes, x, xr, m, d, dr);
            affineRow(0, classes, d, dr, scale / s, off);
            d[dr + y] -= on;
            total += Losses.labelRowLoss(s, dy, sumX, m, classes, smoothing);
        }
        return total;
    }

    /** {@code d[i] = d[i]·k − (a·t[i] + b)} for {@code i in [from, n)}: {@code exp → (p·Σq − q)·scale}. */
    static void probabilityGradient(int from, int n, float[] d, int dOff, float[] t, int tOff, float k, float a,
                                    float b) {
        for (int i = from; i < n; i++) {
            d[dOff + i] = ScalarArrayKernels.fma(d[dOff + i], k, -ScalarArrayKernels.fma(a, t[tOff + i], b));
        }
    }

    static double crossEntropyProbabilities(int batch, int classes, float[] x, int xOff, float[] t, int tOff,
                                            float smoothing, float scale, float[] d, int dOff) {
        double total = 0;
        float a = (1f - smoothing) * scale;
        float b = smoothing / classes * scale;
        for (int r = 0; r < batch; r++) {
            int xr = xOff + r * classes;
            int tr = tOff + r * classes;
            int dr = dOff + r * classes;
            float m = rowMax(classes, x, xr);
            float s = 0f, sumD = 0f, sumTD = 0f, sumT = 0f;
            for (int c = 0; c < classes; c++) {
                float diff = x[xr + c] - m;
                float e = exp(diff);
                float tc = t[tr + c];
                d[dr + c] = e;
                s += e;
                sumD += diff;
                sumTD = ScalarArrayKernels.fma(tc, diff, sumTD);
                sumT += tc;
            }
            float sumQ = (1f - smoothing) * sumT + smoothing;
            float k = sumQ * scale / s;
            probabilityGradient(0, classes, d, dr, t, tr, k, a, b);
            total += Losses.probabilityRowLoss(s, sumQ, sumTD, sumD, classes, smoothing);
        }
        return total;
    }
}
