package dev.vectorprop.kernels;

import dev.vectorprop.internal.Checks;

/**
 * Hyper-parameters of {@link Optimizers#sgd SGD}, immutable and validated on construction (as
 * {@code torch.optim.SGD} validates them, and also rejecting NaN and infinity).
 *
 * @param lr          learning rate, finite and {@code >= 0}
 * @param momentum    finite and {@code >= 0}; 0 turns momentum off (no buffer needed)
 * @param dampening   finite; the buffer update is {@code b = momentum·b + (1 − dampening)·g}
 * @param weightDecay coupled L2 penalty, finite and {@code >= 0}
 * @param nesterov    Nesterov momentum; needs {@code momentum > 0} and {@code dampening == 0}
 */
public record SgdConfig(double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {

    /** Validates every field; throws {@link IllegalArgumentException} naming the bad one. */
    public SgdConfig {
        Checks.finiteNonNegative("lr", lr);
        Checks.finiteNonNegative("momentum", momentum);
        if (!Double.isFinite(dampening)) {
            throw new IllegalArgumentException("dampening must be finite, got " + dampening);
        }
        Checks.finiteNonNegative("weightDecay", weightDecay);
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("Nesterov momentum requires momentum > 0 and dampening = 0, got"
                    + " momentum " + momentum + " and dampening " + dampening);
        }
    }

    /** Plain SGD, PyTorch's {@code SGD(lr=lr)}: no momentum, no weight decay. */
    public static SgdConfig sgd(double lr) {
        return new SgdConfig(lr, 0, 0, 0, false);
    }

    /** @return a copy with momentum, dampening and the Nesterov flag set */
    public SgdConfig withMomentum(double momentum, double dampening, boolean nesterov) {
        return new SgdConfig(lr, momentum, dampening, weightDecay, nesterov);
    }

    /** @return a copy with another (coupled) weight decay */
    public SgdConfig withWeightDecay(double weightDecay) {
        return new SgdConfig(lr, momentum, dampening, weightDecay, nesterov);
    }

    /** @return a copy with another learning rate (for schedules) */
    public SgdConfig withLr(double lr) {
        return new SgdConfig(lr, momentum, dampening, weightDecay, nesterov);
    }
}
