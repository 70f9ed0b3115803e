package dev.vectorprop.nn;

import dev.vectorprop.kernels.Losses;
import dev.vectorprop.kernels.Reduction;
import java.util.Objects;

/**
 * A loss over a batch of model outputs, wrapping the fused {@link Losses} kernels with mean reduction
 * (PyTorch's default): each call returns the loss and writes its gradient with respect to the outputs
 * in the same pass.
 * <ul>
 *   <li>{@link #crossEntropy()}: softmax + cross-entropy on logits against class labels ({@code int[]})
 *   or probability targets; mean over rows.</li>
 *   <li>{@link #mse()}: mean squared error against float targets; mean over all elements.</li>
 *   <li>{@link #bceWithLogits()}: binary cross-entropy on logits against targets in [0, 1]; mean over all
 *   elements.</li>
 * </ul>
 */
public final class Loss {

    /** The loss functions. */
    public enum Kind {
        /** {@link Losses#softmaxCrossEntropy}. */
        CROSS_ENTROPY,
        /** {@link Losses#mse}. */
        MSE,
        /** {@link Losses#bceWithLogits}. */
        BCE_WITH_LOGITS
    }

    private final Kind kind;
    private final float smoothing;

    private Loss(Kind kind, float smoothing) {
        this.kind = kind;
        this.smoothing = smoothing;
    }

    /** @return softmax cross-entropy on logits, no label smoothing */
    public static Loss crossEntropy() {
        return new Loss(Kind.CROSS_ENTROPY, 0f);
    }

    /**
     * @param smoothing label smoothing ε in [0, 1]
     * @return softmax cross-entropy on logits with label smoothing
     */
    public static Loss crossEntropy(float smoothing) {
        if (!(smoothing >= 0 && smoothing <= 1)) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1], got " + smoothing);
        }
        return new Loss(Kind.CROSS_ENTROPY, smoothing);
    }

    /** @return mean squared error */
    public static Loss mse() {
        return new Loss(Kind.MSE, 0f);
    }

    /** @return binary cross-entropy on logits */
    public static Loss bceWithLogits() {
        return new Loss(Kind.BCE_WITH_LOGITS, 0f);
    }

    /** @return the kind */
    public Kind kind() {
        return kind;
    }

    /** @return whether this loss takes class labels ({@link #CROSS_ENTROPY} only) */
    public boolean takesLabels() {
        return kind == Kind.CROSS_ENTROPY;
    }

    /**
     * Loss against class labels (cross-entropy only).
     *
     * @param batch     rows
     * @param width     classes (the model's output width)
     * @param output    logits, {@code batch × width} from index 0
     * @param labels    {@code batch} labels in {@code [0, width)} from {@code labelsOff}
     * @param dOutput   receives the gradient, {@code batch × width} from index 0
     * @return the mean loss
     * @throws IllegalArgumentException for a label out of range (naming it) or a loss that needs float
     *                                  targets
     */
    public float compute(int batch, int width, float[] output, int[] labels, int labelsOff, float[] dOutput) {
        if (kind != Kind.CROSS_ENTROPY) {
            throw new IllegalArgumentException(this + " needs float targets, not class labels");
        }
        return Losses.softmaxCrossEntropy(batch, width, output, 0, labels, labelsOff, smoothing, Reduction.MEAN,
                dOutput, 0);
    }

    /**
     * Loss against float targets of the output's shape (probabilities for cross-entropy).
     *
     * @param targets {@code batch × width} values from {@code targetsOff}
     * @return the mean loss
     */
    public float compute(int batch, int width, float[] output, float[] targets, int targetsOff, float[] dOutput) {
        Objects.requireNonNull(targets, "targets");
        int n = batch * width;
        return switch (kind) {
            case CROSS_ENTROPY -> Losses.softmaxCrossEntropy(batch, width, output, 0, targets, targetsOff, smoothing,
                    Reduction.MEAN, dOutput, 0);
            case MSE -> Losses.mse(n, output, 0, targets, targetsOff, dOutput, 0, Reduction.MEAN);
            case BCE_WITH_LOGITS -> Losses.bceWithLogits(n, output, 0, targets, targetsOff, dOutput, 0,
                    Reduction.MEAN);
        };
    }

    /** @return e.g. {@code CROSS_ENTROPY} or {@code CROSS_ENTROPY(smoothing=0.1)} */
    @Override
    public String toString() {
        return smoothing == 0f ? kind.name() : kind + "(smoothing=" + smoothing + ")";
    }
}
