package dev.vectorprop.bench;

import dev.vectorprop.check.RandomArrays;
import dev.vectorprop.kernels.AdamConfig;
import dev.vectorprop.kernels.Optimizers;
import dev.vectorprop.kernels.SgdConfig;
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
 * Optimizer steps over {@code n} parameters beside {@code System.arraycopy} moving the same bytes as an
 * Adam step, in the same run. Bytes per parameter actually moved: Adam/AdamW 28 (read p, g, m, v; write
 * p, m, v), SGD with momentum 20 (read p, g, b; write p, b). The copy moves 8 bytes per float (read +
 * write) over {@code 3.5·n} floats, i.e. Adam's 28 bytes per parameter. GB/s = bytes / (ms/op) / 1e6.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
public class OptimizerBench {

    @Param({"1048576", "16777216"})
    int n;

    float[] p;
    float[] g;
    float[] m;
    float[] v;
    float[] copySrc;
    float[] copyDst;
    int step;

    final AdamConfig adam = AdamConfig.adam(1e-3);
    final AdamConfig adamW = AdamConfig.adamW(1e-3);
    final SgdConfig sgd = SgdConfig.sgd(1e-3).withMomentum(0.9, 0, true).withWeightDecay(1e-4);

    @Setup
    public void setup() {
        p = RandomArrays.floats(1, n, RandomArrays.Values.NORMAL);
        g = RandomArrays.floats(2, n, RandomArrays.Values.NORMAL);
        m = new float[n];
        v = new float[n];
        copySrc = new float[n / 2 * 7];
        copyDst = new float[copySrc.length];
        step = 1;
    }

    @Benchmark
    public void adam() {
        Optimizers.adam(adam, step++, p, g, m, v);
    }

    @Benchmark
    public void adamW() {
        Optimizers.adam(adamW, step++, p, g, m, v);
    }

    @Benchmark
    public void sgdMomentum() {
        Optimizers.sgd(sgd, step++, p, g, m);
    }

    @Benchmark
    public void arraycopy() {
        System.arraycopy(copySrc, 0, copyDst, 0, copySrc.length);
    }
}
