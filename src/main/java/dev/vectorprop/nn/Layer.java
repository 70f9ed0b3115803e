package dev.vectorprop.nn;

import dev.vectorprop.kernels.Activation;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A differentiable function of a batch of rows, with parameters. Rows are row-major: a batch of
 * {@code batch} inputs is a float array of {@code batch × inputWidth()} values.
 *
 * <p>Training ({@link #forward}, {@link #backward}) uses buffers the layer owns, allocated once for the
 * largest batch seen and reused, and is for one thread at a time. {@link #infer} keeps no state in the
 * layer and may run from many threads at once (as long as no training step runs).
 */
public interface Layer {

    /** @return the number of input features per row */
    int inputWidth();

    /** @return the number of output features per row */
    int outputWidth();

    /**
     * Training forward pass. Keeps a reference to {@code x} for {@link #backward}: do not change it in
     * between.
     *
     * @param x     {@code batch × inputWidth()} values from index 0 (the array may be longer)
     * @param batch the number of rows
     * @return the layer's output buffer, {@code batch × outputWidth()} valid values from index 0; owned by
     *         the layer and overwritten by its next forward pass
     */
    float[] forward(float[] x, int batch);

    /**
     * Backward pass of the last {@link #forward}: adds the gradients of the parameters to their
     * {@link Parameter#grad()} (they accumulate until {@link Parameter#zeroGrad()}).
     *
     * @param dOutput       the loss gradient with respect to the output, {@code batch × outputWidth()}
     * @param inputGradient whether to compute the gradient with respect to the input (a first layer
     *                      need not)
     * @return the input gradient in a layer-owned buffer ({@code batch × inputWidth()} values), or null
     *         when {@code inputGradient} is false
     * @throws IllegalStateException if no forward pass came first
     */
    float[] backward(float[] dOutput, boolean inputGradient);

    /** {@link #backward(float[], boolean)} computing the input gradient. */
    default float[] backward(float[] dOutput) {
        return backward(dOutput, true);
    }

    /**
     * Inference: {@code y = f(x)} without keeping anything for a backward pass; thread-safe.
     *
     * @param batch rows
     * @param x     {@code batch × inputWidth()} values from {@code xOff}
     * @param y     receives {@code batch × outputWidth()} values from {@code yOff}
     */
    void infer(int batch, float[] x, int xOff, float[] y, int yOff);

    /** @return the parameters, in a fixed order (empty for a layer without any) */
    List<Parameter> parameters();

    /** Draws new initial parameter values from {@code r}; a layer without parameters does nothing. */
    default void initialize(SplittableRandom r) {}

    /** @return the activation applied to the output (for diagnostics); identity unless said otherwise */
    default Activation activation() {
        return Activation.IDENTITY;
    }

    /** @return the output buffer of the last {@link #forward} (for diagnostics), or null before one */
    float[] lastOutput();

    /** @return the number of rows of the last {@link #forward}, 0 before one */
    int lastBatch();
}
