package dev.vectorprop.kernels;

import dev.vectorprop.internal.Checks;

/**
 * Hyper-parameters of {@link Optimizers#adam Adam and AdamW}, immutable and validated on construction
 * (as {@code torch.optim.Adam}/{@code AdamW} validate theirs, and also rejecting NaN and infinity).
 * Scalars are doubles, like PyTorch's Python floats: the bias corrections are computed in double and
 * rounded to float once per step.
 *
 * @param lr          learning rate, finite and {@code >= 0}
 * @param beta1       first-moment decay, in [0, 1)
 * @param beta2       second-moment decay, in [0, 1)
 * @param eps         added to the denominator outside the square root, finite and {@code >= 0}
 * @param weightDecay finite and {@code >= 0}; 0 turns it off
 * @param decoupled   false: Adam's L2 penalty added to the gradient; true: AdamW's decoupled decay
 */
public record AdamConfig(double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {

    /** Validates every field; throws {@link IllegalArgumentException} naming the bad one. */
    public AdamConfig {
        Checks.finiteNonNegative("lr", lr);
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
        }
        Checks.finiteNonNegative("eps", eps);
        Checks.finiteNonNegative("weightDecay", weightDecay);
    }

    /** PyTorch's {@code Adam(lr=lr)} defaults: betas (0.9, 0.999), eps 1e-8, no weight decay. */
    public static AdamConfig adam(double lr) {
        return new AdamConfig(lr, 0.9, 0.999, 1e-8, 0, false);
    }

    /** PyTorch's {@code AdamW(lr=lr)} defaults: betas (0.9, 0.999), eps 1e-8, decoupled weight decay 0.01. */
    public static AdamConfig adamW(double lr) {
        return new AdamConfig(lr, 0.9, 0.999, 1e-8, 0.01, true);
    }

    /** @return a copy with other betas */
    public AdamConfig withBetas(double beta1, double beta2) {
        return new AdamConfig(lr, beta1, beta2, eps, weightDecay, decoupled);
    }

    /** @return a copy with another eps */
    public AdamConfig withEps(double eps) {
        return new AdamConfig(lr, beta1, beta2, eps, weightDecay, decoupled);
    }

    /** @return a copy with another weight decay (of the same kind, coupled or decoupled) */
    public AdamConfig withWeightDecay(double weightDecay) {
        return new AdamConfig(lr, beta1, beta2, eps, weightDecay, decoupled);
    }

    /** @return a copy with another learning rate (for schedules) */
    public AdamConfig withLr(double lr) {
        return new AdamConfig(lr, beta1, beta2, eps, weightDecay, decoupled);
    }
}
