package dev.vectorprop.nn;

import dev.vectorprop.kernels.AdamConfig;
import dev.vectorprop.kernels.Optimizers;
import dev.vectorprop.kernels.SgdConfig;
import java.util.List;
import java.util.Objects;

/**
 * SGD, Adam or AdamW over a list of {@link Parameter}s, wrapping the fused {@link Optimizers} kernels.
 *
 * <p>An optimizer is {@link #attach attached} to one parameter list (a {@link Trainer} does it), which
 * allocates its state once: a momentum buffer per parameter for SGD with momentum, the moments {@code m}
 * and {@code v} for Adam. {@link #step()} then updates every trainable parameter in place, allocating
 * nothing, and calls {@link Parameter#markUpdated()}; frozen parameters ({@link Parameter#trainable()}
 * false) are skipped. The state is readable through {@link #state} and {@link #stepCount()} for
 * checkpoints ({@link Checkpoint}).
 */
public final class Optimizer {

    private SgdConfig sgd;
    private AdamConfig adam;
    private List<Parameter> params;
    private float[][][] state;
    private int steps;

    private Optimizer(SgdConfig sgd, AdamConfig adam) {
        this.sgd = sgd;
        this.adam = adam;
    }

    /** @return plain SGD with the given learning rate */
    public static Optimizer sgd(double lr) {
        return new Optimizer(SgdConfig.sgd(lr), null);
    }

    /** @return SGD with momentum, dampening, weight decay and Nesterov as configured */
    public static Optimizer sgd(SgdConfig config) {
        return new Optimizer(Objects.requireNonNull(config, "config"), null);
    }

    /** @return Adam with PyTorch's defaults and the given learning rate */
    public static Optimizer adam(double lr) {
        return new Optimizer(null, AdamConfig.adam(lr));
    }

    /** @return AdamW with PyTorch's defaults and the given learning rate */
    public static Optimizer adamW(double lr) {
        return new Optimizer(null, AdamConfig.adamW(lr));
    }

    /** @return Adam or AdamW as configured */
    public static Optimizer adam(AdamConfig config) {
        return new Optimizer(null, Objects.requireNonNull(config, "config"));
    }

    /**
     * Binds the optimizer to its parameters and allocates the state (zeros). Attaching again to the same
     * list is a no-op.
     *
     * @throws IllegalStateException when already attached to other parameters
     */
    public void attach(List<Parameter> parameters) {
        Objects.requireNonNull(parameters, "parameters");
        if (params != null) {
            if (params.equals(parameters)) {
                return;
            }
            throw new IllegalStateException("optimizer already attached to other parameters");
        }
        List<Parameter> ps = List.copyOf(parameters);
        int k = stateNames().size();
        float[][][] s = new float[ps.size()][k][];
        for (int i = 0; i < ps.size(); i++) {
            for (int j = 0; j < k; j++) {
                s[i][j] = new float[ps.get(i).size()];
            }
        }
        this.params = ps;
        this.state = s;
    }

    /** @return the attached parameters (empty before {@link #attach}) */
    public List<Parameter> parameters() {
        return params == null ? List.of() : params;
    }

    /**
     * Updates every trainable attached parameter from its gradient (the gradients are not changed).
     *
     * @throws IllegalStateException before {@link #attach}
     */
    public void step() {
        if (params == null) {
            throw new IllegalStateException("optimizer not attached to any parameters");
        }
        int t = ++steps;
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            if (!p.trainable()) {
                continue;
            }
            if (sgd != null) {
                Optimizers.sgd(sgd, t, p.size(), p.value(), 0, p.grad(), 0, state[i].length == 0 ? null : state[i][0],
                        0);
            } else {
                Optimizers.adam(adam, t, p.size(), p.value(), 0, p.grad(), 0, state[i][0], 0, state[i][1], 0);
            }
            p.markUpdated();
        }
    }

    /** @return the number of steps taken (the 1-based count {@code t} of the last step) */
    public int stepCount() {
        return steps;
    }

    /** Sets the step count, when restoring a checkpoint; the next step is {@code steps + 1}. */
    public void setStepCount(int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("step count must be >= 0, got " + steps);
        }
        this.steps = steps;
    }

    /** @return the names of the per-parameter state arrays: {@code []}, {@code [momentum]} or {@code [m, v]} */
    public List<String> stateNames() {
        if (sgd != null) {
            return sgd.momentum() == 0 ? List.of() : List.of("momentum");
        }
        return List.of("m", "v");
    }

    /**
     * @param parameter index into {@link #parameters()}
     * @param name      one of {@link #stateNames()}
     * @return the live state array
     */
    public float[] state(int parameter, String name) {
        if (params == null) {
            throw new IllegalStateException("optimizer not attached to any parameters");
        }
        int j = stateNames().indexOf(name);
        if (j < 0) {
            throw new IllegalArgumentException("no optimizer state '" + name + "' (have " + stateNames() + ")");
        }
        return state[parameter][j];
    }

    /** @return the learning rate */
    public double learningRate() {
        return sgd != null ? sgd.lr() : adam.lr();
    }

    /** Changes the learning rate (e.g. for a schedule); other hyper-parameters stay. */
    public void setLearningRate(double lr) {
        if (sgd != null) {
            sgd = new SgdConfig(lr, sgd.momentum(), sgd.dampening(), sgd.weightDecay(), sgd.nesterov());
        } else {
            adam = new AdamConfig(lr, adam.beta1(), adam.beta2(), adam.eps(), adam.weightDecay(), adam.decoupled());
        }
    }

    /** @return the configuration, e.g. {@code SgdConfig[lr=0.1, …]} */
    @Override
    public String toString() {
        return sgd != null ? sgd.toString() : adam.toString();
    }
}
