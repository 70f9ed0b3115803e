package dev.vectorprop.kernels;

import static dev.vectorprop.kernels.ScalarLossKernels.BLOCK;
import static dev.vectorprop.kernels.VectorArrayKernels.fma;
import static dev.vectorprop.kernels.VectorArrayKernels.lanesInOrder;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API bodies of {@link Losses} and {@link Softmax}; arguments are checked. Each row of a softmax
 * is read from memory once (the max pass) and then stays in L2 for the exp and the scaling passes.
 */
final class VectorLossKernels {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorLossKernels() {}

    static double mse(int n, float[] x, int xOff, float[] t, int tOff, float[] g, int gOff, float gradScale) {
        FloatVector vs = FloatVector.broadcast(S, gradScale);
        double total = 0;
        for (int b = 0; b < n; b += BLOCK) {
            int end = Math.min(n, b + BLOCK);
            FloatVector acc = FloatVector.zero(S);
            int i = b;
            for (int bound = b + S.loopBound(end - b); i < bound; i += L) {
                FloatVector d = FloatVector.fromArray(S, x, xOff + i).sub(FloatVector.fromArray(S, t, tOff + i));
                acc = fma(d, d, acc);
                d.mul(vs).intoArray(g, gOff + i);
            }
            total += ScalarLossKernels.mseBlock(i, end, lanesInOrder(acc), x, xOff, t, tOff, g, gOff, gradScale);
        }
        return total;
    }

    static double bce(int n, float[] x, int xOff, float[] y, int yOff, float[] g, int gOff, float scale) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector zero = FloatVector.zero(S);
        FloatVector vs = FloatVector.broadcast(S, scale);
        double total = 0;
        for (int b = 0; b < n; b += BLOCK) {
            int end = Math.min(n, b + BLOCK);
            FloatVector acc = zero;
            int i = b;
            for (int bound = b + S.loopBound(end - b); i < bound; i += L) {
                FloatVector vx = FloatVector.fromArray(S, x, xOff + i);
                FloatVector vy = FloatVector.fromArray(S, y, yOff + i);
                FloatVector e = vx.abs().neg().lanewise(VectorOperators.EXP);
                FloatVector u = e.add(one);
                // log1p(e) = log(u)·e/(u − 1) (Kahan): exact to a few ulp; LOG1P itself is not intrinsified.
                FloatVector log1p = u.lanewise(VectorOperators.LOG).mul(e.div(u.sub(one)))
                        .blend(e, u.compare(VectorOperators.EQ, one));
                acc = acc.add(vx.max(zero).sub(vx.mul(vy)).add(log1p));
                FloatVector sigmoid = e.blend(one, vx.compare(VectorOperators.GE, zero)).div(u);
                sigmoid.sub(vy).mul(vs).intoArray(g, gOff + i);
            }
            total += ScalarLossKernels.bceBlock(i, end, lanesInOrder(acc), x, xOff, y, yOff, g, gOff, scale);
        }
        return total;
    }

    /**
     * The first row's max (the other rows' come with the exp pass of the row before): scalar, because it
     * runs once per call and, inlined into the caller's large compilation, C2 sometimes left its vector
     * operations out of line, boxing 4 vectors per call (a training step then allocated 192 B, in one JVM
     * out of two). Max is exact, so the order of the comparisons does not matter.
     */
    static float rowMax(int n, float[] x, int off) {
        return ScalarLossKernels.rowMax(n, x, off);
    }

    /**
     * The exp pass of one row fused with the max pass of the next, so that the next row streams in from
     * memory while this one's exponentials are computed: {@code out[i] = exp(x[xOff + i] − m)} for
     * {@code i < n} (stored only when {@code store}). Returns {@link #pack packed} the sum of those
     * exponentials (lane partials added in order, then the tail) and {@code max x[next .. next + n)}.
     * Pass {@code next = xOff} for the last row.
     */
    static long expRowAndNextMax(int n, float[] x, int xOff, float m, float[] out, int outOff, boolean store,
                                 int next) {
        FloatVector vm = FloatVector.broadcast(S, m);
        FloatVector acc = FloatVector.zero(S);
        FloatVector mx = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector e = VectorMath.expNonPositiveFtz(FloatVector.fromArray(S, x, xOff + i).sub(vm));
            if (store) {
                e.intoArray(out, outOff + i);
            }
            acc = acc.add(e);
            // A compare and a blend instead of max(), whose NaN and −0 semantics cost five instructions
            // on AVX2: a NaN this skips still makes its row's sum NaN in that row's exp pass.
            FloatVector v = FloatVector.fromArray(S, x, next + i);
            mx = mx.blend(v, mx.compare(VectorOperators.LT, v));
        }
        float s = lanesInOrder(acc);
        float nextMax = mx.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            float e = ScalarLossKernels.exp(x[xOff + i] - m);
            if (store) {
                out[outOff + i] = e;
            }
            s += e;
            nextMax = Math.max(nextMax, x[next + i]);
        }
        return pack(s, nextMax);
    }

    /** Two floats in one long (sum in the high half), so that a fused pass returns both without allocating. */
    static long pack(float sum, float max) {
        return ((long) Float.floatToRawIntBits(sum) << 32) | (Float.floatToRawIntBits(max) & 0xffff_ffffL);
    }

    static float sumOf(long packed) {
        return Float.intBitsToFloat((int) (packed >>> 32));
    }

    static float maxOf(long packed) {
        return Float.intBitsToFloat((int) packed);
    }

    static float sumRow(int n, float[] x, int xOff) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            acc = acc.add(FloatVector.fromArray(S, x, xOff + i));
        }
        return ScalarLossKernels.sumRow(i, n, x, xOff, lanesInOrder(acc));
    }

    /** {@code d[i] = d[i]·k − c}. */
    static void affineRow(int n, float[] d, int dOff, float k, float c) {
        FloatVector vk = FloatVector.broadcast(S, k);
        FloatVector vc = FloatVector.broadcast(S, -c);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            fma(FloatVector.fromArray(S, d, dOff + i), vk, vc).intoArray(d, dOff + i);
        }
        ScalarLossKernels.affineRow(i, n, d, dOff, k, c);
    }

    static void softmax(int rows, int cols, float[] x, int xOff, float[] out, int outOff) {
        float m = rows == 0 ? 0f : rowMax(cols, x, xOff);
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * cols;
            int or = outOff + r * cols;
            long sm = expRowAndNextMax(cols, x, xr, m, out, or, true, r + 1 < rows ? xr + cols : xr);
            affineRow(cols, out, or, 1f / sumOf(sm), 0f);
            m = maxOf(sm);
        }
    }

    static void logSoftmax(int rows, int cols, float[] x, int xOff, float[] out, int outOff) {
        float m = rows == 0 ? 0f : rowMax(cols, x, xOff);
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * cols;
            int or = outOff + r * cols;
            long sm = expRowAndNextMax(cols, x, xr, m, out, or, false, r + 1 < rows ? xr + cols : xr);
            float logSum = (float) Math.log(sumOf(sm));
            FloatVector shift = FloatVector.broadcast(S, m);
            FloatVector vl = FloatVector.broadcast(S, logSum);
            int i = 0;
            for (int bound = S.loopBound(cols); i < bound; i += L) {
                FloatVector.fromArray(S, x, xr + i).sub(shift).sub(vl).intoArray(out, or + i);
            }
            ScalarLossKernels.shiftRow(i, cols, x, xr, m, logSum, out, or);
            m = maxOf(sm);
        }
    }

    static double crossEntropyLabels(int batch, int classes, float[] x, int xOff, int[] labels, int lOff,
                                     float smoothing, float scale, float[] d, int dOff) {
        double total = 0;
        float off = smoothing / classes * scale;
        float on = (1f - smoothing) * scale;
        float m = rowMax(classes, x, xOff);
        for (int r = 0; r < batch; r++) {
            int xr = xOff + r * classes;
            int dr = dOff + r * classes;
            int y = labels[lOff + r];
            float sumX = smoothing == 0f ? 0f : sumRow(classes, x, xr);
            float dy = x[xr + y] - m; // read before the exp pass: d may be x itself
            long sm = expRowAndNextMax(classes, x, xr, m, d, dr, true, r + 1 < batch ? xr + classes : xr);
            float s = sumOf(sm);
            affineRow(classes, d, dr, scale / s, off);
            d[dr + y] -= on;
            total += Losses.labelRowLoss(s, dy, sumX, m, classes, smoothing);
            m = maxOf(sm);
        }
        return total;
    }

    static double crossEntropyProbabilities(int batch, int classes, float[] x, int xOff, float[] t, int tOff,
                                            float smoothing, float scale, float[] d, int dOff) {
        double total = 0;
        float a = (1f - smoothing) * scale;
        float b = smoothing / classes * scale;
        FloatVector va = FloatVector.broadcast(S, a);
        FloatVector vb = FloatVector.broadcast(S, b);
        float m = rowMax(classes, x, xOff);
        for (int r = 0; r < batch; r++) {
            int xr = xOff + r * classes;
            int tr = tOff + r * classes;
            int dr = dOff + r * classes;
            int next = r + 1 < batch ? xr + classes : xr; // the next row's max pass is fused into this exp pass
            FloatVector vm = FloatVector.broadcast(S, m);
            FloatVector mx = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            FloatVector accS = FloatVector.zero(S), accD = accS, accTD = accS, accT = accS;
            int c = 0;
            int bound = S.loopBound(classes);
            for (; c < bound; c += L) {
                FloatVector diff = FloatVector.fromArray(S, x, xr + c).sub(vm);
                FloatVector tc = FloatVector.fromArray(S, t, tr + c);
                FloatVector e = diff.lanewise(VectorOperators.EXP);
                e.intoArray(d, dr + c);
                accS = accS.add(e);
                accD = accD.add(diff);
                accTD = fma(tc, diff, accTD);
                accT = accT.add(tc);
                mx = mx.max(FloatVector.fromArray(S, x, next + c));
            }
            float nextMax = mx.reduceLanes(VectorOperators.MAX);
            float s = lanesInOrder(accS), sumD = lanesInOrder(accD);
            float sumTD = lanesInOrder(accTD), sumT = lanesInOrder(accT);
            for (; c < classes; c++) {
                float diff = x[xr + c] - m;
                float e = ScalarLossKernels.exp(diff);
                float tc = t[tr + c];
                d[dr + c] = e;
                s += e;
                sumD += diff;
                sumTD = ScalarArrayKernels.fma(tc, diff, sumTD);
                sumT += tc;
                nextMax = Math.max(nextMax, x[next + c]);
            }
            float sumQ = (1f - smoothing) * sumT + smoothing;
            float k = sumQ * scale / s;
            FloatVector vk = FloatVector.broadcast(S, k);
            for (c = 0; c < bound; c += L) {
                FloatVector q = fma(va, FloatVector.fromArray(S, t, tr + c), vb);
                fma(FloatVector.fromArray(S, d, dr + c), vk, q.neg()).intoArray(d, dr + c);
            }
            ScalarLossKernels.probabilityGradient(c, classes, d, dr, t, tr, k, a, b);
            total += Losses.probabilityRowLoss(s, sumQ, sumTD, sumD, classes, smoothing);
            m = nextMax;
        }
        return total;
    }
}
