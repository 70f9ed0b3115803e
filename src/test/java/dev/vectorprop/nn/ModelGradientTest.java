package dev.vectorprop.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.vectorprop.check.GradCheck;
import dev.vectorprop.check.RandomArrays;
import dev.vectorprop.check.RandomArrays.Values;
import dev.vectorprop.kernels.Activation;
import dev.vectorprop.kernels.Reduction;
import dev.vectorprop.reference.ReferenceLosses;
import dev.vectorprop.reference.ReferenceMlp;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Whole-model gradients (every parameter and the input) against central differences of a double model. */
class ModelGradientTest {

    private static final long SEED = 0x6ad_c4ec;
    private static final Activation[] ACTIVATIONS = {Activation.IDENTITY, Activation.RELU, Activation.LEAKY_RELU,
        Activation.SIGMOID, Activation.TANH, Activation.GELU, Activation.GELU_TANH, Activation.SILU,
        Activation.SOFTPLUS, Activation.ELU};
    private static final int[] WIDTHS = {5, 7, 6, 4};
    private static final int BATCH = 3;

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        long i = 0;
        for (Activation act : ACTIVATIONS) {
            for (Loss loss : List.of(Loss.crossEntropy(), Loss.crossEntropy(0.1f), Loss.mse(), Loss.bceWithLogits())) {
                b.add(Arguments.of(SEED + i++, act, loss));
            }
        }
        return b.build();
    }

    /** A 5-7-6-4 model with random biases, and its layers' activations. */
    static Sequential model(long seed, Activation act) {
        Sequential m = new Sequential(new Dense(WIDTHS[0], WIDTHS[1], act), new Dense(WIDTHS[1], WIDTHS[2], act),
                new Dense(WIDTHS[2], WIDTHS[3], Activation.IDENTITY)).initialize(seed);
        SplittableRandom r = new SplittableRandom(seed + 1);
        for (Parameter p : m.parameters()) {
            if (p.name().equals("bias")) {
                System.arraycopy(RandomArrays.floats(r, p.size(), Values.NORMAL), 0, p.value(), 0, p.size());
                p.markUpdated();
            }
        }
        return m;
    }

    @ParameterizedTest(name = "seed={0} {1} {2}")
    @MethodSource("cases")
    void modelGradientsMatchFiniteDifferences(long seed, Activation act, Loss loss) {
        String ctx = "seed=" + seed + ", shape batch=" + BATCH + " widths=5-7-6-4, act=" + act + ", loss=" + loss;
        Sequential m = model(seed, act);
        SplittableRandom r = new SplittableRandom(seed + 2);
        float[] x = RandomArrays.floats(r, BATCH * WIDTHS[0], Values.NORMAL);
        int classes = WIDTHS[3];
        int[] labels = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            labels[i] = r.nextInt(classes);
        }
        float[] targets = new float[BATCH * classes];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = loss.kind() == Loss.Kind.MSE ? (float) RandomArrays.gaussian(r) : (float) r.nextDouble();
        }
        boolean useLabels = loss.kind() == Loss.Kind.CROSS_ENTROPY;
        m.zeroGrad();
        float[] out = m.forward(x, BATCH);
        float[] dOut = new float[BATCH * classes];
        if (useLabels) {
            loss.compute(BATCH, classes, out, labels, 0, dOut);
        } else {
            loss.compute(BATCH, classes, out, targets, 0, dOut);
        }
        float[] dx = m.backward(dOut).clone();
        List<Parameter> ps = m.parameters();
        float[][] analytic = new float[1 + ps.size()][];
        float[][] values = new float[1 + ps.size()][];
        analytic[0] = java.util.Arrays.copyOf(dx, x.length);
        values[0] = x;
        for (int i = 0; i < ps.size(); i++) {
            analytic[i + 1] = ps.get(i).grad();
            values[i + 1] = ps.get(i).value();
        }
        Activation[] acts = {act, act, Activation.IDENTITY};
        float smoothing = loss.toString().contains("0.1") ? 0.1f : 0f;
        double[] t = GradCheck.toDouble(targets)[0];
        GradCheck.Function f = in -> {
            double[] o = ReferenceMlp.forward(acts, WIDTHS, BATCH, in);
            return switch (loss.kind()) {
                case CROSS_ENTROPY -> ReferenceLosses.softmaxCrossEntropy(o, BATCH, classes, labels, smoothing,
                        Reduction.MEAN).loss();
                case MSE -> ReferenceLosses.mse(o, t, Reduction.MEAN).loss();
                case BCE_WITH_LOGITS -> ReferenceLosses.bceWithLogits(o, t, Reduction.MEAN).loss();
            };
        };
        double[][] numeric = GradCheck.numericGradient(f, GradCheck.toDouble(values));
        GradCheck.compare(analytic, numeric).assertWithin(ctx, 2e-3, 1e-2);
    }

    @Test
    void gradientsAccumulateUntilZeroed() {
        long seed = SEED;
        Sequential m = model(seed, Activation.TANH);
        float[] x = RandomArrays.floats(seed, BATCH * WIDTHS[0], Values.NORMAL);
        float[] dOut = RandomArrays.floats(seed + 1, BATCH * WIDTHS[3], Values.NORMAL);
        m.zeroGrad();
        m.forward(x, BATCH);
        m.backward(dOut, false);
        float[][] once = m.parameters().stream().map(p -> p.grad().clone()).toArray(float[][]::new);
        m.forward(x, BATCH);
        assertNull(m.backward(dOut, false), "no input gradient asked for");
        for (int i = 0; i < once.length; i++) {
            float[] g = m.parameters().get(i).grad();
            float scale = dev.vectorprop.kernels.ArrayMath.maxAbs(once[i]);
            for (int j = 0; j < g.length; j++) {
                // db adds rows one by one into the accumulator, so 2g is exact only up to rounding.
                assertEquals(2 * once[i][j], g[j], 1e-5f * scale,
                        "seed=" + seed + ", shape 5-7-6-4: " + m.parameters().get(i) + "[" + j + "] after two backward");
            }
        }
        m.zeroGrad();
        for (Parameter p : m.parameters()) {
            for (float v : p.grad()) {
                assertEquals(0f, v, "zeroGrad clears " + p);
            }
        }
    }
}
