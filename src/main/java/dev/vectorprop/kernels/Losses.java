package dev.vectorprop.kernels;

import dev.vectorprop.internal.Checks;
import dev.vectorprop.internal.Platform;

/**
 * Loss functions that return the loss and write its gradient in the same pass, matching PyTorch's
 * {@code MSELoss}, {@code CrossEntropyLoss} and {@code BCEWithLogitsLoss}.
 *
 * <p>Every method reads its inputs once from memory and writes the gradient once. All arguments are
 * checked before anything is written. A gradient array may be the input array itself at the same
 * offset (the gradient then replaces the input), but must not partially overlap it; for
 * {@link #softmaxCrossEntropy(int, int, float[], int, float[], int, float, Reduction, float[], int)} it
 * must not overlap the targets at all.
 *
 * <p><b>Summation order</b> (reproducible run to run, independent of threads; may differ in the last
 * bits between vector widths). Elementwise losses (MSE, BCE): terms are summed in float within blocks of
 * 1024 consecutive elements ({@code L} lane partials, element {@code i} to lane {@code i mod L}, lanes
 * added in order, then the block's tail in index order); block sums are added in double in index order.
 * Cross-entropy: each row's {@code Σ exp} uses the same lane-partial order within the row; row losses
 * are computed and added in double in row order. {@code L} is the float lane count of the active path,
 * 1 on the scalar path.
 *
 * <p><b>exp and log.</b> Softmax + cross-entropy with class labels (and {@link Softmax}) computes
 * {@code exp(x − max)} on the vector path with vectorprop's own polynomial exponential (plain
 * arithmetic, faster here than the JDK's {@code EXP} in that exp-bound loop): at most 2 ulp from
 * {@code Math.exp} rounded to float (measured 1.24 ulp), and exactly 0 where {@code x − max < −87.33},
 * where the true value is below the normal float range and contributes less than {@code 2^−126}; it
 * gives the same bits interpreted or compiled. Cross-entropy with probability targets and BCE use
 * {@code VectorOperators.EXP} and {@code LOG} (intrinsified on x86 and AArch64); over the float range
 * their error against {@code Math.exp}/{@code Math.log} rounded to float is at most 1 ulp (measured
 * maxima on AVX2: EXP 0.75 ulp, LOG 0.88 ulp; tested in {@code VectorMathAccuracyTest}). The scalar
 * path, and the ragged end of a row on the vector path, use {@code Math.exp} and {@code Math.log1p}.
 * Before C2 compiles a kernel, the Vector API evaluates EXP and LOG lane by lane through its Java
 * fallback, which may differ from the compiled intrinsic in the last bit: the results of the losses
 * that use them are bitwise reproducible once the kernel is compiled, and within the 1-ulp bound from
 * the first call. MSE has no transcendental and is bitwise reproducible from the first call.
 */
public final class Losses {

    private Losses() {}

    /**
     * Mean squared error, PyTorch's {@code MSELoss}:
     * {@code loss = Σᵢ (input[i] − target[i])²}, divided by {@code n} for {@link Reduction#MEAN};
     * {@code grad[i] = 2·(input[i] − target[i])}, divided by {@code n} for {@code MEAN}.
     *
     * @return the loss
     */
    public static float mse(int n, float[] input, int inputOff, float[] target, int targetOff, float[] grad,
                            int gradOff, Reduction reduction) {
        checkElementwise(n, "input", input, inputOff, target, targetOff, grad, gradOff, reduction);
        double scale = reduction == Reduction.MEAN ? 1.0 / n : 1.0;
        float gradScale = (float) (2 * scale);
        double total = Platform.VECTOR
                ? VectorLossKernels.mse(n, input, inputOff, target, targetOff, grad, gradOff, gradScale)
                : ScalarLossKernels.mse(n, input, inputOff, target, targetOff, grad, gradOff, gradScale);
        return (float) (total * scale);
    }

    /** {@link #mse(int, float[], int, float[], int, float[], int, Reduction)} over whole arrays of one length. */
    public static float mse(float[] input, float[] target, float[] grad, Reduction reduction) {
        return mse(sameLength("input", input, target, grad), input, 0, target, 0, grad, 0, reduction);
    }

    /**
     * Binary cross-entropy on logits, PyTorch's {@code BCEWithLogitsLoss} (no weights), in its stable
     * form: {@code ℓᵢ = max(xᵢ, 0) − xᵢ·yᵢ + log1p(exp(−|xᵢ|))} and {@code loss = Σᵢ ℓᵢ} (divided by
     * {@code n} for {@link Reduction#MEAN}); {@code grad[i] = σ(xᵢ) − yᵢ} (divided by {@code n} for
     * {@code MEAN}), with {@code σ(x) = 1/(1+e)} for {@code x ≥ 0} and {@code e/(1+e)} otherwise,
     * {@code e = exp(−|x|)}. Targets are usually probabilities in [0, 1] but are not checked, as in
     * PyTorch. Finite for every finite logit.
     *
     * @return the loss
     */
    public static float bceWithLogits(int n, float[] logits, int logitsOff, float[] targets, int targetsOff,
                                      float[] grad, int gradOff, Reduction reduction) {
        checkElementwise(n, "logits", logits, logitsOff, targets, targetsOff, grad, gradOff, reduction);
        double scale = reduction == Reduction.MEAN ? 1.0 / n : 1.0;
        double total = Platform.VECTOR
                ? VectorLossKernels.bce(n, logits, logitsOff, targets, targetsOff, grad, gradOff, (float) scale)
                : ScalarLossKernels.bce(n, logits, logitsOff, targets, targetsOff, grad, gradOff, (float) scale);
        return (float) (total * scale);
    }

    /** {@link #bceWithLogits(int, float[], int, float[], int, float[], int, Reduction)} over whole arrays. */
    public static float bceWithLogits(float[] logits, float[] targets, float[] grad, Reduction reduction) {
        return bceWithLogits(sameLength("logits", logits, targets, grad), logits, 0, targets, 0, grad, 0,
                reduction);
    }

    /**
     * Softmax followed by cross-entropy against integer class labels, fused and numerically stable,
     * PyTorch's {@code CrossEntropyLoss(reduction, label_smoothing=ε)} with class-index targets (no class
     * weights, no ignore index).
     *
     * <p>Row {@code r} of the row-major {@code batch × classes} logits, with {@code m = maxⱼ xⱼ} and
     * {@code p = softmax(x)}, has the target {@code q = (1 − ε)·onehot(label[r]) + ε/classes} and the loss
     * {@code ℓᵣ = −Σⱼ qⱼ·log pⱼ = log Σⱼ exp(xⱼ − m) − (1 − ε)·(x_label − m) − (ε/classes)·Σⱼ (xⱼ − m)}.
     * {@code loss = Σᵣ ℓᵣ}, divided by {@code batch} for {@link Reduction#MEAN}. The gradient
     * {@code dLogits = p − q} (divided by {@code batch} for {@code MEAN}) is written in the same pass.
     * Subtracting the row max keeps every exponent {@code ≤ 0}: logits of any finite magnitude (±1e4 and
     * beyond) give a finite loss and gradient.
     *
     * @param logits    {@code batch × classes}, row-major, from {@code logitsOff}
     * @param labels    {@code batch} class indices in {@code [0, classes)}, from {@code labelsOff}
     * @param smoothing label smoothing {@code ε} in [0, 1]
     * @param dLogits   receives the gradient, {@code batch × classes} from {@code dLogitsOff}; may be
     *                  {@code logits} itself at the same offset
     * @return the loss
     * @throws IllegalArgumentException for a label outside {@code [0, classes)}, naming its row
     */
    public static float softmaxCrossEntropy(int batch, int classes, float[] logits, int logitsOff, int[] labels,
                                            int labelsOff, float smoothing, Reduction reduction, float[] dLogits,
                                            int dLogitsOff) {
        int size = checkRows(batch, classes, logits, logitsOff, smoothing, reduction, dLogits, dLogitsOff);
        Checks.range("labels", labels, labelsOff, batch);
        for (int r = 0; r < batch; r++) {
            int label = labels[labelsOff + r];
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("labels[" + (labelsOff + r) + "] (row " + r + ") = " + label
                        + " is outside [0, classes = " + classes + ")");
            }
        }
        if (size == 0) {
            return reduction == Reduction.MEAN && batch == 0 ? Float.NaN : 0f;
        }
        double scale = reduction == Reduction.MEAN ? 1.0 / batch : 1.0;
        double total = Platform.VECTOR
                ? VectorLossKernels.crossEntropyLabels(batch, classes, logits, logitsOff, labels, labelsOff,
                        smoothing, (float) scale, dLogits, dLogitsOff)
                : ScalarLossKernels.crossEntropyLabels(batch, classes, logits, logitsOff, labels, labelsOff,
                        smoothing, (float) scale, dLogits, dLogitsOff);
        return (float) (total * scale);
    }

    /**
     * {@link #softmaxCrossEntropy(int, int, float[], int, int[], int, float, Reduction, float[], int)}
     * with whole arrays: {@code logits} and {@code dLogits} of length {@code batch·classes},
     * {@code batch = labels.length}.
     */
    public static float softmaxCrossEntropy(int classes, float[] logits, int[] labels, float smoothing,
                                            Reduction reduction, float[] dLogits) {
        int batch = Checks.notNull("labels", labels).length;
        int size = Checks.elements("logits", batch, classes);
        Checks.length("logits", logits, "batch", batch, "classes", classes);
        Checks.length("dLogits", dLogits, "batch", batch, "classes", classes);
        return softmaxCrossEntropy(batch, classes, logits, 0, labels, 0, smoothing, reduction, dLogits, 0);
    }

    /**
     * Softmax followed by cross-entropy against probability targets, fused and numerically stable,
     * PyTorch's {@code CrossEntropyLoss(reduction, label_smoothing=ε)} with class-probability targets.
     *
     * <p>Row {@code r} has the smoothed target {@code q = (1 − ε)·t + ε/classes} and the loss
     * {@code ℓᵣ = −Σⱼ qⱼ·log pⱼ = (Σⱼ qⱼ)·log Σⱼ exp(xⱼ − m) − Σⱼ qⱼ·(xⱼ − m)}; {@code loss = Σᵣ ℓᵣ},
     * divided by {@code batch} for {@link Reduction#MEAN}. The gradient written is the exact derivative
     * {@code dLogits = p·Σⱼ qⱼ − q} (divided by {@code batch} for {@code MEAN}), which is {@code p − q}
     * when each target row sums to 1. Targets are not checked, as in PyTorch.
     *
     * @param targets {@code batch × classes}, row-major, from {@code targetsOff}; must not overlap
     *                {@code dLogits}
     * @param dLogits receives the gradient; may be {@code logits} itself at the same offset
     * @return the loss
     */
    public static float softmaxCrossEntropy(int batch, int classes, float[] logits, int logitsOff, float[] targets,
                                            int targetsOff, float smoothing, Reduction reduction, float[] dLogits,
                                            int dLogitsOff) {
        int size = checkRows(batch, classes, logits, logitsOff, smoothing, reduction, dLogits, dLogitsOff);
        Checks.range("targets", targets, targetsOff, size);
        Checks.disjoint("dLogits", dLogits, dLogitsOff, size, "targets", targets, targetsOff, size);
        if (size == 0) {
            return reduction == Reduction.MEAN && batch == 0 ? Float.NaN : 0f;
        }
        double scale = reduction == Reduction.MEAN ? 1.0 / batch : 1.0;
        double total = Platform.VECTOR
                ? VectorLossKernels.crossEntropyProbabilities(batch, classes, logits, logitsOff, targets,
                        targetsOff, smoothing, (float) scale, dLogits, dLogitsOff)
                : ScalarLossKernels.crossEntropyProbabilities(batch, classes, logits, logitsOff, targets,
                        targetsOff, smoothing, (float) scale, dLogits, dLogitsOff);
        return (float) (total * scale);
    }

    /**
     * {@link #softmaxCrossEntropy(int, int, float[], int, float[], int, float, Reduction, float[], int)}
     * with whole arrays of length {@code batch·classes}.
     */
    public static float softmaxCrossEntropy(int batch, int classes, float[] logits, float[] targets,
                                            float smoothing, Reduction reduction, float[] dLogits) {
        int size = Checks.elements("logits", batch, classes);
        Checks.length("logits", logits, "batch", batch, "classes", classes);
        Checks.length("targets", targets, "batch", batch, "classes", classes);
        Checks.length("dLogits", dLogits, "batch", batch, "classes", classes);
        return softmaxCrossEntropy(batch, classes, logits, 0, targets, 0, smoothing, reduction, dLogits, 0);
    }

    /** One row's loss for class-index targets, in double: all three terms are {@code ≥ 0}. */
    static double labelRowLoss(float sumExp, float labelMinusMax, float sumX, float max, int classes,
                               float smoothing) {
        double loss = Math.log(sumExp) - (1.0 - smoothing) * labelMinusMax;
        if (smoothing != 0f) {
            loss += smoothing * ((double) max - (double) sumX / classes);
        }
        return loss;
    }

    /** One row's loss for probability targets, in double. */
    static double probabilityRowLoss(float sumExp, float sumQ, float sumTargetTimesDiff, float sumDiff,
                                     int classes, float smoothing) {
        return sumQ * Math.log(sumExp) - (1.0 - smoothing) * sumTargetTimesDiff
                - (double) smoothing / classes * sumDiff;
    }

    private static int checkRows(int batch, int classes, float[] logits, int logitsOff, float smoothing,
                                 Reduction reduction, float[] dLogits, int dLogitsOff) {
        int size = Checks.elements("logits", batch, classes);
        if (batch > 0 && classes == 0) {
            throw new IllegalArgumentException("classes must be >= 1 for a batch of " + batch + " rows");
        }
        Checks.notNull("reduction", reduction);
        Checks.within("smoothing", smoothing, 0, 1);
        Checks.range("logits", logits, logitsOff, size);
        Checks.range("dLogits", dLogits, dLogitsOff, size);
        Checks.noPartialOverlap("dLogits", dLogits, dLogitsOff, "logits", logits, logitsOff, size);
        return size;
    }

    private static void checkElementwise(int n, String inName, float[] in, int inOff, float[] target, int targetOff,
                                         float[] grad, int gradOff, Reduction reduction) {
        Checks.notNull("reduction", reduction);
        Checks.range(inName, in, inOff, n);
        Checks.range("target", target, targetOff, n);
        Checks.range("grad", grad, gradOff, n);
        Checks.noPartialOverlap("grad", grad, gradOff, inName, in, inOff, n);
        Checks.noPartialOverlap("grad", grad, gradOff, "target", target, targetOff, n);
    }

    static int sameLength(String name, float[] a, float[] target, float[] grad) {
        Checks.notNull(name, a);
        Checks.length("target", target, name, a.length);
        Checks.length("grad", grad, name, a.length);
        return a.length;
    }
}
