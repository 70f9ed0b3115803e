package dev.vectorprop.bench;

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
 * vectorprop's GEMM at {@code 1024×1024×1024} with {@code Gemm.setParallelism(threads)}: the scaling
 * of its own thread pool. Score: calls per second, as in {@link GemmBench}. {@code scripts/bench --full}
 * sets {@code threads} to 1 … the number of available cores with {@code -p threads=...}; the default
 * covers one and two.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class GemmThreadsBench {

    @Param({"1024x1024x1024"})
    String shape;

    @Param({"1", "2"})
    int threads;

    int m;
    int k;
    int n;
    float[] a;
    float[] b;
    float[] c;

    @Setup(Level.Trial)
    public void setup() {
        int[] s = GemmBench.parseShape(shape);
        m = s[0];
        k = s[1];
        n = s[2];
        a = GemmBench.random(1, m * k);
        b = GemmBench.random(2, k * n);
        c = new float[m * n];
        VectorpropGemm.setParallelism(threads);
        gemm();
        GemmBench.verify("vectorprop/" + threads, m, n, k, a, b, c);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        VectorpropGemm.setParallelism(1);
    }

    @Benchmark
    public float[] gemm() {
        VectorpropGemm.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
        return c;
    }
}
