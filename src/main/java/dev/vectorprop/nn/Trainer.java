package dev.vectorprop.nn;

import dev.vectorprop.kernels.Activation;
import dev.vectorprop.kernels.ArrayMath;
import dev.vectorprop.kernels.GradientUtils;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Trains a {@link Sequential} model: each {@link #step} zeroes the gradients, runs forward → loss →
 * backward → optional gradient clipping → optimizer update, and returns the loss.
 *
 * <p>Buffers (the loss gradient, the batch gathered by {@link #epoch}) are allocated once for the
 * largest batch seen; a step allocates nothing in steady state (when no diagnostics are taken).
 *
 * <p>Diagnostics ({@link Diagnostics}) are taken every {@link #diagnoseEvery N} steps, on the step after
 * {@link #diagnoseNextStep()}, and always when a step's loss is NaN or ∞; read the latest with
 * {@link #lastDiagnostics()}. One thread at a time.
 */
public final class Trainer {

    /** A gradient norm more than this factor above the running average of diagnosed ones is a spike… */
    static final float SPIKE_FACTOR = 10f;
    /** …when it is also above this (small norms near a minimum fluctuate by orders of magnitude). */
    static final float SPIKE_MIN_NORM = 1f;
    /** The first layer's gradient norm below this fraction of a later layer's means vanishing gradients. */
    static final float VANISHING_RATIO = 1e-3f;

    private final Sequential model;
    private final Loss loss;
    private final Optimizer optimizer;
    private final List<Parameter> params;
    private final float[][] allGrads;
    private final float[][][] layerGrads;
    private final float[][][] layerValues;
    private float clipNorm;
    private int diagnoseEvery;
    private boolean diagnoseNext;
    private long steps;
    private Diagnostics last;
    /** Running average of the diagnosed global gradient norms. */
    private float prevTotalNorm = Float.NaN;

    private float[] dOut = new float[0];
    private float[] batchX = new float[0];
    private int[] batchLabels = new int[0];
    private float[] batchTargets = new float[0];
    private int[] order = new int[0];
    private float[][] snapshot;

    /**
     * @param model     the model to train
     * @param loss      the loss on the model's output
     * @param optimizer the optimizer; attached to the model's parameters here
     */
    public Trainer(Sequential model, Loss loss, Optimizer optimizer) {
        this.model = Objects.requireNonNull(model, "model");
        this.loss = Objects.requireNonNull(loss, "loss");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.params = model.parameters();
        optimizer.attach(params);
        this.allGrads = new float[params.size()][];
        for (int i = 0; i < params.size(); i++) {
            allGrads[i] = params.get(i).grad();
        }
        int n = model.size();
        this.layerGrads = new float[n][][];
        this.layerValues = new float[n][][];
        for (int i = 0; i < n; i++) {
            List<Parameter> ps = model.layer(i).parameters();
            layerGrads[i] = new float[ps.size()][];
            layerValues[i] = new float[ps.size()][];
            for (int j = 0; j < ps.size(); j++) {
                layerGrads[i][j] = ps.get(j).grad();
                layerValues[i][j] = ps.get(j).value();
            }
        }
    }

    /** @return the model */
    public Sequential model() {
        return model;
    }

    /** @return the optimizer */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** @return the loss */
    public Loss loss() {
        return loss;
    }

    /**
     * Clips the global gradient norm to {@code maxNorm} before each update
     * ({@link GradientUtils#clipByGlobalNorm}); 0 turns clipping off (the default).
     *
     * @return this trainer
     */
    public Trainer clipGradNorm(float maxNorm) {
        if (!(maxNorm >= 0) || Float.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("max norm must be finite and >= 0, got " + maxNorm);
        }
        this.clipNorm = maxNorm;
        return this;
    }

    /**
     * Takes {@link Diagnostics} every {@code steps} steps (0: only when the loss is not finite).
     *
     * @return this trainer
     */
    public Trainer diagnoseEvery(int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("diagnostics interval must be >= 0, got " + steps);
        }
        this.diagnoseEvery = steps;
        return this;
    }

    /** Takes {@link Diagnostics} on the next step. */
    public void diagnoseNextStep() {
        diagnoseNext = true;
    }

    /** @return the diagnostics of the latest diagnosed step, or null */
    public Diagnostics lastDiagnostics() {
        return last;
    }

    /** @return the number of steps taken */
    public long steps() {
        return steps;
    }

    /**
     * One step on a batch with class labels.
     *
     * @param x      {@code labels.length × inputWidth} inputs, exactly
     * @param labels one class label per row, in {@code [0, outputWidth)}
     * @return the batch's mean loss
     * @throws IllegalArgumentException for a wrong input length or a label out of range, before anything
     *                                  changes
     */
    public float step(float[] x, int[] labels) {
        Objects.requireNonNull(labels, "labels");
        checkRows(x, labels.length);
        return step(labels.length, x, labels, 0);
    }

    /**
     * One step on a batch with float targets.
     *
     * @param x       {@code rows × inputWidth} inputs
     * @param targets {@code rows × outputWidth} targets
     * @return the batch's mean loss
     */
    public float step(float[] x, float[] targets) {
        Objects.requireNonNull(targets, "targets");
        int width = model.outputWidth();
        if (targets.length % width != 0) {
            throw new IllegalArgumentException("targets have " + targets.length + " values, not a multiple of the"
                    + " output width " + width);
        }
        int rows = targets.length / width;
        checkRows(x, rows);
        return step(rows, x, targets, 0);
    }

    /**
     * One step on the first {@code batch} rows of {@code x} (which may be longer) with labels from
     * {@code labelsOff}.
     *
     * @return the batch's mean loss
     */
    public float step(int batch, float[] x, int[] labels, int labelsOff) {
        checkLabels(batch, labels, labelsOff);
        return run(batch, x, labels, labelsOff, null, 0);
    }

    /**
     * One step on the first {@code batch} rows of {@code x} with {@code batch × outputWidth} targets from
     * {@code targetsOff}.
     *
     * @return the batch's mean loss
     */
    public float step(int batch, float[] x, float[] targets, int targetsOff) {
        Objects.requireNonNull(targets, "targets");
        if (batch < 0 || targetsOff < 0 || targetsOff + (long) batch * model.outputWidth() > targets.length) {
            throw new IllegalArgumentException("targets: batch " + batch + " × width " + model.outputWidth()
                    + " from " + targetsOff + " does not fit " + targets.length + " values");
        }
        return run(batch, x, null, 0, targets, targetsOff);
    }

    private void checkRows(float[] x, int rows) {
        Objects.requireNonNull(x, "x");
        int width = model.inputWidth();
        if (x.length != (long) rows * width) {
            throw new IllegalArgumentException("input has " + x.length + " values; " + rows + " rows × input width "
                    + width + " need " + (long) rows * width + " (wrong batch width?)");
        }
    }

    private void checkLabels(int batch, int[] labels, int off) {
        Objects.requireNonNull(labels, "labels");
        if (!loss.takesLabels()) {
            throw new IllegalArgumentException(loss + " needs float targets, not class labels");
        }
        if (batch < 0 || off < 0 || off + (long) batch > labels.length) {
            throw new IllegalArgumentException("labels: " + batch + " from " + off + " do not fit " + labels.length);
        }
        int classes = model.outputWidth();
        for (int i = 0; i < batch; i++) {
            int l = labels[off + i];
            if (l < 0 || l >= classes) {
                throw new IllegalArgumentException("label " + l + " at index " + (off + i) + " is outside [0, "
                        + classes + ") (the model has " + classes + " outputs)");
            }
        }
    }

    private float run(int batch, float[] x, int[] labels, int labelsOff, float[] targets, int targetsOff) {
        Objects.requireNonNull(x, "x");
        if (batch < 1) {
            throw new IllegalArgumentException("a step needs at least one row, got batch " + batch);
        }
        if (x.length < (long) batch * model.inputWidth()) {
            throw new IllegalArgumentException("input has " + x.length + " values; batch " + batch
                    + " × input width " + model.inputWidth() + " needs " + (long) batch * model.inputWidth());
        }
        boolean diagnose = diagnoseNext || diagnoseEvery > 0 && (steps + 1) % diagnoseEvery == 0;
        diagnoseNext = false;
        int width = model.outputWidth();
        if (dOut.length < batch * width) {
            dOut = new float[batch * width];
        }
        model.zeroGrad();
        float[] out = model.forward(x, batch);
        float value = labels != null ? loss.compute(batch, width, out, labels, labelsOff, dOut)
                : loss.compute(batch, width, out, targets, targetsOff, dOut);
        diagnose |= !Float.isFinite(value);
        model.backward(dOut, false);
        Diagnostics.NonFinite nonFinite = null;
        float[] gradNorms = null;
        float total = Float.NaN;
        if (diagnose) {
            nonFinite = firstNonFinite(batch, x, value);
            gradNorms = new float[model.size()];
            double sum = 0;
            for (int i = 0; i < gradNorms.length; i++) {
                gradNorms[i] = GradientUtils.globalNorm(layerGrads[i]);
                sum += (double) gradNorms[i] * gradNorms[i];
            }
            total = (float) Math.sqrt(sum);
            takeSnapshot();
        }
        if (clipNorm > 0) {
            GradientUtils.clipByGlobalNorm(clipNorm, allGrads);
        }
        optimizer.step();
        steps++;
        if (diagnose) {
            last = diagnostics(value, total, gradNorms, nonFinite);
        }
        return value;
    }

    /**
     * One pass over {@code data} in shuffled mini-batches (the last one may be smaller).
     *
     * @param data      the training set; its kind must match the loss (labels for cross-entropy with
     *                  labels, targets otherwise)
     * @param batchSize rows per step
     * @param shuffle   the generator of the permutation (seed it for reproducible runs)
     * @return the epoch's mean loss, training accuracy (classification) and duration
     */
    public Epoch epoch(Dataset data, int batchSize, SplittableRandom shuffle) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(shuffle, "shuffle");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        int f = model.inputWidth();
        int o = model.outputWidth();
        if (data.features() != f || data.outputs() != o) {
            throw new IllegalArgumentException(data + " does not fit the model: it takes " + f + " features and has "
                    + o + " outputs");
        }
        if (data.isClassification() != loss.takesLabels()) {
            throw new IllegalArgumentException(loss + " does not fit " + data);
        }
        int n = data.size();
        int b = Math.min(batchSize, n);
        if (batchX.length < b * f) {
            batchX = new float[b * f];
            batchLabels = new int[b];
            batchTargets = new float[b * o];
        }
        if (order.length != n) {
            order = new int[n];
        }
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Dataset.shuffle(order, n, shuffle);
        long t0 = System.nanoTime();
        double lossSum = 0;
        long correct = 0;
        for (int start = 0; start < n; start += b) {
            int rows = Math.min(b, n - start);
            for (int r = 0; r < rows; r++) {
                int src = order[start + r];
                System.arraycopy(data.x(), src * f, batchX, r * f, f);
                if (data.isClassification()) {
                    batchLabels[r] = data.labels()[src];
                } else {
                    System.arraycopy(data.targets(), src * o, batchTargets, r * o, o);
                }
            }
            float l = data.isClassification() ? step(rows, batchX, batchLabels, 0)
                    : step(rows, batchX, batchTargets, 0);
            lossSum += (double) l * rows;
            if (data.isClassification()) {
                correct += Metrics.correct(model.lastOutput(), rows, o, batchLabels, 0);
            }
        }
        return new Epoch(lossSum / n, data.isClassification() ? (double) correct / n : Double.NaN, n,
                System.nanoTime() - t0);
    }

    /**
     * The result of an {@link #epoch}.
     *
     * @param loss     mean loss over the epoch's examples (each batch weighted by its rows)
     * @param accuracy training accuracy measured on the batches as they were trained (NaN for regression)
     * @param examples rows seen
     * @param nanos    wall time
     */
    public record Epoch(double loss, double accuracy, int examples, long nanos) {
        /** @return examples per second */
        public double examplesPerSecond() {
            return examples / Math.max(1e-9, nanos / 1e9);
        }
    }

    // ---- diagnostics ----

    private Diagnostics.NonFinite firstNonFinite(int batch, float[] x, float lossValue) {
        int at = GradientUtils.firstNonFinite(batch * model.inputWidth(), x, 0);
        if (at >= 0) {
            return new Diagnostics.NonFinite(-1, "input", "input", at, x[at]);
        }
        for (int i = 0; i < model.size(); i++) {
            Layer l = model.layer(i);
            for (Parameter p : l.parameters()) {
                at = GradientUtils.firstNonFinite(p.value());
                if (at >= 0) {
                    return new Diagnostics.NonFinite(i, l.toString(), p.name(), at, p.value()[at]);
                }
            }
            float[] y = l.lastOutput();
            at = GradientUtils.firstNonFinite(batch * l.outputWidth(), y, 0);
            if (at >= 0) {
                return new Diagnostics.NonFinite(i, l.toString(), "output", at, y[at]);
            }
        }
        if (!Float.isFinite(lossValue)) {
            return new Diagnostics.NonFinite(model.size(), "loss", "loss", 0, lossValue);
        }
        for (int i = model.size() - 1; i >= 0; i--) {
            Layer l = model.layer(i);
            for (Parameter p : l.parameters()) {
                at = GradientUtils.firstNonFinite(p.grad());
                if (at >= 0) {
                    return new Diagnostics.NonFinite(i, l.toString(), p.name() + ".grad", at, p.grad()[at]);
                }
            }
        }
        return null;
    }

    private void takeSnapshot() {
        if (snapshot == null) {
            snapshot = new float[params.size()][];
            for (int i = 0; i < params.size(); i++) {
                snapshot[i] = new float[params.get(i).size()];
            }
        }
        for (int i = 0; i < params.size(); i++) {
            System.arraycopy(params.get(i).value(), 0, snapshot[i], 0, snapshot[i].length);
        }
    }

    private Diagnostics diagnostics(float lossValue, float total, float[] gradNorms,
                                    Diagnostics.NonFinite nonFinite) {
        List<Diagnostics.LayerStats> stats = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        int p = 0;
        for (int i = 0; i < model.size(); i++) {
            Layer l = model.layer(i);
            double before = 0;
            double delta = 0;
            boolean changed = false;
            for (Parameter param : l.parameters()) {
                float[] old = snapshot[p++];
                before += ArrayMath.sumOfSquares(old);
                ArrayMath.axpy(-1f, param.value(), old); // old ← old − new
                float diff = ArrayMath.sumOfSquares(old);
                delta += diff;
                changed |= ArrayMath.maxAbs(old) != 0f || Float.isNaN(diff);
            }
            float weightNorm = GradientUtils.globalNorm(layerValues[i]);
            float ratio = before > 0 ? (float) Math.sqrt(delta / before) : Float.NaN;
            float dead = deadFraction(l);
            float saturated = saturatedFraction(l);
            stats.add(new Diagnostics.LayerStats(i, l.toString(), gradNorms[i], weightNorm, ratio, changed, dead,
                    saturated));
            String name = "layer " + i + " " + l;
            boolean trainable = false;
            for (Parameter param : l.parameters()) {
                trainable |= param.trainable();
            }
            if (!l.parameters().isEmpty() && !changed) {
                warnings.add(name + ": parameters did not change in this step ("
                        + (trainable ? "zero gradient or zero learning rate?" : "frozen") + ")");
            }
            if (dead > 0.5f) {
                warnings.add(String.format(Locale.ROOT, "%s: %.0f%% of units are dead (output ≤ 0 for the whole"
                        + " batch; bias too negative or learning rate too high?)", name, 100 * dead));
            }
            if (saturated > 0.5f) {
                warnings.add(String.format(Locale.ROOT, "%s: %.0f%% of outputs are saturated (gradients vanish"
                        + " there; inputs too large or weights too big?)", name, 100 * saturated));
            }
            if (ratio > 0.1f && Float.isFinite(ratio)) {
                warnings.add(String.format(Locale.ROOT, "%s: update/weight ratio %.2e is large (learning rate"
                        + " too high?)", name, ratio));
            }
        }
        if (nonFinite != null) {
            warnings.add((Float.isFinite(lossValue) ? "non-finite value" : "loss is " + lossValue)
                    + " at step " + steps + "; first appeared at " + nonFinite);
        }
        vanishing(gradNorms, warnings);
        if (Float.isFinite(total) && Float.isFinite(prevTotalNorm) && total > SPIKE_MIN_NORM
                && total > SPIKE_FACTOR * prevTotalNorm) {
            warnings.add(String.format(Locale.ROOT, "exploding gradients: grad norm %.3e is over %.0f× its running"
                    + " average %.3e (learning rate too high? try clipGradNorm)", total, SPIKE_FACTOR, prevTotalNorm));
        } else if (Float.isInfinite(total)) {
            warnings.add("exploding gradients: grad norm is infinite");
        }
        if (Float.isFinite(total)) {
            prevTotalNorm = Float.isNaN(prevTotalNorm) ? total : 0.8f * prevTotalNorm + 0.2f * total;
        }
        return new Diagnostics(steps, lossValue, total, Collections.unmodifiableList(stats), nonFinite,
                Collections.unmodifiableList(warnings));
    }

    private void vanishing(float[] norms, List<String> warnings) {
        if (norms.length < 2 || model.layer(0).parameters().isEmpty()) {
            return;
        }
        float late = 0;
        int at = -1;
        for (int i = 1; i < norms.length; i++) {
            if (norms[i] > late) {
                late = norms[i];
                at = i;
            }
        }
        if (late > 0 && Float.isFinite(late) && norms[0] < VANISHING_RATIO * late) {
            warnings.add(String.format(Locale.ROOT, "vanishing gradients: layer 0 grad norm %.2e is %.1e of layer"
                    + " %d's %.2e (saturating activations or poor initialisation?)", norms[0], norms[0] / late, at,
                    late));
        }
    }

    private static float deadFraction(Layer l) {
        Activation.Kind k = l.activation().kind();
        float[] y = l.lastOutput();
        if (k != Activation.Kind.RELU && k != Activation.Kind.LEAKY_RELU || y == null || l instanceof Sequential) {
            return Float.NaN;
        }
        int batch = l.lastBatch();
        int out = l.outputWidth();
        int dead = 0;
        for (int j = 0; j < out; j++) {
            boolean alive = false;
            for (int i = 0; i < batch && !alive; i++) {
                alive = y[i * out + j] > 0;
            }
            dead += alive ? 0 : 1;
        }
        return out == 0 ? Float.NaN : (float) dead / out;
    }

    private static float saturatedFraction(Layer l) {
        Activation.Kind k = l.activation().kind();
        float[] y = l.lastOutput();
        if (k != Activation.Kind.SIGMOID && k != Activation.Kind.TANH || y == null || l instanceof Sequential) {
            return Float.NaN;
        }
        int n = l.lastBatch() * l.outputWidth();
        int saturated = 0;
        for (int i = 0; i < n; i++) {
            float v = y[i];
            boolean flat = k == Activation.Kind.TANH ? Math.abs(v) > 0.99f : v < 0.01f || v > 0.99f;
            saturated += flat ? 1 : 0;
        }
        return n == 0 ? Float.NaN : (float) saturated / n;
    }
}
