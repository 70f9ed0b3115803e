package dev.vectorprop.kernels;

import dev.vectorprop.internal.Checks;

/**
 * A dense layer's weight matrix W ({@code out × in}, row-major: PyTorch's and oneDNN's "oi" layout)
 * packed for both products of a training step: {@code Wᵀ} for the forward pass and {@code W} for the
 * input gradient. Pack once per optimizer step with {@link #repack}, which allocates nothing, and pass
 * it to {@link Linear}'s forward and backward.
 */
public final class LinearWeights {

    private final int in;
    private final int out;
    final PackedMatrix transposed;
    final PackedMatrix plain;

    private LinearWeights(int in, int out, float[] w, int wOff) {
        this.in = in;
        this.out = out;
        this.transposed = Gemm.packB(true, in, out, w, wOff, Math.max(1, in));
        this.plain = Gemm.packB(false, out, in, w, wOff, Math.max(1, in));
    }

    /**
     * Packs W.
     *
     * @param in   input features (columns of W)
     * @param out  output features (rows of W)
     * @param w    the weights, {@code out × in} row-major from {@code wOff}
     * @return the packed weights
     */
    public static LinearWeights pack(int in, int out, float[] w, int wOff) {
        Checks.nonNegative("in", in);
        Checks.nonNegative("out", out);
        Checks.matrix("W", w, wOff, out, in, Math.max(1, in));
        return new LinearWeights(in, out, w, wOff);
    }

    /** Packs new values of W (same shape) in place, e.g. after an optimizer step. */
    public void repack(float[] w, int wOff) {
        Checks.matrix("W", w, wOff, out, in, Math.max(1, in));
        transposed.repack(w, wOff, Math.max(1, in));
        plain.repack(w, wOff, Math.max(1, in));
    }

    /** @return input features */
    public int in() {
        return in;
    }

    /** @return output features */
    public int out() {
        return out;
    }
}
