package dev.vectorprop.bench.ab;

import dev.vectorprop.bench.LinearPeerBench;
import dev.vectorprop.bench.peers.OneDnnLinear;
import dev.vectorprop.check.RandomArrays;
import dev.vectorprop.kernels.Activation;
import dev.vectorprop.kernels.Gemm;
import dev.vectorprop.kernels.Linear;
import dev.vectorprop.kernels.LinearWeights;
import dev.vectorprop.kernels.PackedMatrix;

/**
 * The parts of a dense layer's training step that {@link InterleavedAb} times, built only on vectorprop's
 * public API so that the same class file links against the library classes of any revision. Loaded once
 * per revision, each time by its own class loader.
 */
public final class LayerParts {

    private LayerParts() {}

    /**
     * @param part  step (repack + forward + backward), forward, backward, repack, plain (the GEMM X·Wᵀ
     *              with Wᵀ pre-packed), dw (dZᵀ·X), dx (dZ·W), or onednn-step, onednn-forward,
     *              onednn-backward, onednn-dx (backward data), onednn-dw (backward weights, with db): the
     *              same layer as oneDNN's inner product primitives (the peer of {@link LinearPeerBench}),
     *              to compare with a part of vectorprop interleaved
     * @param act   an activation name of {@link LinearPeerBench#activation}
     * @return the part as a task over fixed, seeded data
     */
    public static Runnable make(String part, int batch, int in, int out, String act) {
        Activation a = LinearPeerBench.activation(act);
        if (part.startsWith("onednn-")) {
            return oneDnn(part, a, batch, in, out);
        }
        float[] x = RandomArrays.floats(1, batch * in, RandomArrays.Values.NORMAL);
        float[] w = RandomArrays.floats(2, out * in, RandomArrays.Values.NORMAL);
        float[] bias = RandomArrays.floats(3, out, RandomArrays.Values.NORMAL);
        float[] dy = RandomArrays.floats(4, batch * out, RandomArrays.Values.NORMAL);
        float[] y = new float[batch * out];
        float[] z = a.derivativeFromOutput() ? null : new float[batch * out];
        float[] saved = z == null ? y : z;
        float[] dx = new float[batch * in];
        float[] dw = new float[out * in];
        float[] db = new float[out];
        LinearWeights packed = LinearWeights.pack(in, out, w, 0);
        Runnable forward = () -> Linear.forward(a, batch, x, 0, packed, bias, 0, y, 0, z, 0);
        Runnable backward = () -> Linear.backward(a, batch, x, 0, packed, saved, 0, dy, 0, dx, 0, dw, 0, db, 0,
                Linear.Gradients.OVERWRITE);
        forward.run();
        return switch (part) {
            case "step" -> () -> {
                packed.repack(w, 0);
                forward.run();
                backward.run();
            };
            case "forward" -> forward;
            case "backward" -> backward;
            case "repack" -> () -> packed.repack(w, 0);
            case "plain" -> {
                PackedMatrix wt = Gemm.packB(true, in, out, w, 0, in);
                yield () -> Gemm.sgemm(false, batch, out, in, 1f, x, 0, in, wt, 0f, y, 0, out);
            }
            case "dw" -> () -> Gemm.sgemm(true, false, out, in, batch, 1f, dy, 0, out, x, 0, in, 0f, dw, 0, in);
            case "dx" -> () -> Gemm.sgemm(false, false, batch, in, out, 1f, dy, 0, out, w, 0, in, 0f, dx, 0, in);
            default -> throw new IllegalArgumentException("unknown part: " + part);
        };
    }

    private static Runnable oneDnn(String part, Activation a, int batch, int in, int out) {
        OneDnnLinear layer = new OneDnnLinear(a, batch, in, out); // lives as long as the JVM
        layer.load(RandomArrays.floats(1, batch * in, RandomArrays.Values.NORMAL),
                RandomArrays.floats(2, out * in, RandomArrays.Values.NORMAL),
                RandomArrays.floats(3, out, RandomArrays.Values.NORMAL),
                RandomArrays.floats(4, batch * out, RandomArrays.Values.NORMAL));
        layer.forward();
        layer.backward(); // dZ for the dx and dw parts
        return switch (part) {
            case "onednn-step" -> () -> {
                layer.forward();
                layer.backward();
            };
            case "onednn-forward" -> layer::forward;
            case "onednn-backward" -> layer::backward;
            case "onednn-dx" -> layer::backwardData;
            case "onednn-dw" -> layer::backwardWeights;
            default -> throw new IllegalArgumentException("unknown part: " + part);
        };
    }
}
