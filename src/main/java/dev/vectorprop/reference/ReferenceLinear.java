package dev.vectorprop.reference;

import dev.vectorprop.kernels.Activation;

/**
 * Scalar oracle for {@link dev.vectorprop.kernels.Linear}, in double: {@code Z = X·Wᵀ + b},
 * {@code Y = act(Z)} and the backward products, plus the magnitudes ({@code Σ|terms|}) that scale the
 * tolerance of each result.
 */
public final class ReferenceLinear {

    private ReferenceLinear() {}

    /**
     * Forward results.
     *
     * @param z   pre-activations, {@code batch × out}
     * @param y   activations
     * @param zMagnitude {@code Σ_k |x·w| + |b|} per element of z
     */
    public record Forward(double[] z, double[] y, double[] zMagnitude) {}

    /**
     * Backward results.
     *
     * @param dx  {@code batch × in}; dxMagnitude its magnitudes
     * @param dw  {@code out × in}; dwMagnitude its magnitudes
     * @param db  {@code out}; dbMagnitude its magnitudes
     */
    public record Backward(double[] dx, double[] dxMagnitude, double[] dw, double[] dwMagnitude, double[] db,
                           double[] dbMagnitude) {}

    /** The forward pass; {@code bias} may be null. */
    public static Forward forward(Activation act, int batch, int in, int out, float[] x, float[] w, float[] bias) {
        double[] z = new double[batch * out];
        double[] y = new double[batch * out];
        double[] mag = new double[batch * out];
        for (int i = 0; i < batch; i++) {
            for (int j = 0; j < out; j++) {
                double s = bias == null ? 0 : bias[j];
                double m = Math.abs(s);
                for (int p = 0; p < in; p++) {
                    double t = (double) x[i * in + p] * w[j * in + p];
                    s += t;
                    m += Math.abs(t);
                }
                z[i * out + j] = s;
                y[i * out + j] = ReferenceActivations.forward(act, s);
                mag[i * out + j] = m;
            }
        }
        return new Forward(z, y, mag);
    }

    /**
     * The backward pass, with act' evaluated at the given saved forward values (Y when
     * {@code act.derivativeFromOutput()}, else Z), as the kernel does.
     */
    public static Backward backward(Activation act, int batch, int in, int out, float[] x, float[] w,
                                    float[] saved, float[] dy) {
        double[] dz = new double[batch * out];
        for (int e = 0; e < dz.length; e++) {
            double d = act.derivativeFromOutput() ? ReferenceActivations.derivativeFromOutput(act, saved[e])
                    : ReferenceActivations.derivative(act, saved[e]);
            dz[e] = dy[e] * d;
        }
        double[] dx = new double[batch * in];
        double[] dxm = new double[batch * in];
        for (int i = 0; i < batch; i++) {
            for (int p = 0; p < in; p++) {
                for (int j = 0; j < out; j++) {
                    double t = dz[i * out + j] * w[j * in + p];
                    dx[i * in + p] += t;
                    dxm[i * in + p] += Math.abs(t);
                }
            }
        }
        double[] dw = new double[out * in];
        double[] dwm = new double[out * in];
        double[] db = new double[out];
        double[] dbm = new double[out];
        for (int j = 0; j < out; j++) {
            for (int i = 0; i < batch; i++) {
                db[j] += dz[i * out + j];
                dbm[j] += Math.abs(dz[i * out + j]);
                for (int p = 0; p < in; p++) {
                    double t = dz[i * out + j] * x[i * in + p];
                    dw[j * in + p] += t;
                    dwm[j * in + p] += Math.abs(t);
                }
            }
        }
        return new Backward(dx, dxm, dw, dwm, db, dbm);
    }

    /**
     * {@code Σ g ⊙ act(X·Wᵀ + b)}: a scalar loss whose gradients are the backward pass with dY = g,
     * for finite-difference checks. Inputs: {@code {x, w, b}} (b may be empty for no bias).
     */
    public static double weightedOutputSum(Activation act, int batch, int in, int out, double[][] xwb,
                                           float[] g) {
        double[] x = xwb[0];
        double[] w = xwb[1];
        double[] b = xwb[2];
        double s = 0;
        for (int i = 0; i < batch; i++) {
            for (int j = 0; j < out; j++) {
                double z = b.length == 0 ? 0 : b[j];
                for (int p = 0; p < in; p++) {
                    z += x[i * in + p] * w[j * in + p];
                }
                s += g[i * out + j] * ReferenceActivations.forward(act, z);
            }
        }
        return s;
    }
}
