package dev.vectorprop.bench;

import dev.vectorprop.check.RandomArrays;
import dev.vectorprop.kernels.Activation;
import dev.vectorprop.kernels.Activations;
import dev.vectorprop.kernels.ArrayMath;
import dev.vectorprop.kernels.Gemm;
import dev.vectorprop.kernels.Linear;
import dev.vectorprop.kernels.LinearWeights;
import dev.vectorprop.kernels.PackedMatrix;

/**
 * The arrays and calls of one dense layer {@code batch x in x out} with an activation, shared by
 * {@link LinearBench} and {@link LinearThreadsBench}. The fused calls go through {@link Linear}; the
 * unfused ones compose vectorprop's public GEMM, bias, activation and reduction kernels the way a user
 * without {@code Linear} would.
 */
final class LayerFixture {

    final int batch;
    final int in;
    final int out;
    final Activation activation;
    final float[] x;
    final float[] w;
    final float[] bias;
    final float[] y;
    final float[] z;
    final float[] saved;
    final float[] dy;
    final float[] dz;
    final float[] dx;
    final float[] dw;
    final float[] db;
    final LinearWeights packed;
    final PackedMatrix packedWt;

    /**
     * @param shape {@code "batch x in x out"}
     * @param act   an activation name: identity, relu, gelu, gelu_tanh, tanh or sigmoid
     */
    LayerFixture(String shape, String act) {
        int[] d = GemmBench.parseShape(shape);
        batch = d[0];
        in = d[1];
        out = d[2];
        activation = activation(act);
        x = RandomArrays.floats(1, batch * in, RandomArrays.Values.NORMAL);
        w = RandomArrays.floats(2, out * in, RandomArrays.Values.NORMAL);
        ArrayMath.scale((float) (1 / Math.sqrt(in)), w);
        bias = RandomArrays.floats(3, out, RandomArrays.Values.NORMAL);
        dy = RandomArrays.floats(4, batch * out, RandomArrays.Values.NORMAL);
        y = new float[batch * out];
        z = new float[batch * out];
        dz = new float[batch * out];
        dx = new float[batch * in];
        dw = new float[out * in];
        db = new float[out];
        packed = LinearWeights.pack(in, out, w, 0);
        packedWt = Gemm.packB(true, in, out, w, 0, in);
        forward();
        saved = activation.derivativeFromOutput() ? y : z;
    }

    /** The activation with a benchmark parameter's name. */
    static Activation activation(String act) {
        return switch (act) {
            case "identity" -> Activation.IDENTITY;
            case "relu" -> Activation.RELU;
            case "gelu" -> Activation.GELU;
            case "gelu_tanh" -> Activation.GELU_TANH;
            case "tanh" -> Activation.TANH;
            case "sigmoid" -> Activation.SIGMOID;
            default -> throw new IllegalArgumentException("unknown activation: " + act);
        };
    }

    /** Fused forward: Z = X·Wᵀ + b, Y = act(Z), pre-packed W; keeps Z only when backward needs it. */
    float[] forward() {
        Linear.forward(activation, batch, x, 0, packed, bias, 0, y, 0,
                activation.derivativeFromOutput() ? null : z, 0);
        return y;
    }

    /** dX, dW, db from dY through {@link Linear#backward}. */
    float[] backward() {
        Linear.backward(activation, batch, x, 0, packed, saved, 0, dy, 0, dx, 0, dw, 0, db, 0,
                Linear.Gradients.OVERWRITE);
        return dw;
    }

    /** One training step of the layer: repack the (updated) weights, fused forward, backward. */
    float[] step() {
        packed.repack(w, 0);
        forward();
        return backward();
    }

    /** The plain GEMM of the forward shape, X·Wᵀ with W pre-packed. */
    float[] plainGemm() {
        Gemm.sgemm(false, batch, out, in, 1f, x, 0, in, packedWt, 0f, y, 0, out);
        return y;
    }

    /** Unfused forward: GEMM into Z, then a bias pass, then an activation pass into Y. */
    float[] unfusedForward() {
        Gemm.sgemm(false, batch, out, in, 1f, x, 0, in, packedWt, 0f, z, 0, out);
        for (int i = 0; i < batch; i++) {
            ArrayMath.add(out, z, i * out, bias, 0, z, i * out);
        }
        Activations.forward(activation, batch * out, z, 0, y, 0);
        return y;
    }

    /**
     * The training step of {@link #step()} from separate calls: repack, unfused forward, then
     * dZ = dY ⊙ act′, db as row sums of dZ, dW = dZᵀ·X and dX = dZ·W as plain GEMMs.
     */
    float[] unfusedStep() {
        packedWt.repack(w, 0, in);
        unfusedForward();
        Activations.backward(activation, batch * out, dy, 0, activation.derivativeFromOutput() ? y : z, 0, dz, 0);
        ArrayMath.fill(out, 0f, db, 0);
        for (int i = 0; i < batch; i++) {
            ArrayMath.axpy(out, 1f, dz, i * out, db, 0);
        }
        Gemm.sgemm(true, false, out, in, batch, 1f, dz, 0, out, x, 0, in, 0f, dw, 0, in);
        Gemm.sgemm(false, false, batch, in, out, 1f, dz, 0, out, w, 0, in, 0f, dx, 0, in);
        return dw;
    }
}
