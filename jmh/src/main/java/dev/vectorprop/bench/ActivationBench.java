package dev.vectorprop.bench;

import dev.vectorprop.kernels.Activation;
import dev.vectorprop.kernels.Activations;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Forward and backward passes of every activation at n = 65536 (256 KiB per array, in L2). Score:
 * nanoseconds per element. Inputs are normal with standard deviation 3, so both branches of the
 * piecewise kinds and the saturated ranges are exercised. Backward takes Y or Z as the activation
 * requires ({@link Activation#derivativeFromOutput()}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class ActivationBench {

    static final int N = 65536;

    @Param({"IDENTITY", "RELU", "LEAKY_RELU", "SIGMOID", "TANH", "GELU", "GELU_TANH", "SILU", "SOFTPLUS", "ELU"})
    public String kind;

    Activation act;
    float[] z = new float[N];
    float[] y = new float[N];
    float[] dy = new float[N];
    float[] dz = new float[N];
    float[] backwardInput;

    @Setup
    public void setup() {
        act = Activation.of(Activation.Kind.valueOf(kind));
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < N; i++) {
            z[i] = (float) (3 * r.nextGaussian());
            dy[i] = (float) r.nextGaussian();
        }
        Activations.forward(act, z, y);
        backwardInput = act.derivativeFromOutput() ? y.clone() : z;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public float forward() {
        Activations.forward(act, N, z, 0, y, 0);
        return y[N - 1];
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public float backward() {
        Activations.backward(act, N, dy, 0, backwardInput, 0, dz, 0);
        return dz[N - 1];
    }
}
