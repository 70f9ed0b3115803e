package dev.vectorprop.bench;

import dev.vectorprop.check.RandomArrays;
import dev.vectorprop.kernels.Losses;
import dev.vectorprop.kernels.Reduction;
import java.util.SplittableRandom;
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
 * Fused softmax + cross-entropy (loss and dLogits) over {@code batch × classes} logits with class labels,
 * beside {@code System.arraycopy} of the logits into a second array in the same run: both read
 * {@code 4·batch·classes} bytes and write as many, so their GB/s are {@code 8·batch·classes} bytes per op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
public class SoftmaxCrossEntropyBench {

    @Param({"10", "32000"})
    int classes;

    @Param({"256"})
    int batch;

    float[] logits;
    float[] dLogits;
    float[] copy;
    int[] labels;

    @Setup
    public void setup() {
        logits = RandomArrays.floats(3, batch * classes, RandomArrays.Values.NORMAL);
        dLogits = new float[logits.length];
        copy = new float[logits.length];
        SplittableRandom r = new SplittableRandom(4);
        labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = r.nextInt(classes);
        }
    }

    @Benchmark
    public float softmaxCrossEntropy() {
        return Losses.softmaxCrossEntropy(classes, logits, labels, 0f, Reduction.MEAN, dLogits);
    }

    @Benchmark
    public float softmaxCrossEntropySmoothed() {
        return Losses.softmaxCrossEntropy(classes, logits, labels, 0.1f, Reduction.MEAN, dLogits);
    }

    @Benchmark
    public void arraycopy() {
        System.arraycopy(logits, 0, copy, 0, logits.length);
    }
}
