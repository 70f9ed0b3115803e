package dev.vectorprop.reference;

import dev.vectorprop.kernels.AdamConfig;
import dev.vectorprop.kernels.SgdConfig;

/**
 * Scalar oracle for {@link dev.vectorprop.kernels.Optimizers}: the update rules of
 * {@code torch.optim.SGD}, {@code Adam} and {@code AdamW} transcribed literally, in double, on double
 * state arrays that are updated in place.
 */
public final class ReferenceOptimizers {

    private ReferenceOptimizers() {}

    /** One SGD step at 1-based step {@code t}; {@code buf} may be null without momentum. */
    public static void sgd(SgdConfig c, int t, double[] p, double[] grad, double[] buf) {
        for (int i = 0; i < p.length; i++) {
            double g = grad[i];
            if (c.weightDecay() != 0) {
                g = g + c.weightDecay() * p[i];
            }
            if (c.momentum() != 0) {
                if (t == 1) {
                    buf[i] = g;
                } else {
                    buf[i] = c.momentum() * buf[i] + (1 - c.dampening()) * g;
                }
                g = c.nesterov() ? g + c.momentum() * buf[i] : buf[i];
            }
            p[i] = p[i] - c.lr() * g;
        }
    }

    /** One Adam (or AdamW, when {@code c.decoupled()}) step at 1-based step {@code t}. */
    public static void adam(AdamConfig c, int t, double[] p, double[] grad, double[] m, double[] v) {
        double biasCorrection1 = 1 - Math.pow(c.beta1(), t);
        double biasCorrection2 = 1 - Math.pow(c.beta2(), t);
        for (int i = 0; i < p.length; i++) {
            double g = grad[i];
            if (c.decoupled()) {
                p[i] = p[i] * (1 - c.lr() * c.weightDecay());
            } else if (c.weightDecay() != 0) {
                g = g + c.weightDecay() * p[i];
            }
            m[i] = c.beta1() * m[i] + (1 - c.beta1()) * g;
            v[i] = c.beta2() * v[i] + (1 - c.beta2()) * g * g;
            double stepSize = c.lr() / biasCorrection1;
            double denom = Math.sqrt(v[i]) / Math.sqrt(biasCorrection2) + c.eps();
            p[i] = p[i] - stepSize * m[i] / denom;
        }
    }
}
