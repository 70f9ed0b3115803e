package dev.vectorprop.bench;

import dev.vectorprop.check.RandomArrays;
import dev.vectorprop.kernels.ArrayMath;
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

/** Level-1 kernels beside {@code System.arraycopy} of the same bytes (the memory-bandwidth peer). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class ArrayMathBench {

    @Param({"1024", "1048576"})
    int n;

    float[] x;
    float[] y;
    float[] copy;

    @Setup
    public void setup() {
        x = RandomArrays.floats(1, n, RandomArrays.Values.NORMAL);
        y = RandomArrays.floats(2, n, RandomArrays.Values.NORMAL);
        copy = new float[n];
    }

    @Benchmark
    public void axpy() {
        ArrayMath.axpy(1e-7f, x, y);
    }

    @Benchmark
    public float dot() {
        return ArrayMath.dot(x, y);
    }

    @Benchmark
    public float sum() {
        return ArrayMath.sum(x);
    }

    @Benchmark
    public void arraycopy() {
        System.arraycopy(x, 0, copy, 0, n);
    }
}
