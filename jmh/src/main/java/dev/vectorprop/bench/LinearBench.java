package dev.vectorprop.bench;

import dev.vectorprop.kernels.Gemm;
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
 * training step's forward + backward including the weight repack (6·B·in·out), fused through
 * {@code Linear} and unfused from separate GEMM, bias and activation calls. Beside them, the plain GEMM
 * of the forward shape (the cost the fused forward should match). {@link Report} turns the scores into
 * GFLOP/s with these flop counts; the {@code shape} parameter is {@code "batch x in x out"}.
 * {@link LinearPeerBench} runs the same layer on OpenBLAS (unfused) and oneDNN.
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

    /** The activation, by {@link LayerFixture#activation(String)}'s names. */
    @Param({"identity", "relu", "gelu", "gelu_tanh", "tanh", "sigmoid"})
    public String act;

    LayerFixture layer;

    @Setup
    public void setup() {
        Gemm.setParallelism(1);
        layer = new LayerFixture(shape, act);
    }

    /** Z = X·Wᵀ + b, Y = act(Z), pre-packed W; keeps Z only when backward needs it. */
    @Benchmark
    public float[] forward() {
        return layer.forward();
    }

    /** dX, dW, db from dY. */
    @Benchmark
    public float[] backward() {
        return layer.backward();
    }

    /** One training step of the layer: repack the (updated) weights, forward, backward. */
    @Benchmark
    public float[] forwardBackward() {
        return layer.step();
    }

    /** The same training step from separate GEMM, bias, activation and reduction calls. */
    @Benchmark
    public float[] unfusedForwardBackward() {
        return layer.unfusedStep();
    }

    /** The plain GEMM of the forward shape, X·Wᵀ with W pre-packed: what the fused forward should cost. */
    @Benchmark
    public float[] plainGemm() {
        return layer.plainGemm();
    }

    /** Unfused forward: GEMM, then a bias pass, then an activation pass. */
    @Benchmark
    public float[] unfusedForward() {
        return layer.unfusedForward();
    }
}
