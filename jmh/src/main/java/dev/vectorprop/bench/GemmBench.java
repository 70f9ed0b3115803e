package dev.vectorprop.bench;

import dev.vectorprop.bench.peers.EjmlPeer;
import dev.vectorprop.bench.peers.NetlibPeer;
import dev.vectorprop.bench.peers.OpenBlasPeer;
import java.util.SplittableRandom;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-threaded {@code C = A·B} (row-major, no transposes, alpha 1, beta 0) for vectorprop and its
 * peers: OpenBLAS (native, through FFM), netlib's VectorBLAS and EJML. Shapes are {@code "m x k x n"}:
 * {@code A} is {@code m×k}, {@code B} is {@code k×n}.
 *
 * <p>Score: calls per second; GFLOP/s = {@code 2·m·n·k·score·1e-9}. {@link Report} converts a JSON
 * result file into GFLOP/s, % of {@link FmaPeakBench}'s peak and the ratio to OpenBLAS. Each trial
 * first checks the implementation's result on sampled elements against a product in double.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class GemmBench {

    @Param({"32x32x32", "64x64x64", "128x128x128", "256x256x256", "512x512x512", "1024x1024x1024",
            "64x784x256", "256x784x512", "256x512x512", "256x512x10", "1x1024x1024", "32x128x128"})
    String shape;

    @Param({"vectorprop", "openblas", "netlib", "ejml"})
    String impl;

    int m;
    int k;
    int n;
    float[] a;
    float[] b;
    float[] c;
    Runnable call;

    @Setup(Level.Trial)
    public void setup() {
        int[] s = parseShape(shape);
        m = s[0];
        k = s[1];
        n = s[2];
        a = random(1, m * k);
        b = random(2, k * n);
        c = new float[m * n];
        if (impl.equals("vectorprop")) {
            VectorpropGemm.setParallelism(1);
        } else if (impl.equals("openblas") && OpenBlasPeer.threads() != 1) {
            throw new IllegalStateException("OpenBLAS is not single-threaded: " + OpenBlasPeer.describe());
        }
        call = gemm(impl, m, n, k, a, b, c);
        call.run();
        verify(impl, m, n, k, a, b, c);
    }

    @Benchmark
    public float[] gemm() {
        call.run();
        return c;
    }

    /**
     * Parses {@code "m x k x n"} (spaces optional).
     *
     * @param shape the shape string
     * @return {@code {m, k, n}}
     */
    public static int[] parseShape(String shape) {
        String[] p = shape.trim().split("\\s*x\\s*");
        if (p.length != 3) {
            throw new IllegalArgumentException("shape must be \"m x k x n\": " + shape);
        }
        return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2])};
    }

    /** {@code C = A·B} on dense row-major arrays by the named implementation. */
    static Runnable gemm(String impl, int m, int n, int k, float[] a, float[] b, float[] c) {
        return switch (impl) {
            case "vectorprop" -> () -> VectorpropGemm.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
            case "openblas" -> () -> OpenBlasPeer.sgemm(false, false, m, n, k, 1f, a, k, b, n, 0f, c, n);
            case "netlib" -> () -> NetlibPeer.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
            case "ejml" -> new EjmlPeer(false, false, m, n, k, a, b, c)::mult;
            default -> throw new IllegalArgumentException("unknown impl: " + impl);
        };
    }

    static float[] random(long seed, int len) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[len];
        for (int i = 0; i < len; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return x;
    }

    /** Compares up to 256 sampled elements of {@code C} with the product computed in double. */
    static void verify(String impl, int m, int n, int k, float[] a, float[] b, float[] c) {
        SplittableRandom r = new SplittableRandom(7);
        int samples = Math.min(256, m * n);
        for (int t = 0; t < samples; t++) {
            int idx = samples == m * n ? t : r.nextInt(m * n);
            int i = idx / n, j = idx % n;
            double s = 0, mag = 0;
            for (int p = 0; p < k; p++) {
                double x = (double) a[i * k + p] * b[p * n + j];
                s += x;
                mag += Math.abs(x);
            }
            if (!(Math.abs(c[idx] - s) <= 1e-5 * (k + 2) * mag + 1e-30)) {
                throw new AssertionError(impl + ": C[" + i + "][" + j + "] = " + c[idx] + ", expected " + s
                        + " (m=" + m + " k=" + k + " n=" + n + ")");
            }
        }
    }
}
