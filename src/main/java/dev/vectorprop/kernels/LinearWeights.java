package dev.vectorprop.kernels;

import dev.vectorprop.internal.Checks;
import dev.vectorprop.internal.Platform;
import dev.vectorprop.internal.Tuning;

/**
 * A dense layer's weight matrix W ({@code out × in}, row-major: PyTorch's and oneDNN's "oi" layout)
 * packed for both products of a training step: {@code Wᵀ} for the forward pass and {@code W} for the
 * input gradient. Pack once per optimizer step with {@link #repack}, which allocates nothing, and pass
 * it to {@link Linear}'s forward and backward.
 */
public final class LinearWeights {

    private final int in;
    private final int out;
    /** Wᵀ packed for the forward GEMM; null for a narrow layer, whose forward reads {@link #rows}. */
    final PackedMatrix transposed;
    /**
     * A copy of W as stored, for a layer narrow enough that its forward pass runs as dot products over
     * W's rows ({@link Tuning#narrowProduct}); null otherwise.
     */
    final float[] rows;
    final PackedMatrix plain;

    private LinearWeights(int in, int out, float[] w, int wOff) {
        this.in = in;
        this.out = out;
        boolean narrow = Tuning.narrowProduct(out, in);
        this.transposed = narrow ? null : Gemm.packB(true, in, out, w, wOff, Math.max(1, in));
        this.rows = narrow ? new float[out * in] : null;
        if (narrow) {
            System.arraycopy(w, wOff, rows, 0, rows.length);
        }
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
        // Both packs from one pass over W where the shapes allow (VectorGemm.packBoth), else one by one.
        if (transposed != null && Platform.VECTOR
                && VectorGemm.packBoth(transposed, plain, w, wOff, Math.max(1, in))) {
            return;
        }
        if (transposed != null) {
            transposed.repack(w, wOff, Math.max(1, in));
        } else {
            System.arraycopy(w, wOff, rows, 0, rows.length);
        }
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
