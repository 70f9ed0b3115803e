package dev.vectorprop.guide;

import dev.vectorprop.check.GradCheck;
import dev.vectorprop.kernels.Activation;
import dev.vectorprop.kernels.Gemm;
import dev.vectorprop.nn.Dense;
import dev.vectorprop.nn.Loss;
import dev.vectorprop.nn.Parameter;
import dev.vectorprop.nn.Sequential;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Guide section 3: what a backward pass costs. A layer's backward time against its forward time, and a
 * whole gradient by backprop against central finite differences, timed on one thread.
 */
final class Cost {

    /** Timings (best of several runs, in nanoseconds) and pass counts. */
    record Figures(long forwardNanos, long backwardNanos, int parameters, int forwardPasses, long backpropNanos,
                   long finiteDiffNanos, double maxError) {
        double backwardOverForward() {
            return (double) backwardNanos / forwardNanos;
        }

        double finiteDiffOverBackprop() {
            return (double) finiteDiffNanos / backpropNanos;
        }
    }

    private Cost() {}

    static Figures run(Out out) {
        int threads = Gemm.parallelism();
        Gemm.setParallelism(1);
        try {
            return measure(out);
        } finally {
            Gemm.setParallelism(threads);
        }
    }

    private static Figures measure(Out out) {
        // A layer: Dense(256→256, RELU) on a batch of 256 rows
        Dense layer = new Dense(256, 256, Activation.RELU);
        float[] x = random(256 * 256, 1);
        float[] dy = random(256 * 256, 2);
        long[] fb = bestOf(40, () -> layer.forward(x, 256), () -> layer.backward(dy, true));

        // A tiny model: the full gradient by backprop, and by central differences through the same model
        Sequential tiny = new Sequential(new Dense(2, 8, Activation.TANH), new Dense(8, 8, Activation.TANH),
                new Dense(8, 3, Activation.IDENTITY)).initialize(3);
        float[] tx = random(16 * 2, 3);
        int[] labels = new int[16];
        for (int i = 0; i < 16; i++) {
            labels[i] = i % 3;
        }
        Loss ce = Loss.crossEntropy();
        float[] dOut = new float[16 * 3];
        List<Parameter> ps = tiny.parameters();
        int[] passes = {0};
        GradCheck.Function lossOf = in -> {
            for (int t = 0; t < ps.size(); t++) {
                float[] v = ps.get(t).value();
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) in[t][i];
                }
                ps.get(t).markUpdated();
            }
            passes[0]++;
            return ce.compute(16, 3, tiny.forward(tx, 16), labels, 0, dOut);
        };
        double[][] start = GradCheck.toDouble(ps.stream().map(Parameter::value).map(float[]::clone)
                .toArray(float[][]::new));
        double[][][] numeric = new double[1][][];
        long[] bf = bestOf(20, () -> {
            tiny.zeroGrad();
            ce.compute(16, 3, tiny.forward(tx, 16), labels, 0, dOut);
            tiny.backward(dOut, false);
        }, () -> {
            passes[0] = 0;
            numeric[0] = GradCheck.numericGradient(lossOf, start, 1e-2);
            lossOf.apply(start);                                    // leave the parameters as they were
        });
        int forwardPasses = passes[0] - 1;
        tiny.zeroGrad();
        ce.compute(16, 3, tiny.forward(tx, 16), labels, 0, dOut);
        tiny.backward(dOut, false);
        float[][] analytic = ps.stream().map(Parameter::grad).toArray(float[][]::new);
        double maxError = GradCheck.compare(analytic, numeric[0]).maxError(1e-2);
        int count = (int) tiny.parameterCount();

        out.printf("%s, batch 256, one thread: forward %.2f ms, backward %.2f ms, backward/forward %.1f%n", layer,
                fb[0] / 1e6, fb[1] / 1e6, (double) fb[1] / fb[0]);
        out.printf("%s, %d parameters, batch 16:%n", tiny, count);
        out.printf("  backprop            1 forward + 1 backward   %8.3f ms%n", bf[0] / 1e6);
        out.printf("  finite differences  %d forward passes      %8.3f ms  (%.1f× backprop)%n", forwardPasses,
                bf[1] / 1e6, (double) bf[1] / bf[0]);
        return new Figures(fb[0], fb[1], count, forwardPasses, bf[0], bf[1], maxError);
    }

    /** Runs {@code a} and {@code b} alternately {@code reps} times (after as many warm-up rounds) and returns each one's best time. */
    private static long[] bestOf(int reps, Runnable a, Runnable b) {
        long[] best = {Long.MAX_VALUE, Long.MAX_VALUE};
        for (int r = 0; r < 2 * reps; r++) {
            long t0 = System.nanoTime();
            a.run();
            long t1 = System.nanoTime();
            b.run();
            long t2 = System.nanoTime();
            if (r >= reps) {
                best[0] = Math.min(best[0], t1 - t0);
                best[1] = Math.min(best[1], t2 - t1);
            }
        }
        return best;
    }

    private static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return v;
    }
}
