package dev.vectorprop.kernels;

import static dev.vectorprop.kernels.ScalarArrayKernels.fma;

/** Scalar bodies of {@link Optimizers}, also the tails of the vector bodies; arguments are checked. */
final class ScalarOptimizerKernels {

    private ScalarOptimizerKernels() {}

    /** One SGD step over elements {@code [from, to)}; see {@link Optimizers#sgd} for the formulas. */
    static void sgd(int from, int to, float[] p, int pOff, float[] g, int gOff, float[] b, int bOff, float lr,
                    float wd, float mu, float keep, boolean first, boolean nesterov) {
        for (int i = from; i < to; i++) {
            float pi = p[pOff + i];
            float gi = g[gOff + i];
            if (wd != 0f) {
                gi = fma(wd, pi, gi);
            }
            if (mu != 0f) {
                float bi = first ? gi : fma(mu, b[bOff + i], keep * gi);
                b[bOff + i] = bi;
                gi = nesterov ? fma(mu, bi, gi) : bi;
            }
            p[pOff + i] = fma(-lr, gi, pi);
        }
    }

    /** One Adam/AdamW step over elements {@code [from, to)}; see {@link Optimizers#adam} for the formulas. */
    static void adam(int from, int to, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v,
                     int vOff, float w1, float b2, float c2, float stepSize, float invBc2Sqrt, float eps, float wd,
                     float shrink) {
        for (int i = from; i < to; i++) {
            float pi = p[pOff + i];
            float gi = g[gOff + i];
            if (wd != 0f) {
                gi = fma(wd, pi, gi);
            }
            float mi = m[mOff + i];
            mi = fma(w1, gi - mi, mi);
            float vi = fma(c2 * gi, gi, b2 * v[vOff + i]);
            m[mOff + i] = mi;
            v[vOff + i] = vi;
            float denom = fma((float) Math.sqrt(vi), invBc2Sqrt, eps);
            p[pOff + i] = fma(-stepSize, mi / denom, pi * shrink);
        }
    }
}
