package dev.vectorprop.bench;

import dev.vectorprop.check.RandomArrays;
import dev.vectorprop.kernels.Activation;
import dev.vectorprop.kernels.Activations;
import dev.vectorprop.kernels.ArrayMath;
import dev.vectorprop.kernels.Gemm;
import dev.vectorprop.kernels.Linear;
import dev.vectorprop.kernels.LinearWeights;
import dev.vectorprop.kernels.PackedMatrix;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A dense layer with activation, single thread: forward (2·B·in·out flops), backward (4·B·in·out) and a
 * training step's forward + backward including the weight repack (6·B·in·out). Beside them, the plain
 * GEMM of the forward shape (the cost the fused forward should match) and the unfused composition
 * built from vectorprop's own GEMM plus separate bias and activation passes. {@link LinearPeerBench}
 * runs the same layer on OpenBLAS (unfused) and oneDNN.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Dvectorprop.threads=1"})
public class LinearBench {

    /** {@code batch x in x out}. */
    @Param({"64x784x256", "256x784x512", "256x512x512", "256x512x10", "32x128x128", "1024x1024x1024"})
    public String shape;

    @Param({"identity", "relu", "gelu", "gelu_tanh", "tanh", "sigmoid"})
    public String act;

    int batch;
    int in;
    int out;
    Activation activation;
    float[] x;
    float[] w;
    float[] bias;
    float[] y;
    float[] z;
    float[] saved;
    float[] dy;
    float[] dx;
    float[] dw;
    float[] db;
    float[] wt;
    LinearWeights packed;
    PackedMatrix packedWt;

    @Setup
    public void setup() {
        String[] d = shape.split("x");
        batch = Integer.parseInt(d[0]);
        in = Integer.parseInt(d[1]);
        out = Integer.parseInt(d[2]);
        activation = switch (act) {
            case "identity" -> Activation.IDENTITY;
            case "relu" -> Activation.RELU;
            case "gelu" -> Activation.GELU;
            case "gelu_tanh" -> Activation.GELU_TANH;
            case "tanh" -> Activation.TANH;
            case "sigmoid" -> Activation.SIGMOID;
            default -> throw new IllegalArgumentException(act);
        };
        x = RandomArrays.floats(1, batch * in, RandomArrays.Values.NORMAL);
        w = RandomArrays.floats(2, out * in, RandomArrays.Values.NORMAL);
        ArrayMath.scale((float) (1 / Math.sqrt(in)), w);
        bias = RandomArrays.floats(3, out, RandomArrays.Values.NORMAL);
        dy = RandomArrays.floats(4, batch * out, RandomArrays.Values.NORMAL);
        y = new float[batch * out];
        z = new float[batch * out];
        dx = new float[batch * in];
        dw = new float[out * in];
        db = new float[out];
        wt = new float[in * out];
        packed = LinearWeights.pack(in, out, w, 0);
        packedWt = Gemm.packB(true, in, out, w, 0, in);
        Gemm.setParallelism(1);
        forward();
        saved = activation.derivativeFromOutput() ? y : z;
    }

    /** Z = X·Wᵀ + b, Y = act(Z), pre-packed W; keeps Z only when backward needs it. */
    @Benchmark
    public float[] forward() {
        Linear.forward(activation, batch, x, 0, packed, bias, 0, y, 0,
                activation.derivativeFromOutput() ? null : z, 0);
        return y;
    }

    /** dX, dW, db from dY. */
    @Benchmark
    public float[] backward() {
        Linear.backward(activation, batch, x, 0, packed, saved, 0, dy, 0, dx, 0, dw, 0, db, 0,
                Linear.Gradients.OVERWRITE);
        return dw;
    }

    /** One training step of the layer: repack the (updated) weights, forward, backward. */
    @Benchmark
    public float[] forwardBackward() {
        packed.repack(w, 0);
        forward();
        return backward();
    }

    /** The plain GEMM of the forward shape, X·Wᵀ with W pre-packed: what the fused forward should cost. */
    @Benchmark
    public float[] plainGemm() {
        Gemm.sgemm(false, batch, out, in, 1f, x, 0, in, packedWt, 0f, y, 0, out);
        return y;
    }

    /** Unfused forward: GEMM, then a bias pass, then an activation pass. */
    @Benchmark
    public float[] unfusedForward() {
        Gemm.sgemm(false, batch, out, in, 1f, x, 0, in, packedWt, 0f, z, 0, out);
        for (int i = 0; i < batch; i++) {
            ArrayMath.add(out, z, i * out, bias, 0, z, i * out);
        }
        Activations.forward(activation, batch * out, z, 0, y, 0);
        return y;
    }
}
