package dev.vectorprop.bench;

import dev.vectorprop.kernels.Gemm;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The fused training step of {@link LinearBench#forwardBackward()} (repack, forward, backward;
 * 6·B·in·out flops) with {@code Gemm.setParallelism(threads)}: how the layer step scales with
 * vectorprop's thread pool. {@code scripts/bench --full} sets {@code threads} to 1 … the number of
 * available cores with {@code -p threads=...}; the default covers one and two.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class LinearThreadsBench {

    /** {@code batch x in x out}. */
    @Param({"256x784x512"})
    public String shape;

    /** The activation, by {@link LayerFixture#activation(String)}'s names. */
    @Param({"relu"})
    public String act;

    /** Threads of vectorprop's pool. */
    @Param({"1", "2"})
    public int threads;

    LayerFixture layer;

    @Setup(Level.Trial)
    public void setup() {
        Gemm.setParallelism(threads);
        layer = new LayerFixture(shape, act);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Gemm.setParallelism(1);
    }

    /** One training step of the layer with {@code threads} threads. */
    @Benchmark
    public float[] forwardBackward() {
        return layer.step();
    }
}
