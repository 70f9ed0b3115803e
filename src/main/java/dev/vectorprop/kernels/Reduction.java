package dev.vectorprop.kernels;

/** How a loss combines its terms, as PyTorch's {@code reduction} argument ({@code 'mean'}, {@code 'sum'}). */
public enum Reduction {
    /**
     * The sum divided by the number of terms: elements for {@link Losses#mse} and
     * {@link Losses#bceWithLogits}, rows (the batch) for {@link Losses#softmaxCrossEntropy}. A mean over
     * zero terms is NaN, as in PyTorch. The gradient is divided by the same count.
     */
    MEAN,
    /** The plain sum of the terms. */
    SUM
}
