package dev.vectorprop.nn;

import dev.vectorprop.kernels.Activation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Layers applied in order. The constructor checks that each layer's output width is the next one's input
 * width. Parameters are named {@code "<layer index>.<name>"} ({@code "0.weight"}, {@code "0.bias"}, …),
 * as PyTorch names those of an {@code nn.Sequential}.
 *
 * <p>{@link #forward}/{@link #backward} are the training passes (one thread at a time; gradients
 * accumulate until {@link #zeroGrad()}). {@link #predict} is inference with per-thread activation
 * buffers: many threads may predict at once over the shared weights, while no training step runs.
 */
public final class Sequential implements Layer {

    private final Layer[] layers;
    private final List<Parameter> parameters;
    private final Map<String, Parameter> named;
    private final int maxWidth;
    /** Per-thread ping-pong activation buffers for {@link #infer}. */
    private final ThreadLocal<float[][]> scratch = ThreadLocal.withInitial(() -> new float[2][0]);

    /**
     * @param layers at least one layer; widths must chain
     * @throws IllegalArgumentException when a layer's output width differs from the next one's input width,
     *                                  naming both layers
     */
    public Sequential(Layer... layers) {
        Objects.requireNonNull(layers, "layers");
        if (layers.length == 0) {
            throw new IllegalArgumentException("Sequential needs at least one layer");
        }
        this.layers = layers.clone();
        int widest = 0;
        for (int i = 0; i < this.layers.length; i++) {
            Layer l = Objects.requireNonNull(this.layers[i], "layers[" + i + "]");
            if (i > 0 && this.layers[i - 1].outputWidth() != l.inputWidth()) {
                throw new IllegalArgumentException("width mismatch: layer " + (i - 1) + " " + this.layers[i - 1]
                        + " outputs " + this.layers[i - 1].outputWidth() + " features but layer " + i + " " + l
                        + " takes " + l.inputWidth());
            }
            widest = Math.max(widest, l.outputWidth());
        }
        this.maxWidth = widest;
        List<Parameter> ps = new ArrayList<>();
        Map<String, Parameter> names = new LinkedHashMap<>();
        for (int i = 0; i < this.layers.length; i++) {
            Layer l = this.layers[i];
            if (l instanceof Sequential s) {
                for (Map.Entry<String, Parameter> e : s.namedParameters().entrySet()) {
                    add(names, ps, i + "." + e.getKey(), e.getValue());
                }
            } else {
                for (Parameter p : l.parameters()) {
                    add(names, ps, i + "." + p.name(), p);
                }
            }
        }
        this.parameters = Collections.unmodifiableList(ps);
        this.named = Collections.unmodifiableMap(names);
    }

    private static void add(Map<String, Parameter> names, List<Parameter> ps, String name, Parameter p) {
        if (names.putIfAbsent(name, p) != null || ps.contains(p)) {
            throw new IllegalArgumentException("parameter " + name + " appears twice (a layer used twice?)");
        }
        ps.add(p);
    }

    /**
     * Re-initialises every layer from one seed (layer {@code i} draws from the {@code i}-th split of a
     * {@link SplittableRandom} seeded with {@code seed}): the same seed gives the same model.
     *
     * @return this model
     */
    public Sequential initialize(long seed) {
        initialize(new SplittableRandom(seed));
        return this;
    }

    @Override
    public void initialize(SplittableRandom r) {
        for (Layer l : layers) {
            l.initialize(r.split());
        }
    }

    /** @return the layers, in order */
    public List<Layer> layers() {
        return List.of(layers);
    }

    /** @return the number of layers */
    public int size() {
        return layers.length;
    }

    /** @return layer {@code i} */
    public Layer layer(int i) {
        return layers[i];
    }

    @Override
    public int inputWidth() {
        return layers[0].inputWidth();
    }

    @Override
    public int outputWidth() {
        return layers[layers.length - 1].outputWidth();
    }

    @Override
    public Activation activation() {
        return layers[layers.length - 1].activation();
    }

    @Override
    public List<Parameter> parameters() {
        return parameters;
    }

    /** @return the parameters by qualified name ({@code "0.weight"}, …), in order */
    public Map<String, Parameter> namedParameters() {
        return named;
    }

    /** @return the total number of parameter elements */
    public long parameterCount() {
        long n = 0;
        for (Parameter p : parameters) {
            n += p.size();
        }
        return n;
    }

    /** Zeroes the gradients of every parameter. */
    public void zeroGrad() {
        for (int i = 0; i < parameters.size(); i++) {
            parameters.get(i).zeroGrad();
        }
    }

    @Override
    public float[] forward(float[] x, int batch) {
        float[] cur = x;
        for (Layer l : layers) {
            cur = l.forward(cur, batch);
        }
        return cur;
    }

    @Override
    public float[] backward(float[] dOutput, boolean inputGradient) {
        float[] d = dOutput;
        for (int i = layers.length - 1; i >= 0; i--) {
            d = layers[i].backward(d, i > 0 || inputGradient);
        }
        return d;
    }

    @Override
    public void infer(int batch, float[] x, int xOff, float[] y, int yOff) {
        if (layers.length == 1) {
            layers[0].infer(batch, x, xOff, y, yOff);
            return;
        }
        float[][] buf = scratch.get();
        int need = batch * maxWidth;
        if (buf[0].length < need) {
            buf[0] = new float[need];
            buf[1] = new float[need];
        }
        float[] src = x;
        int srcOff = xOff;
        for (int i = 0; i < layers.length; i++) {
            boolean last = i == layers.length - 1;
            float[] dst = last ? y : buf[i & 1];
            layers[i].infer(batch, src, srcOff, dst, last ? yOff : 0);
            src = dst;
            srcOff = 0;
        }
    }

    /**
     * Inference into a caller's array: thread-safe, and allocation-free once this thread has seen a batch
     * this large.
     *
     * @param x     {@code batch × inputWidth()} values
     * @param batch rows
     * @param y     receives {@code batch × outputWidth()} values
     * @throws IllegalArgumentException if {@code x} or {@code y} is too short for {@code batch}
     */
    public void predict(float[] x, int batch, float[] y) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (batch < 0 || x.length < (long) batch * inputWidth()) {
            throw new IllegalArgumentException("input has " + x.length + " values, batch " + batch + " × width "
                    + inputWidth() + " needs " + (long) batch * inputWidth());
        }
        if (y.length < (long) batch * outputWidth()) {
            throw new IllegalArgumentException("output array has " + y.length + " values, batch " + batch
                    + " × width " + outputWidth() + " needs " + (long) batch * outputWidth());
        }
        infer(batch, x, 0, y, 0);
    }

    /**
     * Inference returning a new array; the input's length must be a whole number of rows.
     *
     * @param x rows of {@code inputWidth()} values
     * @return {@code rows × outputWidth()} outputs
     */
    public float[] predict(float[] x) {
        Objects.requireNonNull(x, "x");
        if (x.length % inputWidth() != 0) {
            throw new IllegalArgumentException("input has " + x.length + " values, not a multiple of the width "
                    + inputWidth());
        }
        int batch = x.length / inputWidth();
        float[] y = new float[batch * outputWidth()];
        infer(batch, x, 0, y, 0);
        return y;
    }

    @Override
    public float[] lastOutput() {
        return layers[layers.length - 1].lastOutput();
    }

    @Override
    public int lastBatch() {
        return layers[layers.length - 1].lastBatch();
    }

    /** @return e.g. {@code Sequential[Dense(2→64, RELU), Dense(64→3, IDENTITY)]} */
    @Override
    public String toString() {
        return "Sequential" + List.of(layers);
    }
}
