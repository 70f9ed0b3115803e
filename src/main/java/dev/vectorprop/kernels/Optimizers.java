package dev.vectorprop.kernels;

import dev.vectorprop.internal.Checks;
import dev.vectorprop.internal.Platform;

/**
 * Optimizer updates as fused kernels: each step reads the parameters, gradients and optimizer state
 * once and writes the parameters and state once. The formulas are those of {@code torch.optim.SGD},
 * {@code Adam} and {@code AdamW} (single-tensor implementation, {@code maximize=False},
 * {@code amsgrad=False}).
 *
 * <p><b>State.</b> All optimizer state lives in plain float arrays owned by the caller, plus the step
 * count {@code t} passed explicitly (1-based: the first update is {@code t = 1}). To checkpoint, save
 * the arrays and {@code t}; restoring them and continuing with {@code t + 1} resumes bit for bit. New
 * state arrays start as zeros ({@code new float[n]}).
 *
 * <p>All arguments are checked before anything is written; parameter, gradient and state ranges must
 * not overlap one another. Scalar hyper-parameters are combined in double and rounded to float once per
 * call; the elementwise arithmetic is float, with FMA where the CPU has it.
 */
public final class Optimizers {

    private Optimizers() {}

    /**
     * One SGD step, {@code torch.optim.SGD(lr, momentum μ, dampening τ, weight_decay λ, nesterov)}:
     * <pre>
     *   g ← g + λ·p                          (if λ ≠ 0)
     *   if μ ≠ 0:
     *     b ← g                              (t = 1)
     *     b ← μ·b + (1 − τ)·g                (t &gt; 1)
     *     g ← g + μ·b  if nesterov, else  g ← b
     *   p ← p − lr·g
     * </pre>
     * The gradient array itself is not modified.
     *
     * @param step     the 1-based step count {@code t}
     * @param momentum the momentum buffer {@code b}, from {@code momentumOff}; may be {@code null} when
     *                 {@code config.momentum() == 0}; not read at {@code t = 1}
     */
    public static void sgd(SgdConfig config, int step, int n, float[] params, int paramsOff, float[] grads,
                           int gradsOff, float[] momentum, int momentumOff) {
        Checks.notNull("config", config);
        checkStep(step);
        Checks.range("params", params, paramsOff, n);
        Checks.range("grads", grads, gradsOff, n);
        Checks.disjoint("params", params, paramsOff, n, "grads", grads, gradsOff, n);
        boolean useBuffer = config.momentum() != 0;
        if (useBuffer) {
            Checks.range("momentum", momentum, momentumOff, n);
            Checks.disjoint("momentum", momentum, momentumOff, n, "params", params, paramsOff, n);
            Checks.disjoint("momentum", momentum, momentumOff, n, "grads", grads, gradsOff, n);
        }
        float lr = (float) config.lr();
        float wd = (float) config.weightDecay();
        float mu = (float) config.momentum();
        float keep = (float) (1 - config.dampening());
        boolean first = step == 1;
        if (Platform.VECTOR) {
            VectorOptimizerKernels.sgd(n, params, paramsOff, grads, gradsOff, momentum, momentumOff, lr, wd, mu,
                    keep, first, config.nesterov());
        } else {
            ScalarOptimizerKernels.sgd(0, n, params, paramsOff, grads, gradsOff, momentum, momentumOff, lr, wd,
                    mu, keep, first, config.nesterov());
        }
    }

    /**
     * {@link #sgd(SgdConfig, int, int, float[], int, float[], int, float[], int)} over whole arrays of
     * one length ({@code momentum} may be {@code null} without momentum).
     */
    public static void sgd(SgdConfig config, int step, float[] params, float[] grads, float[] momentum) {
        int n = Checks.notNull("params", params).length;
        Checks.length("grads", grads, "params", n);
        if (momentum != null || Checks.notNull("config", config).momentum() != 0) {
            Checks.length("momentum", momentum, "params", n);
        }
        sgd(config, step, n, params, 0, grads, 0, momentum, 0);
    }

    /**
     * One Adam or AdamW step, {@code torch.optim.Adam(lr, betas=(β₁, β₂), eps ε, weight_decay λ)} or,
     * with {@code config.decoupled()}, {@code torch.optim.AdamW}:
     * <pre>
     *   g ← g + λ·p                          (Adam, if λ ≠ 0)
     *   p ← p·(1 − lr·λ)                     (AdamW)
     *   m ← β₁·m + (1 − β₁)·g                (computed as m + (1 − β₁)·(g − m), torch's lerp)
     *   v ← β₂·v + (1 − β₂)·g²
     *   p ← p − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
     * </pre>
     * ε is added outside the square root, as PyTorch does. The bias corrections are computed in double;
     * the division by {@code √(1 − β₂ᵗ)} is a multiplication by its reciprocal rounded to float (within
     * 1 ulp of the division). The gradient array itself is not modified.
     *
     * @param step the 1-based step count {@code t}
     * @param m    first moment, from {@code mOff}
     * @param v    second moment, from {@code vOff}
     */
    public static void adam(AdamConfig config, int step, int n, float[] params, int paramsOff, float[] grads,
                            int gradsOff, float[] m, int mOff, float[] v, int vOff) {
        Checks.notNull("config", config);
        checkStep(step);
        Checks.range("params", params, paramsOff, n);
        Checks.range("grads", grads, gradsOff, n);
        Checks.range("m", m, mOff, n);
        Checks.range("v", v, vOff, n);
        Checks.disjoint("params", params, paramsOff, n, "grads", grads, gradsOff, n);
        Checks.disjoint("params", params, paramsOff, n, "m", m, mOff, n);
        Checks.disjoint("params", params, paramsOff, n, "v", v, vOff, n);
        Checks.disjoint("m", m, mOff, n, "grads", grads, gradsOff, n);
        Checks.disjoint("m", m, mOff, n, "v", v, vOff, n);
        Checks.disjoint("v", v, vOff, n, "grads", grads, gradsOff, n);
        double biasCorrection1 = 1 - Math.pow(config.beta1(), step);
        double biasCorrection2 = 1 - Math.pow(config.beta2(), step);
        float w1 = (float) (1 - config.beta1());
        float b2 = (float) config.beta2();
        float c2 = (float) (1 - config.beta2());
        float stepSize = (float) (config.lr() / biasCorrection1);
        float invBc2Sqrt = (float) (1 / Math.sqrt(biasCorrection2));
        float eps = (float) config.eps();
        float wd = config.decoupled() ? 0f : (float) config.weightDecay();
        float shrink = config.decoupled() ? (float) (1 - config.lr() * config.weightDecay()) : 1f;
        if (Platform.VECTOR) {
            VectorOptimizerKernels.adam(n, params, paramsOff, grads, gradsOff, m, mOff, v, vOff, w1, b2, c2,
                    stepSize, invBc2Sqrt, eps, wd, shrink);
        } else {
            ScalarOptimizerKernels.adam(0, n, params, paramsOff, grads, gradsOff, m, mOff, v, vOff, w1, b2, c2,
                    stepSize, invBc2Sqrt, eps, wd, shrink);
        }
    }

    /** {@link #adam(AdamConfig, int, int, float[], int, float[], int, float[], int, float[], int)} over whole arrays. */
    public static void adam(AdamConfig config, int step, float[] params, float[] grads, float[] m, float[] v) {
        int n = Checks.notNull("params", params).length;
        Checks.length("grads", grads, "params", n);
        Checks.length("m", m, "params", n);
        Checks.length("v", v, "params", n);
        adam(config, step, n, params, 0, grads, 0, m, 0, v, 0);
    }

    private static void checkStep(int step) {
        if (step < 1) {
            throw new IllegalArgumentException("step must be >= 1 (the first update is step 1), got " + step);
        }
    }
}
