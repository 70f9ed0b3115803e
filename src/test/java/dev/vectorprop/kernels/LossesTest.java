package dev.vectorprop.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorprop.check.GradCheck;
import dev.vectorprop.check.RandomArrays;
import dev.vectorprop.check.RandomArrays.Values;
import dev.vectorprop.check.Tolerance;
import dev.vectorprop.reference.ReferenceLosses;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Tag("kernel")
class LossesTest {

    private static final long SEED = 0x1055_2026L;
    private static final double U = Tolerance.FLOAT_UNIT_ROUNDOFF;

    static Stream<Arguments> elementwiseCases() {
        Stream.Builder<Arguments> b = Stream.builder();
        int[] lengths = RandomArrays.lengths(SEED, 6, 70_000);
        for (int i = 0; i < lengths.length; i++) {
            for (Reduction red : Reduction.values()) {
                b.add(Arguments.of(SEED + 7L * i + red.ordinal(), lengths[i], red));
            }
        }
        return b.build();
    }

    static Stream<Arguments> rowCases() {
        Stream.Builder<Arguments> b = Stream.builder();
        int[][] shapes = {{1, 1}, {1, 2}, {3, 7}, {2, 8}, {5, 16}, {4, 17}, {2, 33}, {7, 64}, {3, 65}, {2, 255},
            {3, 1000}, {2, 4099}, {1, 32000}};
        float[] smoothings = {0f, 0.1f, 1f};
        for (int i = 0; i < shapes.length; i++) {
            for (int k = 0; k < smoothings.length; k++) {
                Reduction red = Reduction.values()[(i + k) % 2];
                b.add(Arguments.of(SEED + 13L * i + k, shapes[i][0], shapes[i][1], smoothings[k], red));
            }
        }
        return b.build();
    }

    private static double scale(Reduction red, int count) {
        return red == Reduction.MEAN ? 1.0 / count : 1.0;
    }

    private static float[] scaled(SplittableRandom r, int n, float s) {
        float[] a = RandomArrays.floats(r, n, Values.NORMAL);
        for (int i = 0; i < n; i++) {
            a[i] *= s;
        }
        return a;
    }

    private static double[] d(float[] a) {
        return GradCheck.toDouble(a)[0];
    }

    @ParameterizedTest(name = "seed={0} n={1} {2}")
    @MethodSource("elementwiseCases")
    void mseMatchesReference(long seed, int n, Reduction red) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = scaled(r, n, 2f);
        float[] t = scaled(r, n, 2f);
        String ctx = "seed=" + seed + ", n=" + n + ", " + red;
        Placed px = Placed.of(r, x);
        Placed pt = Placed.of(r, t);
        Placed pg = Placed.of(r, new float[n]);
        float loss = Losses.mse(n, px.array(), px.offset(), pt.array(), pt.offset(), pg.array(), pg.offset(), red);
        ReferenceLosses.Result ref = ReferenceLosses.mse(d(x), d(t), red);
        double k = scale(red, n);
        double mag = 0;
        double[] gMag = new double[n];
        for (int i = 0; i < n; i++) {
            double a = Math.abs(x[i]) + Math.abs(t[i]);
            mag += a * a;
            gMag[i] = 2 * a * k;
        }
        Tolerance.assertClose(ctx + " loss", ref.loss(), loss, Tolerance.reductionBound(n + 2, mag * k));
        Tolerance.assertAllClose(ctx + " grad", ref.gradient(), gMag, 2, pg.array(), pg.offset());
        pg.assertPaddingUntouched(ctx, n);
        px.assertPaddingUntouched(ctx, n);
    }

    @ParameterizedTest(name = "seed={0} n={1} {2}")
    @MethodSource("elementwiseCases")
    void bceWithLogitsMatchesReference(long seed, int n, Reduction red) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = scaled(r, n, 4f);
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(4) == 0 ? r.nextInt(2) : (float) r.nextDouble();
        }
        String ctx = "seed=" + seed + ", n=" + n + ", " + red;
        Placed px = Placed.of(r, x);
        Placed pg = Placed.of(r, new float[n]);
        float loss = Losses.bceWithLogits(n, px.array(), px.offset(), y, 0, pg.array(), pg.offset(), red);
        ReferenceLosses.Result ref = ReferenceLosses.bceWithLogits(d(x), d(y), red);
        double k = scale(red, n);
        double mag = 0;
        double[] gMag = new double[n];
        for (int i = 0; i < n; i++) {
            mag += Math.abs(x[i]) + Math.abs(x[i] * y[i]) + Math.log1p(Math.exp(-Math.abs(x[i])));
            gMag[i] = (1 + Math.abs(y[i])) * k;
        }
        Tolerance.assertClose(ctx + " loss", ref.loss(), loss, Tolerance.reductionBound(n + 8, mag * k));
        Tolerance.assertAllClose(ctx + " grad", ref.gradient(), gMag, 8, pg.array(), pg.offset());
        pg.assertPaddingUntouched(ctx, n);
    }

    /** Per-element bound of a softmax-CE gradient: p's error grows with |x − max| (exp's condition). */
    private static void assertCrossEntropyClose(String ctx, int batch, int classes, float[] x, double[] q,
                                                double smoothing, Reduction red, float loss, float[] grad,
                                                int gradOff, ReferenceLosses.Result ref) {
        double k = scale(red, batch);
        double[] p = ReferenceLosses.softmax(d(x), batch, classes);
        double lossMag = 0;
        double[] gMag = new double[x.length];
        int[] terms = new int[x.length];
        int maxTerms = 0;
        for (int r = 0; r < batch; r++) {
            double max = Double.NEGATIVE_INFINITY;
            double sumQ = 0;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, x[r * classes + c]);
                sumQ += (1 - smoothing) * Math.abs(q[r * classes + c]) + smoothing / classes;
            }
            lossMag += sumQ * (1 + Math.abs(Math.log(classes)));
            for (int c = 0; c < classes; c++) {
                int i = r * classes + c;
                double spread = Math.abs(x[i]) + Math.abs(max);
                lossMag += (Math.abs(q[i]) + smoothing / classes) * spread;
                double smoothed = (1 - smoothing) * Math.abs(q[i]) + smoothing / classes;
                gMag[i] = (p[i] * (sumQ + 1) + smoothed) * k;
                terms[i] = classes + 6 + (int) Math.ceil(Math.abs(x[i] - max));
                maxTerms = Math.max(maxTerms, terms[i]);
            }
        }
        Tolerance.assertClose(ctx + " loss", ref.loss(), loss, Tolerance.reductionBound(maxTerms, lossMag * k));
        for (int i = 0; i < x.length; i++) {
            Tolerance.assertClose(ctx + " dLogits[" + i + "]", ref.gradient()[i], grad[gradOff + i],
                    Tolerance.reductionBound(terms[i], gMag[i]));
        }
    }

    private static int[] labels(SplittableRandom r, int batch, int classes) {
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = r.nextInt(classes);
        }
        return labels;
    }

    private static double[] oneHot(int[] labels, int classes) {
        double[] q = new double[labels.length * classes];
        for (int r = 0; r < labels.length; r++) {
            q[r * classes + labels[r]] = 1;
        }
        return q;
    }

    @ParameterizedTest(name = "seed={0} {1}x{2} smoothing={3} {4}")
    @MethodSource("rowCases")
    void softmaxCrossEntropyWithLabelsMatchesReference(long seed, int batch, int classes, float smoothing,
                                                       Reduction red) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = scaled(r, batch * classes, 3f);
        int[] labels = labels(r, batch, classes);
        String ctx = "seed=" + seed + ", shape=" + batch + "×" + classes + ", smoothing=" + smoothing + ", " + red;
        Placed px = Placed.of(r, x);
        Placed pd = Placed.of(r, new float[x.length]);
        int[] placedLabels = new int[batch + 2];
        System.arraycopy(labels, 0, placedLabels, 1, batch);
        float loss = Losses.softmaxCrossEntropy(batch, classes, px.array(), px.offset(), placedLabels, 1, smoothing,
                red, pd.array(), pd.offset());
        ReferenceLosses.Result ref = ReferenceLosses.softmaxCrossEntropy(d(x), batch, classes, labels, smoothing,
                red);
        assertCrossEntropyClose(ctx, batch, classes, x, oneHot(labels, classes), smoothing, red, loss, pd.array(),
                pd.offset(), ref);
        pd.assertPaddingUntouched(ctx, x.length);
        assertArrayEquals(x, px.slice(x.length), ctx + ": logits were modified");

        float inPlaceLoss = Losses.softmaxCrossEntropy(batch, classes, px.array(), px.offset(), placedLabels, 1,
                smoothing, red, px.array(), px.offset());
        // Not bitwise: before C2 compiles the kernel, the Vector API evaluates EXP lane by lane with Math.exp.
        double k = scale(red, batch);
        assertEquals(loss, inPlaceLoss, 1e-6 * (Math.abs(loss) + 1), ctx + " in place");
        float[] outOfPlace = pd.slice(x.length);
        float[] inPlace = px.slice(x.length);
        for (int i = 0; i < x.length; i++) {
            assertEquals(outOfPlace[i], inPlace[i], 1e-6 * (Math.abs(outOfPlace[i]) + k), ctx + " in place, " + i);
        }
    }

    @ParameterizedTest(name = "seed={0} {1}x{2} smoothing={3} {4}")
    @MethodSource("rowCases")
    void softmaxCrossEntropyWithProbabilitiesMatchesReference(long seed, int batch, int classes, float smoothing,
                                                              Reduction red) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = scaled(r, batch * classes, 3f);
        float[] t = new float[x.length];
        for (int row = 0; row < batch; row++) {
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                t[row * classes + c] = (float) r.nextDouble();
                sum += t[row * classes + c];
            }
            boolean normalise = row % 2 == 0; // odd rows keep Σt ≠ 1: the gradient is then p·Σq − q
            for (int c = 0; c < classes && normalise; c++) {
                t[row * classes + c] /= (float) sum;
            }
        }
        String ctx = "seed=" + seed + ", shape=" + batch + "×" + classes + ", smoothing=" + smoothing + ", " + red;
        Placed px = Placed.of(r, x);
        Placed pt = Placed.of(r, t);
        Placed pd = Placed.of(r, new float[x.length]);
        float loss = Losses.softmaxCrossEntropy(batch, classes, px.array(), px.offset(), pt.array(), pt.offset(),
                smoothing, red, pd.array(), pd.offset());
        ReferenceLosses.Result ref = ReferenceLosses.softmaxCrossEntropy(d(x), batch, classes, d(t), smoothing, red);
        assertCrossEntropyClose(ctx, batch, classes, x, d(t), smoothing, red, loss, pd.array(), pd.offset(), ref);
        pd.assertPaddingUntouched(ctx, x.length);
        pt.assertPaddingUntouched(ctx, x.length);
    }

    // ---- finite differences: the double reference loss is the function, the float kernel's gradient is checked

    private static void assertGradient(String ctx, GradCheck.Function f, float[] x, float[] grad) {
        double[][] numeric = GradCheck.numericGradient(f, GradCheck.toDouble(x));
        GradCheck.compare(new float[][] {grad}, numeric).assertWithin(ctx, 2e-5, 1e-3);
    }

    @Test
    void lossGradientsMatchFiniteDifferences() {
        SplittableRandom r = new SplittableRandom(SEED);
        int batch = 3;
        int classes = 11;
        int n = batch * classes;
        for (Reduction red : Reduction.values()) {
            float[] x = scaled(r, n, 2f);
            float[] t = scaled(r, n, 1f);
            float[] g = new float[n];
            Losses.mse(x, t, g, red);
            assertGradient("mse " + red, in -> ReferenceLosses.mse(in[0], d(t), red).loss(), x, g);

            float[] y = new float[n];
            for (int i = 0; i < n; i++) {
                y[i] = i % 3 == 0 ? i % 2 : (float) r.nextDouble();
            }
            Losses.bceWithLogits(x, y, g, red);
            assertGradient("bce " + red, in -> ReferenceLosses.bceWithLogits(in[0], d(y), red).loss(), x, g);

            int[] labels = labels(r, batch, classes);
            float[] probs = new float[n];
            for (int i = 0; i < n; i++) {
                probs[i] = (float) r.nextDouble() / 5; // rows do not sum to 1: tests p·Σq − q
            }
            for (float eps : new float[] {0f, 0.2f}) {
                Losses.softmaxCrossEntropy(classes, x, labels, eps, red, g);
                assertGradient("CE labels ε=" + eps + " " + red, in -> ReferenceLosses.softmaxCrossEntropy(in[0],
                        batch, classes, labels, eps, red).loss(), x, g);
                Losses.softmaxCrossEntropy(batch, classes, x, probs, eps, red, g);
                assertGradient("CE probabilities ε=" + eps + " " + red, in -> ReferenceLosses.softmaxCrossEntropy(
                        in[0], batch, classes, d(probs), eps, red).loss(), x, g);
            }
        }
    }

    // ---- stability

    @Test
    void extremeLogitsGiveFiniteLossAndGradient() {
        SplittableRandom r = new SplittableRandom(SEED + 1);
        int batch = 6;
        int classes = 37;
        float[] x = new float[batch * classes];
        for (int i = 0; i < x.length; i++) {
            x[i] = switch (r.nextInt(4)) {
                case 0 -> 1e4f;
                case 1 -> -1e4f;
                case 2 -> (float) RandomArrays.gaussian(r);
                default -> r.nextBoolean() ? 3e4f : -3e4f;
            };
        }
        int[] labels = labels(r, batch, classes);
        float[] g = new float[x.length];
        for (float eps : new float[] {0f, 0.1f}) {
            float loss = Losses.softmaxCrossEntropy(classes, x, labels, eps, Reduction.MEAN, g);
            assertTrue(Float.isFinite(loss), "loss " + loss);
            assertEquals(-1, GradientUtils.firstNonFinite(g), "non-finite gradient");
            ReferenceLosses.Result ref = ReferenceLosses.softmaxCrossEntropy(d(x), batch, classes, labels, eps,
                    Reduction.MEAN);
            assertEquals(ref.loss(), loss, 1e-6 * Math.abs(ref.loss()) + 1e-6, "loss ε=" + eps);
            for (int i = 0; i < x.length; i++) {
                assertEquals(ref.gradient()[i], g[i], 1e-6, "dLogits[" + i + "] ε=" + eps);
            }
        }
        float[] probs = new float[x.length];
        Arrays.fill(probs, 1f / classes);
        float loss = Losses.softmaxCrossEntropy(batch, classes, x, probs, 0.3f, Reduction.SUM, g);
        assertTrue(Float.isFinite(loss), "probability targets: loss " + loss);
        assertEquals(-1, GradientUtils.firstNonFinite(g), "probability targets: non-finite gradient");

        float[] p = new float[x.length];
        Softmax.softmax(batch, classes, x, p);
        Softmax.logSoftmax(batch, classes, x, g);
        assertEquals(-1, GradientUtils.firstNonFinite(p));
        assertEquals(-1, GradientUtils.firstNonFinite(g));
    }

    @Test
    void allEqualLogitsGiveLogClasses() {
        int batch = 4;
        int classes = 1000;
        float[] x = new float[batch * classes];
        Arrays.fill(x, 123.25f);
        int[] labels = {0, 999, 500, 3};
        float[] g = new float[x.length];
        float loss = Losses.softmaxCrossEntropy(classes, x, labels, 0f, Reduction.MEAN, g);
        assertEquals(Math.log(classes), loss, 1e-5);
        for (int row = 0; row < batch; row++) {
            for (int c = 0; c < classes; c++) {
                double expected = ((c == labels[row] ? -1 : 0) + 1.0 / classes) / batch;
                assertEquals(expected, g[row * classes + c], 1e-8, "row " + row + " class " + c);
            }
        }
        // Smoothing with uniform logits changes nothing in the loss: every class has probability 1/C.
        assertEquals(Math.log(classes), Losses.softmaxCrossEntropy(classes, x, labels, 0.4f, Reduction.MEAN, g),
                1e-5);
    }

    @Test
    void oneHotAndSmoothedProbabilityTargetsAgreeWithLabels() {
        SplittableRandom r = new SplittableRandom(SEED + 2);
        int batch = 5;
        int classes = 29;
        float[] x = scaled(r, batch * classes, 5f);
        int[] labels = labels(r, batch, classes);
        float[] oneHot = new float[x.length];
        for (int row = 0; row < batch; row++) {
            oneHot[row * classes + labels[row]] = 1f;
        }
        for (float eps : new float[] {0f, 0.1f, 1f}) {
            float[] gl = new float[x.length];
            float[] gp = new float[x.length];
            float ll = Losses.softmaxCrossEntropy(classes, x, labels, eps, Reduction.MEAN, gl);
            float lp = Losses.softmaxCrossEntropy(batch, classes, x, oneHot, eps, Reduction.MEAN, gp);
            assertEquals(ll, lp, 1e-5 * Math.abs(ll), "loss ε=" + eps);
            for (int i = 0; i < x.length; i++) {
                assertEquals(gl[i], gp[i], 1e-7, "dLogits[" + i + "] ε=" + eps);
            }
        }
    }

    @Test
    void bceIsStableAtZeroOneTargetsAndExtremeLogits() {
        float[] x = {1e4f, -1e4f, 100f, -100f, 30f, -30f, 0f, 0f, 1e-3f, -1e-3f, 88f, -88f, 20f, -20f, 1f, -1f, 1e4f};
        for (float target : new float[] {0f, 1f}) {
            float[] y = new float[x.length];
            Arrays.fill(y, target);
            float[] g = new float[x.length];
            float loss = Losses.bceWithLogits(x, y, g, Reduction.SUM);
            ReferenceLosses.Result ref = ReferenceLosses.bceWithLogits(d(x), d(y), Reduction.SUM);
            assertTrue(Float.isFinite(loss), "loss " + loss);
            assertEquals(ref.loss(), loss, 1e-6 * ref.loss(), "loss, target " + target);
            for (int i = 0; i < x.length; i++) {
                assertEquals(ref.gradient()[i], g[i], 1e-7, "grad[" + i + "], target " + target);
            }
        }
    }

    @Test
    void bceUsesAnAccurateLog1p() {
        // A confident correct prediction has a tiny positive loss: log1p(e), not log(1 + e) = 0.
        float[] x = new float[67];
        float[] y = new float[67];
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 2 == 0 ? 30f : -30f;
            y[i] = i % 2 == 0 ? 1f : 0f;
        }
        float loss = Losses.bceWithLogits(x, y, new float[x.length], Reduction.MEAN);
        assertEquals(Math.exp(-30), loss, 1e-5 * Math.exp(-30));
    }

    @Test
    void lossesAreReproducible() {
        SplittableRandom r = new SplittableRandom(SEED + 3);
        int batch = 8;
        int classes = 3001;
        float[] x = scaled(r, batch * classes, 2f);
        int[] labels = labels(r, batch, classes);
        float[] t = scaled(r, x.length, 1f);
        float[] g = new float[x.length];
        // MSE has no exp/log: bitwise identical from the first, interpreted, call on.
        float firstMse = Losses.mse(x, t, g, Reduction.MEAN);
        for (int rep = 0; rep < 300; rep++) {
            assertEquals(Float.floatToIntBits(firstMse), Float.floatToIntBits(Losses.mse(x, t, g, Reduction.MEAN)),
                    "mse rep " + rep);
        }
        // Softmax-CE: the summation order is fixed, but EXP may differ in the last bit before C2 compiles the
        // kernel (the Vector API's fallback evaluates it lane by lane); once compiled, results are bitwise stable.
        // Warm up long enough for the final compilation even when earlier tests in this JVM (the training
        // tests) compiled the kernel for other shapes and it is recompiled for this one.
        for (int rep = 0; rep < 3000; rep++) {
            Losses.softmaxCrossEntropy(classes, x, labels, 0.1f, Reduction.MEAN, g);
        }
        float first = Losses.softmaxCrossEntropy(classes, x, labels, 0.1f, Reduction.MEAN, g);
        float[] firstGrad = g.clone();
        for (int rep = 0; rep < 100; rep++) {
            assertEquals(Float.floatToIntBits(first),
                    Float.floatToIntBits(Losses.softmaxCrossEntropy(classes, x, labels, 0.1f, Reduction.MEAN, g)),
                    "rep " + rep);
        }
        assertArrayEquals(firstGrad, g);
    }

    // ---- bad input: a clear exception and nothing written

    @Test
    void badInputThrowsBeforeWriting() {
        float[] x = new float[12];
        float[] g = new float[12];
        Arrays.fill(g, Placed.SENTINEL);
        float[] before = g.clone();
        var e = assertThrows(IllegalArgumentException.class,
                () -> Losses.softmaxCrossEntropy(4, x, new int[] {0, 1, 4}, 0f, Reduction.MEAN, g));
        assertTrue(e.getMessage().contains("labels[2]") && e.getMessage().contains("classes = 4"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Losses.softmaxCrossEntropy(4, x, new int[] {0, -1, 2}, 0f, Reduction.MEAN, g));
        e = assertThrows(IllegalArgumentException.class,
                () -> Losses.softmaxCrossEntropy(5, x, new int[] {0, 1, 2}, 0f, Reduction.MEAN, g));
        assertTrue(e.getMessage().contains("batch 3 × classes 5"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Losses.softmaxCrossEntropy(4, x, new int[] {0, 1, 2}, Float.NaN, Reduction.MEAN, g));
        assertThrows(IllegalArgumentException.class,
                () -> Losses.softmaxCrossEntropy(4, x, new int[] {0, 1, 2}, -0.1f, Reduction.SUM, g));
        assertThrows(IllegalArgumentException.class,
                () -> Losses.softmaxCrossEntropy(4, x, new int[] {0, 1, 2}, 1.5f, Reduction.SUM, g));
        assertThrows(NullPointerException.class,
                () -> Losses.softmaxCrossEntropy(4, x, new int[] {0, 1, 2}, 0f, null, g));
        assertThrows(IllegalArgumentException.class,
                () -> Losses.softmaxCrossEntropy(3, 4, x, new float[11], 0f, Reduction.MEAN, g));
        assertThrows(IllegalArgumentException.class, // targets overlap the gradient
                () -> Losses.softmaxCrossEntropy(3, 4, x, 0, g, 0, 0f, Reduction.MEAN, g, 0));
        assertThrows(IllegalArgumentException.class, // partial overlap of dLogits and logits
                () -> Losses.softmaxCrossEntropy(2, 4, g, 0, new int[] {0, 1}, 0, 0f, Reduction.MEAN, g, 1));
        assertThrows(IllegalArgumentException.class, () -> Losses.mse(x, new float[11], g, Reduction.MEAN));
        assertThrows(IllegalArgumentException.class, () -> Losses.bceWithLogits(x, x, new float[13], Reduction.SUM));
        assertThrows(IndexOutOfBoundsException.class,
                () -> Losses.mse(10, x, 3, x, 0, g, 0, Reduction.SUM));
        assertThrows(IllegalArgumentException.class,
                () -> Losses.softmaxCrossEntropy(100_000, 100_000, x, 0, new int[1], 0, 0f, Reduction.SUM, g, 0));
        assertThrows(IllegalArgumentException.class, () -> Softmax.softmax(3, 5, x, g));
        assertThrows(IllegalArgumentException.class, () -> Softmax.logSoftmax(2, 5, g, 0, g, 1));
        assertArrayEquals(before, g, "the gradient was written by a call that threw");
    }

    @Test
    void emptyBatches() {
        assertTrue(Float.isNaN(Losses.softmaxCrossEntropy(5, new float[0], new int[0], 0f, Reduction.MEAN,
                new float[0])));
        assertEquals(0f, Losses.softmaxCrossEntropy(5, new float[0], new int[0], 0f, Reduction.SUM, new float[0]));
        assertTrue(Float.isNaN(Losses.mse(new float[0], new float[0], new float[0], Reduction.MEAN)));
        assertEquals(0f, Losses.bceWithLogits(new float[0], new float[0], new float[0], Reduction.SUM));
    }
}
