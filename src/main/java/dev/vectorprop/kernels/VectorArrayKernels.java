package dev.vectorprop.kernels;

import dev.vectorprop.internal.Platform;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Vector API bodies of {@link ArrayMath}; arguments are already checked. */
final class VectorArrayKernels {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorArrayKernels() {}

    /** {@code a·b + c}, fused when the CPU has FMA (software FMA would be ~1000× slower). */
    static FloatVector fma(FloatVector a, FloatVector b, FloatVector c) {
        return Platform.FMA ? a.fma(b, c) : a.mul(b).add(c);
    }

    static void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        FloatVector va = FloatVector.broadcast(S, alpha);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector vy = FloatVector.fromArray(S, y, yOff + i);
            fma(va, FloatVector.fromArray(S, x, xOff + i), vy).intoArray(y, yOff + i);
        }
        ScalarArrayKernels.axpyTail(i, n, alpha, x, xOff, y, yOff);
    }

    static void scale(int n, float alpha, float[] x, int xOff, float[] out, int outOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, xOff + i).mul(alpha).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = alpha * x[xOff + i];
        }
    }

    static void add(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, a, aOff + i).add(FloatVector.fromArray(S, b, bOff + i))
                    .intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = a[aOff + i] + b[bOff + i];
        }
    }

    static void multiply(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, a, aOff + i).mul(FloatVector.fromArray(S, b, bOff + i))
                    .intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = a[aOff + i] * b[bOff + i];
        }
    }

    static void fill(int n, float value, float[] out, int outOff) {
        FloatVector v = FloatVector.broadcast(S, value);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            v.intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = value;
        }
    }

    // Four accumulators: the add/FMA latency (3-4 cycles) would otherwise serialise the loop.
    static float sum(int n, float[] x, int xOff) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int i = 0;
        for (int bound = n - 4 * L + 1; i < bound; i += 4 * L) {
            s0 = s0.add(FloatVector.fromArray(S, x, xOff + i));
            s1 = s1.add(FloatVector.fromArray(S, x, xOff + i + L));
            s2 = s2.add(FloatVector.fromArray(S, x, xOff + i + 2 * L));
            s3 = s3.add(FloatVector.fromArray(S, x, xOff + i + 3 * L));
        }
        float s = lanesInOrder(s0.add(s1).add(s2.add(s3)));
        for (; i < n; i++) {
            s += x[xOff + i];
        }
        return s;
    }

    static float dot(int n, float[] x, int xOff, float[] y, int yOff) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int i = 0;
        for (int bound = n - 4 * L + 1; i < bound; i += 4 * L) {
            s0 = fma(FloatVector.fromArray(S, x, xOff + i), FloatVector.fromArray(S, y, yOff + i), s0);
            s1 = fma(FloatVector.fromArray(S, x, xOff + i + L), FloatVector.fromArray(S, y, yOff + i + L), s1);
            s2 = fma(FloatVector.fromArray(S, x, xOff + i + 2 * L),
                    FloatVector.fromArray(S, y, yOff + i + 2 * L), s2);
            s3 = fma(FloatVector.fromArray(S, x, xOff + i + 3 * L),
                    FloatVector.fromArray(S, y, yOff + i + 3 * L), s3);
        }
        float s = lanesInOrder(s0.add(s1).add(s2.add(s3)));
        for (; i < n; i++) {
            s = ScalarArrayKernels.fma(x[xOff + i], y[yOff + i], s);
        }
        return s;
    }

    static float sumOfSquares(int n, float[] x, int xOff) {
        return dot(n, x, xOff, x, xOff);
    }

    static float maxAbs(int n, float[] x, int xOff) {
        // MAX follows Math.max: a NaN anywhere wins, so the result is order independent.
        FloatVector m0 = FloatVector.zero(S), m1 = m0;
        int i = 0;
        for (int bound = n - 2 * L + 1; i < bound; i += 2 * L) {
            m0 = m0.max(FloatVector.fromArray(S, x, xOff + i).abs());
            m1 = m1.max(FloatVector.fromArray(S, x, xOff + i + L).abs());
        }
        float m = m0.max(m1).reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            m = Math.max(m, Math.abs(x[xOff + i]));
        }
        return m;
    }

    /**
     * Adds the lanes left to right. {@code reduceLanes(ADD)} leaves the order unspecified, and the
     * interpreter and C2 may differ, which would make a result depend on warm-up.
     */
    static float lanesInOrder(FloatVector v) {
        float s = 0f;
        for (int lane = 0; lane < L; lane++) {
            s += v.lane(lane);
        }
        return s;
    }
}
