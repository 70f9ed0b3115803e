package dev.vectorprop.kernels;

import static dev.vectorprop.kernels.ScalarGradientKernels.BLOCK;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Vector API bodies of {@link GradientUtils}; arguments are checked. */
final class VectorGradientKernels {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorGradientKernels() {}

    /** Blocks of {@link ScalarGradientKernels#BLOCK} summed as {@link ArrayMath#sumOfSquares}, then in double. */
    static double sumOfSquares(int n, float[] x, int off) {
        double total = 0;
        for (int b = 0; b < n; b += BLOCK) {
            total += VectorArrayKernels.sumOfSquares(Math.min(BLOCK, n - b), x, off + b);
        }
        return total;
    }

    static void clamp(int n, float[] x, int off, float limit) {
        FloatVector hi = FloatVector.broadcast(S, limit);
        FloatVector lo = FloatVector.broadcast(S, -limit);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, off + i).max(lo).min(hi).intoArray(x, off + i);
        }
        ScalarGradientKernels.clamp(i, n, x, off, limit);
    }

    /**
     * {@code x − x} is 0 for a finite value and NaN for ±∞ or NaN; four vectors are tested at once and
     * the first bad group is rescanned element by element.
     */
    static int firstNonFinite(int n, float[] x, int off) {
        int i = 0;
        for (int bound = n - 4 * L + 1; i < bound; i += 4 * L) {
            FloatVector a = FloatVector.fromArray(S, x, off + i);
            FloatVector b = FloatVector.fromArray(S, x, off + i + L);
            FloatVector c = FloatVector.fromArray(S, x, off + i + 2 * L);
            FloatVector d = FloatVector.fromArray(S, x, off + i + 3 * L);
            FloatVector t = a.sub(a).add(b.sub(b)).add(c.sub(c).add(d.sub(d)));
            if (t.compare(VectorOperators.NE, t).anyTrue()) {
                return ScalarGradientKernels.firstNonFinite(i, i + 4 * L, x, off);
            }
        }
        return ScalarGradientKernels.firstNonFinite(i, n, x, off);
    }
}
