package dev.vectorprop.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorprop.check.GradCheck;
import dev.vectorprop.check.RandomArrays;
import dev.vectorprop.internal.Platform;
import dev.vectorprop.kernels.Activation.Kind;
import dev.vectorprop.reference.ReferenceActivations;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property tests of {@link Activations} against {@link ReferenceActivations}, finite-difference checks of
 * every derivative, and argument checks.
 *
 * <p><b>Tolerances</b> (from measured maxima over these cases at 256 bits, 128 bits and scalar, with
 * margin): forward {@code |y − f(z)| ≤ u·ulp(f(z)) + floor}, backward
 * {@code |dz − dy·f′(z)| ≤ u·ulp(dy·f′(z)) + 8·2^−24·|dy| + floor·|dy|}, with u = 0.5 for the piecewise
 * linear kinds and 4 for the smooth ones (measured ≤ 2.7 ulp forward, ≤ 5 in the mixed backward metric,
 * the largest for tanh from y near ±1), and {@code floor = 8·2^−149·(1 + |z|)} for results that pass
 * through a subnormal intermediate (σ, Φ or e^{−z²/2} below 2^−126, then multiplied by z). GELU_TANH's
 * forward error also grows like {@code 2|w|·ulp} in its left tail (w = 2u ≈ −80 near z = −10, where
 * y ≈ 1e-35): its argument is rounded to float, and σ(w) has relative condition number |w|.
 */
@Tag("kernel")
class ActivationsTest {

    private static final long SEED = 0xAC71_0026L;
    private static final float SENTINEL = -12345.5f;

    static final Activation[] ALL = {Activation.IDENTITY, Activation.RELU, Activation.LEAKY_RELU,
        Activation.leakyRelu(0.2f), Activation.leakyRelu(-0.5f), Activation.SIGMOID, Activation.TANH,
        Activation.GELU, Activation.GELU_TANH, Activation.SILU, Activation.SOFTPLUS, Activation.ELU};

    private static final int[] LENGTHS = {0, 1, 2, 3, 5, 7, 8, 13, 16, 17, 31, 33, 64, 97, 257, 1021, 4099, 65537};

    private static final float[] SPECIALS = {1e4f, -1e4f, 88f, -88f, 88.8f, -88.8f, 104f, -104f, 120f, -120f,
        20f, -20f, 14.9f, -14.9f, 9f, -9f, 0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, 3 * Float.MIN_NORMAL / 7,
        1e-30f, -1e-30f, 1e-5f, -1e-5f, 1e38f, -1e38f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        Float.NaN};

    /** How the pre-activations are drawn. */
    enum Values { NORMAL, WIDE, SPECIAL }

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (int a = 0; a < ALL.length; a++) {
            for (int i = 0; i < LENGTHS.length; i++) {
                for (Values v : Values.values()) {
                    if (LENGTHS[i] <= 4099 || v.ordinal() == (a + i) % 3) {
                        b.add(Arguments.of(ALL[a], SEED + 1000L * a + 10L * i + v.ordinal(), LENGTHS[i], v));
                    }
                }
            }
        }
        return b.build();
    }

    static float[] values(SplittableRandom r, int n, Values kind) {
        float[] z = new float[n];
        for (int i = 0; i < n; i++) {
            z[i] = switch (kind) {
                case NORMAL -> (float) (3 * RandomArrays.gaussian(r));
                case WIDE -> RandomArrays.uniform(r, -120f, 120f);
                case SPECIAL -> r.nextInt(3) == 0 ? SPECIALS[r.nextInt(SPECIALS.length)]
                        : (float) (RandomArrays.gaussian(r) * Math.pow(10, r.nextInt(7) - 4));
            };
        }
        return z;
    }

    private static boolean smooth(Activation act) {
        return switch (act.kind()) {
            case IDENTITY, RELU, LEAKY_RELU -> false;
            default -> true;
        };
    }

    /** |z| for the subnormal floor; 0 for NaN (the comparison is then NaN against NaN). */
    private static double mag(float z) {
        return Float.isNaN(z) ? 0 : Math.abs((double) z);
    }

    static double forwardBound(Activation act, float z, double expected) {
        double ulps = !smooth(act) ? 0.5 : act.kind() == Kind.GELU ? 8 : 4;
        if (act.kind() == Kind.GELU_TANH) {
            // The tail e^w amplifies the rounding of w = 2√(2/π)(z + 0.044715z³); on CPUs without FMA
            // (mul + add, e.g. -XX:-UseFMA) w carries two more roundings.
            double tail = 2 * Math.abs(2 * 0.7978845608 * (z + 0.044715 * (double) z * z * z));
            ulps += Platform.FMA ? tail : 2 * tail;
        }
        return ulps * Math.ulp((float) expected) + 8 * Float.MIN_VALUE * (1 + mag(z)) + geluTail(act, z);
    }

    /**
     * The documented tails: below z = −12.875 (GELU) and −9.875 (GELU_TANH) the vector path returns 0
     * for y and y′ (under 2^−117 and 2^−113 in magnitude) instead of computing through subnormal floats.
     */
    private static double geluTail(Activation act, float z) {
        if (act.kind() == Kind.GELU_TANH) {
            return mag(z) > 9.875 ? 0x1p-113 : 0;
        }
        return act.kind() == Kind.GELU && mag(z) > 12.875 ? 0x1p-117 : 0;
    }

    static double backwardBound(Activation act, float z, float dy, double expected) {
        double ulps = smooth(act) ? 4 : 0.5;
        return ulps * Math.ulp((float) expected)
                + (8 * 0x1p-24 + 8 * Float.MIN_VALUE * (1 + mag(z)) + geluTail(act, z)) * Math.abs(dy);
    }

    static boolean close(double expected, float actual, double bound) {
        if (Double.isNaN(expected) || Float.isNaN(actual)) {
            return Double.isNaN(expected) && Float.isNaN(actual);
        }
        if (Double.isInfinite(expected) || Float.isInfinite(actual)) {
            return expected == actual;
        }
        return Math.abs(expected - actual) <= bound;
    }

    @ParameterizedTest(name = "{0} seed={1} n={2} {3}")
    @MethodSource("cases")
    void forwardAndBackwardMatchReference(Activation act, long seed, int n, Values kind) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] z = values(r, n, kind);
        float[] dy = RandomArrays.floats(r, n, RandomArrays.Values.NORMAL);
        String ctx = act + " seed=" + seed + " n=" + n + " values=" + kind;

        int zOff = r.nextInt(4);
        int yOff = r.nextInt(4);
        float[] zArr = placed(z, zOff, r.nextInt(4));
        float[] yArr = placed(new float[n], yOff, r.nextInt(4));
        Activations.forward(act, n, zArr, zOff, yArr, yOff);
        float[] y = Arrays.copyOfRange(yArr, yOff, yOff + n);
        for (int i = 0; i < n; i++) {
            double e = ReferenceActivations.forward(act, z[i]);
            if (!close(e, y[i], forwardBound(act, z[i], e))) {
                throw new AssertionError(ctx + ": forward element " + i + " z=" + z[i] + " expected " + e
                        + " got " + y[i] + " (error " + Math.abs(e - y[i]) + ")");
            }
        }
        assertPadding(ctx + " forward", yArr, yOff, n);
        assertPadding(ctx + " forward input", zArr, zOff, n);

        float[] in = act.derivativeFromOutput() ? y : z;
        int dzOff = r.nextInt(4);
        float[] dzArr = placed(new float[n], dzOff, r.nextInt(4));
        Activations.backward(act, n, placed(dy, 0, 1), 0, placed(in, 1, 0), 1, dzArr, dzOff);
        for (int i = 0; i < n; i++) {
            double e = dy[i] * ReferenceActivations.derivative(act, z[i]);
            float got = dzArr[dzOff + i];
            if (!close(e, got, backwardBound(act, z[i], dy[i], e))) {
                throw new AssertionError(ctx + ": backward element " + i + " z=" + z[i] + " y=" + y[i] + " dy="
                        + dy[i] + " expected " + e + " got " + got + " (error " + Math.abs(e - got) + ")");
            }
        }
        assertPadding(ctx + " backward", dzArr, dzOff, n);

        // In place: same results bit for bit.
        float[] inPlace = z.clone();
        Activations.forward(act, inPlace);
        assertEquals(Arrays.toString(y), Arrays.toString(inPlace), ctx + " in-place forward");
        float[] dzInPlace = dy.clone();
        Activations.backward(act, dzInPlace, in, dzInPlace);
        assertEquals(Arrays.toString(Arrays.copyOfRange(dzArr, dzOff, dzOff + n)), Arrays.toString(dzInPlace),
                ctx + " in-place backward");
    }

    private static float[] placed(float[] data, int before, int after) {
        float[] a = new float[before + data.length + after];
        Arrays.fill(a, SENTINEL);
        System.arraycopy(data, 0, a, before, data.length);
        return a;
    }

    private static void assertPadding(String ctx, float[] a, int off, int n) {
        for (int i = 0; i < a.length; i++) {
            if (i < off || i >= off + n) {
                assertEquals(SENTINEL, a[i], ctx + ": element " + i + " outside the range was written");
            }
        }
    }

    static Stream<Arguments> activations() {
        return Arrays.stream(ALL).map(Arguments::of);
    }

    /** Central differences of Σ dy·f(z) on the double reference against the kernel's backward pass. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("activations")
    void derivativeMatchesFiniteDifferences(Activation act) {
        long seed = SEED + act.hashCode();
        SplittableRandom r = new SplittableRandom(seed);
        int n = 67;
        float[] z = new float[n];
        for (int i = 0; i < n; i++) {
            float v;
            do {
                v = (float) (3 * RandomArrays.gaussian(r));
            } while (Math.abs(v) < 1e-3); // away from the kinks of relu, leaky relu and elu
            z[i] = v;
        }
        float[] dy = RandomArrays.floats(r, n, RandomArrays.Values.NORMAL);
        float[] y = new float[n];
        Activations.forward(act, z, y);
        float[] dz = new float[n];
        Activations.backward(act, dy, act.derivativeFromOutput() ? y : z, dz);
        double[] dyD = GradCheck.toDouble(dy)[0];
        double[][] numeric = GradCheck.numericGradient(in -> {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += dyD[i] * ReferenceActivations.forward(act, in[0][i]);
            }
            return s;
        }, GradCheck.toDouble(z));
        GradCheck.compare(new float[][] {dz}, numeric).assertWithin(act + " seed=" + seed + " n=" + n, 4e-6, 1.0);
    }

    @Test
    void derivativeFromOutputEqualsDerivativeFromInput() {
        for (Activation act : ALL) {
            if (!act.derivativeFromOutput()) {
                continue;
            }
            for (double z = -30; z <= 30; z += 0.0137) {
                double y = ReferenceActivations.forward(act, z);
                assertEquals(ReferenceActivations.derivative(act, z), ReferenceActivations.derivativeFromOutput(act, y),
                        1e-12, act + " z=" + z);
            }
        }
    }

    @Test
    void derivativeFromOutputClaims() {
        for (Activation act : new Activation[] {Activation.IDENTITY, Activation.RELU, Activation.LEAKY_RELU,
            Activation.leakyRelu(0f), Activation.SIGMOID, Activation.TANH, Activation.SOFTPLUS, Activation.ELU}) {
            assertTrue(act.derivativeFromOutput(), act.toString());
        }
        for (Activation act : new Activation[] {Activation.GELU, Activation.GELU_TANH, Activation.SILU,
            Activation.leakyRelu(-0.5f)}) {
            assertFalse(act.derivativeFromOutput(), act.toString());
        }
        // Why: silu takes the same value at two points with different slopes.
        double y1 = ReferenceActivations.forward(Activation.SILU, -0.5);
        double z2 = bisect(Activation.SILU, -8, -1.28, y1);
        assertEquals(y1, ReferenceActivations.forward(Activation.SILU, z2), 1e-12);
        assertNotEquals(ReferenceActivations.derivative(Activation.SILU, -0.5),
                ReferenceActivations.derivative(Activation.SILU, z2), 1e-3);
    }

    /** A z in [lo, hi] with f(z) = target, for f monotonic decreasing there. */
    private static double bisect(Activation act, double lo, double hi, double target) {
        for (int it = 0; it < 200; it++) {
            double mid = 0.5 * (lo + hi);
            if (ReferenceActivations.forward(act, mid) > target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    @Test
    void limitsAndSpecialValues() {
        for (Activation act : ALL) {
            float[] z = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, 0, 0, 0, 0, 0, 0, 0, 0, 0};
            float[] y = new float[z.length];
            Activations.forward(act, z, y);
            assertTrue(Float.isNaN(y[0]), act + "(NaN) = " + y[0]);
            assertEquals((float) ReferenceActivations.forward(act, Double.POSITIVE_INFINITY), y[1], act + "(+inf)");
            assertEquals((float) ReferenceActivations.forward(act, Double.NEGATIVE_INFINITY), y[2], 0f, act + "(-inf)");
        }
        float[] s = {-1e4f, -88f, 88f, 1e4f, -200f, 200f, 0, 0};
        float[] y = new float[s.length];
        Activations.forward(Activation.SIGMOID, s, y);
        for (int i = 0; i < s.length; i++) {
            assertEquals((float) ReferenceActivations.sigmoid(s[i]), y[i], "sigmoid(" + s[i] + ")");
        }
    }

    @Test
    void activationValueSemantics() {
        assertEquals(Activation.LEAKY_RELU, Activation.leakyRelu(0.01f));
        assertEquals(Activation.leakyRelu(0.2f), Activation.leakyRelu(0.2f));
        assertEquals(Activation.leakyRelu(0.2f).hashCode(), Activation.leakyRelu(0.2f).hashCode());
        assertNotEquals(Activation.leakyRelu(0.2f), Activation.leakyRelu(0.3f));
        assertNotEquals(Activation.RELU, Activation.leakyRelu(0f));
        assertEquals("LEAKY_RELU(0.2)", Activation.leakyRelu(0.2f).toString());
        assertEquals("GELU_TANH", Activation.GELU_TANH.toString());
        for (Kind k : Kind.values()) {
            assertEquals(k, Activation.of(k).kind());
        }
        assertEquals(0.01f, Activation.LEAKY_RELU.param());
        assertThrows(IllegalArgumentException.class, () -> Activation.leakyRelu(Float.NaN));
        assertThrows(IllegalArgumentException.class, () -> Activation.leakyRelu(Float.POSITIVE_INFINITY));
        assertThrows(NullPointerException.class, () -> Activation.of(null));
    }

    @Test
    void badArgumentsThrowBeforeWriting() {
        float[] z = new float[10];
        float[] out = new float[10];
        Arrays.fill(out, SENTINEL);
        Activation a = Activation.GELU;
        expect(NullPointerException.class, "act", () -> Activations.forward(null, 10, z, 0, out, 0), out);
        expect(NullPointerException.class, "z", () -> Activations.forward(a, 10, null, 0, out, 0), out);
        expect(IllegalArgumentException.class, ">= 0", () -> Activations.forward(a, -1, z, 0, out, 0), out);
        expect(IndexOutOfBoundsException.class, "offset 1 + length 10",
                () -> Activations.forward(a, 10, z, 1, out, 0), out);
        expect(IndexOutOfBoundsException.class, "y:", () -> Activations.forward(a, 10, z, 0, out, -1), out);
        expect(IllegalArgumentException.class, "partially overlaps",
                () -> Activations.forward(a, 5, out, 0, out, 2), out);
        expect(IllegalArgumentException.class, "length", () -> Activations.forward(a, z, new float[3]), out);
        expect(NullPointerException.class, "dy", () -> Activations.backward(a, 10, null, 0, z, 0, out, 0), out);
        expect(IndexOutOfBoundsException.class, "zOrY",
                () -> Activations.backward(a, 10, z, 0, new float[9], 0, out, 0), out);
        expect(IndexOutOfBoundsException.class, "dz", () -> Activations.backward(a, 10, z, 0, z, 0, out, 1), out);
        expect(IllegalArgumentException.class, "partially overlaps",
                () -> Activations.backward(a, 4, z, 0, out, 0, out, 3), out);
        expect(IllegalArgumentException.class, "length", () -> Activations.backward(a, z, new float[9], out), out);
    }

    private static void expect(Class<? extends Throwable> type, String message, Executable call, float[] out) {
        Throwable t = assertThrows(type, call);
        assertTrue(String.valueOf(t.getMessage()).contains(message), "message '" + t.getMessage() + "' lacks '"
                + message + "'");
        for (float v : out) {
            assertEquals(SENTINEL, v, "output written before the check failed");
        }
    }
}
