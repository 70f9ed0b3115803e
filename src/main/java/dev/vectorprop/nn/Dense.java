package dev.vectorprop.nn;

import dev.vectorprop.kernels.Activation;
import dev.vectorprop.kernels.Linear;
import dev.vectorprop.kernels.LinearWeights;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A fully connected layer {@code y = act(x·Wᵀ + b)} on the fused {@link Linear} kernels, with W
 * ({@code out × in}, PyTorch's layout) packed once per optimizer step in a {@link LinearWeights}.
 *
 * <p>Parameters: {@code weight} of shape {@code [out, in]} and {@code bias} of shape {@code [out]}.
 * Initialisation: {@link Init#defaultFor} the activation (He for relu-like, Xavier/Glorot otherwise) or
 * the {@link Init} given, from a seeded generator; biases start at 0. A new layer is initialised from a
 * fixed seed derived from its shape; use {@link #initialize(SplittableRandom)} or
 * {@link Sequential#initialize(long)} to draw from your own seed.
 *
 * <p>{@link #backward} <b>accumulates</b> into the parameters' gradients
 * ({@link Linear.Gradients#ACCUMULATE}) until {@link Parameter#zeroGrad()}. The packed weights are
 * refreshed automatically before the next pass whenever {@link Parameter#version()} of the weight has
 * changed (optimizers and checkpoint loading call {@link Parameter#markUpdated()}); repacking allocates
 * nothing.
 */
public final class Dense implements Layer {

    private final int in;
    private final int out;
    private final Activation act;
    private final Init init;
    private final Parameter weight;
    private final Parameter bias;
    private final List<Parameter> parameters;
    private final LinearWeights packed;
    private volatile long packedVersion;

    private float[] y = new float[0];
    private float[] z;
    private float[] dx = new float[0];
    private float[] x;
    private int batch = -1;

    /** A layer with the default initialisation for {@code act}. */
    public Dense(int in, int out, Activation act) {
        this(in, out, act, Init.defaultFor(Objects.requireNonNull(act, "act")));
    }

    /**
     * @param in   input features, {@code >= 1}
     * @param out  output features, {@code >= 1}
     * @param act  the activation
     * @param init the weight initialisation
     */
    public Dense(int in, int out, Activation act, Init init) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("Dense needs in >= 1 and out >= 1, got in=" + in + ", out=" + out);
        }
        this.in = in;
        this.out = out;
        this.act = Objects.requireNonNull(act, "act");
        this.init = Objects.requireNonNull(init, "init");
        this.weight = new Parameter("weight", new float[Math.multiplyExact(in, out)], out, in);
        this.bias = new Parameter("bias", new float[out], out);
        this.parameters = List.of(weight, bias);
        init.fill(weight.value(), in, out, new SplittableRandom(31L * in + out));
        this.packed = LinearWeights.pack(in, out, weight.value(), 0);
        this.packedVersion = weight.version();
    }

    @Override
    public int inputWidth() {
        return in;
    }

    @Override
    public int outputWidth() {
        return out;
    }

    @Override
    public Activation activation() {
        return act;
    }

    /** @return the initialisation used by {@link #initialize(SplittableRandom)} */
    public Init init() {
        return init;
    }

    /** @return the weight, shape {@code [out, in]} */
    public Parameter weight() {
        return weight;
    }

    /** @return the bias, shape {@code [out]} */
    public Parameter bias() {
        return bias;
    }

    @Override
    public List<Parameter> parameters() {
        return parameters;
    }

    /** Draws W from {@link #init()} with {@code r} and sets the bias to 0. */
    @Override
    public void initialize(SplittableRandom r) {
        init.fill(weight.value(), in, out, r);
        java.util.Arrays.fill(bias.value(), 0f);
        weight.markUpdated();
        bias.markUpdated();
    }

    @Override
    public float[] forward(float[] x, int batch) {
        checkInput(x, batch);
        ensurePacked();
        int n = batch * out;
        if (y.length < n) {
            y = new float[n];
            dx = new float[batch * in];
            z = act.derivativeFromOutput() ? null : new float[n];
        }
        Linear.forward(act, batch, x, 0, packed, bias.value(), 0, y, 0, z, 0);
        this.x = x;
        this.batch = batch;
        return y;
    }

    @Override
    public float[] backward(float[] dOutput, boolean inputGradient) {
        if (batch < 0) {
            throw new IllegalStateException(this + ": backward without a forward pass");
        }
        Objects.requireNonNull(dOutput, "dOutput");
        if (dOutput.length < batch * out) {
            throw new IllegalArgumentException(this + ": dOutput has " + dOutput.length + " values, batch "
                    + batch + " × width " + out + " needs " + batch * out);
        }
        ensurePacked();
        float[] d = inputGradient ? dx : null;
        Linear.backward(act, batch, x, 0, packed, z == null ? y : z, 0, dOutput, 0, d, 0, weight.grad(), 0,
                bias.grad(), 0, Linear.Gradients.ACCUMULATE);
        return d;
    }

    @Override
    public void infer(int batch, float[] x, int xOff, float[] y, int yOff) {
        ensurePacked();
        Linear.forward(act, batch, x, xOff, packed, bias.value(), 0, y, yOff, null, 0);
    }

    @Override
    public float[] lastOutput() {
        return batch < 0 ? null : y;
    }

    @Override
    public int lastBatch() {
        return Math.max(batch, 0);
    }

    private void checkInput(float[] x, int batch) {
        Objects.requireNonNull(x, "x");
        if (batch < 0) {
            throw new IllegalArgumentException(this + ": batch must be >= 0, got " + batch);
        }
        if (x.length < (long) batch * in) {
            throw new IllegalArgumentException(this + ": input has " + x.length + " values, batch " + batch
                    + " × width " + in + " needs " + (long) batch * in);
        }
    }

    /** Repacks W when it changed since the last pack; safe when inference threads race here. */
    private void ensurePacked() {
        long v = weight.version();
        if (packedVersion != v) {
            synchronized (this) {
                if (packedVersion != v) {
                    packed.repack(weight.value(), 0);
                    packedVersion = v;
                }
            }
        }
    }

    /** @return e.g. {@code Dense(2→64, RELU)} */
    @Override
    public String toString() {
        return "Dense(" + in + "→" + out + ", " + act + ")";
    }
}
