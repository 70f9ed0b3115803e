package dev.vectorprop.kernels;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vectorprop.internal.Platform;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The accuracy claim in {@link Losses}' Javadoc: {@code VectorOperators.EXP} and {@code LOG} at the
 * preferred width are within 1 ulp of the exact (double) value over the float range the losses use,
 * both in the Java fallback that runs before C2 compiles a kernel and in the compiled intrinsic: the
 * error is taken over many passes, long enough for C2 to compile the loops.
 */
@Tag("kernel")
class VectorMathAccuracyTest {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int SAMPLES = 1 << 18;
    private static final int CHUNK = 4096;
    private static final int PASSES = 16;

    // The operator must be a constant for C2 to intrinsify it, hence one method per operator.
    private static void exp(float[] in, float[] out, int from) {
        for (int i = from; i < from + CHUNK; i += S.length()) {
            FloatVector.fromArray(S, in, i).lanewise(VectorOperators.EXP).intoArray(out, i);
        }
    }

    private static void log(float[] in, float[] out, int from) {
        for (int i = from; i < from + CHUNK; i += S.length()) {
            FloatVector.fromArray(S, in, i).lanewise(VectorOperators.LOG).intoArray(out, i);
        }
    }

    private static double maxUlpError(boolean isExp, DoubleUnaryOperator exact, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] in = new float[SAMPLES];
        float[] out = new float[SAMPLES];
        double worst = 0;
        for (int pass = 0; pass < PASSES; pass++) {
            for (int i = 0; i < SAMPLES; i++) {
                double u = -87 + 175 * r.nextDouble();
                in[i] = (float) (isExp ? u : Math.exp(u));
            }
            for (int from = 0; from < SAMPLES; from += CHUNK) {
                if (isExp) {
                    exp(in, out, from);
                } else {
                    log(in, out, from);
                }
            }
            for (int i = 0; i < SAMPLES; i++) {
                double e = exact.applyAsDouble(in[i]);
                float rounded = (float) e;
                if (Float.isInfinite(rounded) || Math.abs(rounded) < Float.MIN_NORMAL) {
                    continue;
                }
                worst = Math.max(worst, Math.abs(out[i] - e) / Math.ulp(rounded));
            }
        }
        return worst;
    }

    @Test
    void expAndLogAreWithinOneUlp() {
        assumeTrue(Platform.VECTOR, "scalar path: Math.exp/Math.log are used");
        double exp = maxUlpError(true, Math::exp, 2026);
        double log = maxUlpError(false, Math::log, 2027);
        System.out.printf("[%d-bit] max ulp error: EXP %.3f, LOG %.3f%n", Platform.VECTOR_BITS, exp, log);
        assertTrue(exp <= 1.0, "EXP max ulp error " + exp);
        assertTrue(log <= 1.0, "LOG max ulp error " + log);
    }
}
