package dev.vectorprop.bench;

import dev.vectorprop.check.RandomArrays;
import dev.vectorprop.kernels.Activation;
import dev.vectorprop.kernels.AdamConfig;
import dev.vectorprop.kernels.Gemm;
import dev.vectorprop.kernels.Linear;
import dev.vectorprop.kernels.LinearWeights;
import dev.vectorprop.kernels.Losses;
import dev.vectorprop.kernels.Optimizers;
import dev.vectorprop.kernels.Reduction;
import dev.vectorprop.nn.Dense;
import dev.vectorprop.nn.Loss;
import dev.vectorprop.nn.Optimizer;
import dev.vectorprop.nn.Parameter;
import dev.vectorprop.nn.Sequential;
import dev.vectorprop.nn.Trainer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step of a 784-512-256-10 relu MLP at batch 256 with softmax cross-entropy and Adam, one
 * thread: {@link #trainerStep} through the {@code dev.vectorprop.nn} API, {@link #kernelsOnly} calling the
 * same kernels directly (repack, three fused forwards, the loss, three fused backwards, six Adam updates).
 * The difference is the cost of the abstraction; run with {@code -prof gc} to see that a step allocates
 * nothing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Dvectorprop.threads=1"})
public class TrainStepBench {

    static final int BATCH = 256;
    static final int[] WIDTHS = {784, 512, 256, 10};
    static final Activation[] ACTS = {Activation.RELU, Activation.RELU, Activation.IDENTITY};

    float[] x;
    int[] labels;
    Trainer trainer;

    // the direct-kernel model
    final float[][] w = new float[3][];
    final float[][] b = new float[3][];
    final float[][] dw = new float[3][];
    final float[][] db = new float[3][];
    final float[][] mw = new float[3][];
    final float[][] vw = new float[3][];
    final float[][] mb = new float[3][];
    final float[][] vb = new float[3][];
    final float[][] y = new float[3][];
    final float[][] dy = new float[3][];
    final LinearWeights[] packed = new LinearWeights[3];
    AdamConfig adam;
    int t;

    @Setup
    public void setup() {
        Gemm.setParallelism(1);
        x = RandomArrays.floats(1, BATCH * WIDTHS[0], RandomArrays.Values.UNIFORM);
        labels = new int[BATCH];
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < BATCH; i++) {
            labels[i] = r.nextInt(10);
        }
        Sequential model = new Sequential(new Dense(784, 512, ACTS[0]), new Dense(512, 256, ACTS[1]),
                new Dense(256, 10, ACTS[2])).initialize(3);
        trainer = new Trainer(model, Loss.crossEntropy(), Optimizer.adam(1e-4));
        adam = AdamConfig.adam(1e-4);
        for (int l = 0; l < 3; l++) {
            int in = WIDTHS[l];
            int out = WIDTHS[l + 1];
            Parameter pw = model.parameters().get(2 * l);
            w[l] = pw.value().clone();
            b[l] = new float[out];
            dw[l] = new float[in * out];
            db[l] = new float[out];
            mw[l] = new float[in * out];
            vw[l] = new float[in * out];
            mb[l] = new float[out];
            vb[l] = new float[out];
            y[l] = new float[BATCH * out];
            dy[l] = new float[BATCH * out];
            packed[l] = LinearWeights.pack(in, out, w[l], 0);
        }
    }

    /** {@code Trainer.step}: zero grads, forward, loss, backward, Adam (and lazy repacks). */
    @Benchmark
    public float trainerStep() {
        return trainer.step(x, labels);
    }

    /** The same kernels called directly. */
    @Benchmark
    public float kernelsOnly() {
        float[] in = x;
        for (int l = 0; l < 3; l++) {
            packed[l].repack(w[l], 0);
            Linear.forward(ACTS[l], BATCH, in, 0, packed[l], b[l], 0, y[l], 0, null, 0);
            in = y[l];
        }
        float loss = Losses.softmaxCrossEntropy(BATCH, 10, y[2], 0, labels, 0, 0f, Reduction.MEAN, dy[2], 0);
        for (int l = 2; l >= 0; l--) {
            Linear.backward(ACTS[l], BATCH, l == 0 ? x : y[l - 1], 0, packed[l], y[l], 0, dy[l], 0,
                    l == 0 ? null : dy[l - 1], 0, dw[l], 0, db[l], 0, Linear.Gradients.OVERWRITE);
        }
        t++;
        for (int l = 0; l < 3; l++) {
            Optimizers.adam(adam, t, dw[l].length, w[l], 0, dw[l], 0, mw[l], 0, vw[l], 0);
            Optimizers.adam(adam, t, db[l].length, b[l], 0, db[l], 0, mb[l], 0, vb[l], 0);
        }
        return loss;
    }
}
