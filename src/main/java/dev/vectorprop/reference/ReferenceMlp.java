package dev.vectorprop.reference;

import dev.vectorprop.kernels.Activation;

/**
 * Scalar oracle for a multilayer perceptron ({@code dev.vectorprop.nn.Sequential} of
 * {@code dev.vectorprop.nn.Dense} layers), evaluated in double so that
 * {@link dev.vectorprop.check.GradCheck} can differentiate a whole model: layer {@code l} computes
 * {@code act_l(x·W_lᵀ + b_l)} with W row-major {@code out × in}.
 */
public final class ReferenceMlp {

    private ReferenceMlp() {}

    /**
     * The model's output.
     *
     * @param acts   one activation per layer
     * @param widths {@code acts.length + 1} widths: the input width, then each layer's output width
     * @param batch  rows
     * @param inputs {@code {x, W_0, b_0, W_1, b_1, …}}
     * @return {@code batch × widths[last]} outputs, row-major
     */
    public static double[] forward(Activation[] acts, int[] widths, int batch, double[][] inputs) {
        double[] cur = inputs[0];
        for (int l = 0; l < acts.length; l++) {
            int in = widths[l];
            int out = widths[l + 1];
            double[] w = inputs[1 + 2 * l];
            double[] b = inputs[2 + 2 * l];
            double[] next = new double[batch * out];
            for (int i = 0; i < batch; i++) {
                for (int j = 0; j < out; j++) {
                    double z = b[j];
                    for (int p = 0; p < in; p++) {
                        z += cur[i * in + p] * w[j * in + p];
                    }
                    next[i * out + j] = ReferenceActivations.forward(acts[l], z);
                }
            }
            cur = next;
        }
        return cur;
    }
}
