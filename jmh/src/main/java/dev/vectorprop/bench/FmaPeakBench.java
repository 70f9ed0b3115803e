package dev.vectorprop.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The ceiling every GEMM figure is compared with: one core's FMA throughput with the preferred species
 * and 12 independent accumulator chains (fewer cannot hide the 4-cycle FMA latency on Zen 3). Each chain
 * is written {@code acc = a.fma(b, acc)}: with the accumulator as a multiplicand ({@code acc.fma(a, b)})
 * C2 adds a register copy per FMA and the loop ran ~10% below the hardware's peak.
 * Score: FMA loop iterations per second; GFLOP/s = score·{@link #FLOPS_PER_OP}·1e-9.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class FmaPeakBench {

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int ITERS = 4096;
    /** Floating-point operations per benchmark call: 12 chains × lanes × 2 × iterations. */
    public static final long FLOPS_PER_OP = 12L * S.length() * 2 * ITERS;

    float[] seed = {1.0000001f, 0.9999999f, 1e-3f};

    @Benchmark
    public float fmaPeak() {
        FloatVector a = FloatVector.broadcast(S, seed[0]);
        FloatVector b = FloatVector.broadcast(S, seed[1]);
        FloatVector c0 = FloatVector.broadcast(S, seed[2]), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
        FloatVector c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
        for (int i = 0; i < ITERS; i++) {
            c0 = a.fma(b, c0);
            c1 = a.fma(b, c1);
            c2 = a.fma(b, c2);
            c3 = a.fma(b, c3);
            c4 = a.fma(b, c4);
            c5 = a.fma(b, c5);
            c6 = a.fma(b, c6);
            c7 = a.fma(b, c7);
            c8 = a.fma(b, c8);
            c9 = a.fma(b, c9);
            c10 = a.fma(b, c10);
            c11 = a.fma(b, c11);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }
}
