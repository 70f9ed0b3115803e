package dev.vectorprop.kernels;

import static dev.vectorprop.kernels.ScalarActivations.ERFC_MAX_X;
import static dev.vectorprop.kernels.ScalarActivations.ERFC_P0;
import static dev.vectorprop.kernels.ScalarActivations.ERFC_P1;
import static dev.vectorprop.kernels.ScalarActivations.ERFC_P10;
import static dev.vectorprop.kernels.ScalarActivations.ERFC_P2;
import static dev.vectorprop.kernels.ScalarActivations.ERFC_P3;
import static dev.vectorprop.kernels.ScalarActivations.ERFC_P4;
import static dev.vectorprop.kernels.ScalarActivations.ERFC_P5;
import static dev.vectorprop.kernels.ScalarActivations.ERFC_P6;
import static dev.vectorprop.kernels.ScalarActivations.ERFC_P7;
import static dev.vectorprop.kernels.ScalarActivations.ERFC_P8;
import static dev.vectorprop.kernels.ScalarActivations.ERFC_P9;
import static dev.vectorprop.kernels.ScalarActivations.ERF_SMALL_S;
import static dev.vectorprop.kernels.ScalarActivations.LOG1P_R;

import dev.vectorprop.internal.Platform;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Elementary functions on float vectors for the activation kernels and softmax, written with plain
 * arithmetic because the Vector API's transcendental lane operations are slow here: on the development
 * machine (AMD EPYC, AVX2, JDK 25.0.3) {@code lanewise(EXP)} took 7.3 ns per element, {@code TANH} 14.9,
 * {@code EXPM1} 15.7 and {@code LOG1P} 10.7 (measured in the activation kernels, where they were not
 * intrinsified and ran lane by lane), against about 1 ns for the functions below. In a simple loop such
 * as softmax's row pass, C2 does call its vector EXP stub (about 0.5 ns per element); the inlined
 * {@link #expNonPositiveFtz} is faster still there. Accuracy measured by {@code VectorMathTest} against {@link Math}
 * over dense sweeps including |x| up to 1e4, ±∞ and NaN: the JDK's {@code lanewise(EXP)} and
 * {@code lanewise(TANH)} were within 0.5 ulp (correctly rounded: here they evaluate {@code Math.exp} /
 * {@code Math.tanh} per lane; the Vector API promises 1 ulp); the functions below are within
 * 0.98 ulp (exp), 0.87 ulp (expm1), 1.4 ulp (log1p on [0, 1]), 2.5 ulp (tanh) and 4.8 ulp (erfc, relative,
 * up to x = 9.3).
 *
 * <p>Every function propagates NaN. Range reduction for the exponentials is Cody–Waite:
 * {@code x = n·ln2 + r}, {@code |r| ≤ ln2/2}, {@code e^r − 1 = r + r²·Q(r)}; {@code 2^n} is built in the
 * exponent bits. Small methods, so that C2 inlines them into the kernels' loops.
 */
final class VectorMath {

    private VectorMath() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    // Constants: the exponentials' are floats broadcast where used, because C2 reloads a static vector's
    // payload in every iteration of a loop that stores floats (the store might alias it); in the
    // activation loops that was worth up to a third (softplus, sigmoid, gelu_tanh). The erf, erfc and log1p
    // polynomials keep vector constants: each broadcast is one more inlined call, and a gelu loop, which
    // inlines about 60 of them, then exceeds C2's node budget (NodeCountInliningCutoff) and boxes.
    private static final FloatVector ONE = c(1f);
    private static final float LOG2E_F = 1.44269504088896341f;
    /** ln2 split so that {@code n·LN2_HI} is exact for |n| &lt; 2^15 even without FMA. */
    private static final float MINUS_LN2_HI_F = -0.693359375f;
    private static final float MINUS_LN2_LO_F = 2.12194440e-4f;
    /** 1.5·2^23: adding it rounds a float of magnitude &lt; 2^22 to an integer in the low bits. */
    private static final float ROUNDER = 12582912f;
    private static final int ROUNDER_BITS = 0x4B400000;
    /**
     * e^r = 1 + r + r²·P(r) on |r| ≤ ln2/2: coefficients of P (3.8e-9 relative in exact arithmetic; fitted
     * as the constants of {@link ScalarActivations}). One degree fewer than Q below: e^r's error is
     * relative to e^r, not to e^r − 1.
     */
    private static final float EP0 = 4.999999404e-01f, EP1 = 1.666652113e-01f, EP2 = 4.166838899e-02f,
            EP3 = 8.368716575e-03f, EP4 = 1.381459879e-03f;
    /** Below this, {@code e^x} is under the normal range ({@code ln 2^−126 = −87.336}). */
    static final float EXP_FTZ_MIN = -87.33f;

    /** e^r − 1 − r = r²·Q(r) on |r| ≤ ln2/2, coefficients of Q (1.0e-8 relative, fitted as above). */
    private static final float Q0 = 5.000000000e-01f, Q1 = 1.666666716e-01f, Q2 = 4.166646674e-02f,
            Q3 = 8.333360776e-03f, Q4 = 1.393360435e-03f, Q5 = 1.985778508e-04f;
    private static final FloatVector R0 = c(LOG1P_R[0]), R1 = c(LOG1P_R[1]), R2 = c(LOG1P_R[2]),
            R3 = c(LOG1P_R[3]), R4 = c(LOG1P_R[4]), R5 = c(LOG1P_R[5]), R6 = c(LOG1P_R[6]),
            R7 = c(LOG1P_R[7]), R8 = c(LOG1P_R[8]), R9 = c(LOG1P_R[9]);
    private static final FloatVector S0 = c(ERF_SMALL_S[0]), S1 = c(ERF_SMALL_S[1]), S2 = c(ERF_SMALL_S[2]),
            S3 = c(ERF_SMALL_S[3]), S4 = c(ERF_SMALL_S[4]), S5 = c(ERF_SMALL_S[5]);

    private static FloatVector c(float v) {
        return FloatVector.broadcast(S, v);
    }

    /**
     * {@code max(v, lo)} for a constant {@code lo ≠ 0}, NaN kept: a compare and a blend, where {@code max()}
     * costs five AVX2 instructions for its NaN and −0 rules (which a nonzero bound never meets).
     */
    static FloatVector atLeast(FloatVector v, float lo) {
        return v.blend(lo, v.compare(VectorOperators.LT, lo));
    }

    /** {@code min(v, hi)} for a constant {@code hi ≠ 0}, NaN kept; see {@link #atLeast}. */
    static FloatVector atMost(FloatVector v, float hi) {
        return v.blend(hi, v.compare(VectorOperators.GT, hi));
    }

    /** {@code a·b + c}; fused when the CPU has FMA. */
    static FloatVector fma(FloatVector a, FloatVector b, FloatVector c) {
        return Platform.FMA ? a.fma(b, c) : a.mul(b).add(c);
    }

    /** {@code a·b + c} with scalar b and c (one broadcast-free call when fused). */
    static FloatVector fma(FloatVector a, float b, float c) {
        return Platform.FMA ? a.fma(b, c) : a.mul(b).add(c);
    }

    /** {@code ROUNDER + round(x·log2 e)}: the integer n sits in the low mantissa bits. */
    private static FloatVector roundedLog2(FloatVector x) {
        return fma(x, LOG2E_F, ROUNDER);
    }

    /** {@code e^r − 1} where {@code x = n·ln2 + r} and {@code t = roundedLog2(x)} holds n. */
    private static FloatVector expm1Reduced(FloatVector x, FloatVector t) {
        FloatVector n = t.sub(ROUNDER);
        FloatVector r = fma(n, c(MINUS_LN2_LO_F), fma(n, c(MINUS_LN2_HI_F), x));
        FloatVector q = fma(fma(fma(fma(fma(r, Q5, Q4), r, c(Q3)), r, c(Q2)), r, c(Q1)), r, c(Q0));
        return fma(r.mul(r), q, r);
    }

    /** {@code 2^(n + bias − 127)} from {@code t = roundedLog2(x)}, built in the exponent bits. */
    private static FloatVector pow2(FloatVector t, int bias) {
        return t.reinterpretAsInts().add(bias - ROUNDER_BITS).lanewise(VectorOperators.LSHL, 23)
                .reinterpretAsFloats();
    }

    /**
     * {@code e^x} for {@code x ≤ 0} (positive x is not supported). Subnormal results are rounded once
     * ({@code 2^n} is applied as {@code 2^(n+64)·2^−64}); below −104 the result is 0. Measured: at most
     * 1 ulp from {@link Math#exp} (measured 0.98).
     */
    static FloatVector expNonPositive(FloatVector x) {
        FloatVector xc = atLeast(x, -104f);
        FloatVector t = roundedLog2(xc);
        return expm1Reduced(xc, t).add(ONE).mul(pow2(t, 127 + 64)).mul(0x1p-64f);
    }

    /**
     * {@code e^x} for {@code x ≤ 0} (positive x is not supported) with results below the normal range
     * flushed to zero: 0 for {@code x < −87.33} and for −∞; NaN stays NaN. For the softmax row loop,
     * which is bound by exp: {@code e^r = 1 + r + r²·P(r)} with a degree-4 P in Estrin's form and
     * {@code 2^n} as the rounded sum's bits shifted into the exponent give a shorter dependency chain than
     * {@link #expNonPositive}, and unlike {@code lanewise(EXP)} (a stub call, around which the loop's live
     * vectors are spilled) it inlines. Measured: at most 2 ulp from {@link Math#exp} on [−87.33, 0]
     * (1.24 with FMA, 1.26 without).
     */
    static FloatVector expNonPositiveFtz(FloatVector x) {
        FloatVector t = fma(x, LOG2E_F, ROUNDER + 127f); // its bits shifted left by 23 are 2^n
        FloatVector n = t.sub(ROUNDER + 127f);
        FloatVector r = fma(n, c(MINUS_LN2_LO_F), fma(n, c(MINUS_LN2_HI_F), x));
        // Estrin's scheme: C2 emits only the FMA form whose addend is the destination, so each constant
        // addend costs a register copy; here two of the five are products' sums instead.
        FloatVector r2 = r.mul(r);
        FloatVector p = fma(r2, fma(r2, c(EP4), fma(r, EP3, EP2)), fma(r, EP1, EP0));
        FloatVector er = fma(r2, p, r.add(1f));
        FloatVector pow2n = t.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return er.mul(pow2n).blend(0f, x.compare(VectorOperators.LT, EXP_FTZ_MIN));
    }

    /**
     * {@code e^x − 1} for {@code x ≤ 0} (positive x is not supported), relative accuracy near 0.
     * Measured: 0.87 ulp from {@link Math#expm1}.
     */
    static FloatVector expm1NonPositive(FloatVector x) {
        FloatVector xc = atLeast(x, -30f);
        FloatVector t = roundedLog2(xc);
        FloatVector s = pow2(t, 127);
        return fma(expm1Reduced(xc, t), s, s.sub(1f));
    }

    /** {@code log(1 + e)} for {@code 0 ≤ e ≤ 1}. Measured: 1.4 ulp from {@link Math#log1p}. */
    static FloatVector log1pUnit(FloatVector e) {
        FloatVector p = fma(fma(fma(fma(e, R9, R8), e, R7), e, R6), e, R5);
        p = fma(fma(fma(fma(fma(p, e, R4), e, R3), e, R2), e, R1), e, R0);
        return e.mul(p);
    }

    /** σ(w) = 1/(1 + e^{−w}), stable for every w: with e = e^{−|w|}, w ≥ 0 ? 1/(1+e) : e/(1+e). */
    static FloatVector sigmoid(FloatVector w) {
        FloatVector e = expNonPositive(w.abs().neg());
        FloatVector r = c(1f).div(e.add(1f));
        return r.blend(e.mul(r), w.compare(VectorOperators.LT, 0f));
    }

    /**
     * tanh z = sign(z)·(−m)/(2 + m) with m = expm1(−2|z|): relative accuracy near 0, exactly ±1 beyond
     * |z| ≈ 9. Measured: 2.5 ulp from {@link Math#tanh}.
     */
    static FloatVector tanh(FloatVector z) {
        FloatVector m = expm1NonPositive(z.abs().mul(-2f));
        FloatVector t = m.div(m.add(2f)).abs();
        return copySign(t, z);
    }

    /** {@code |t|} with the sign of {@code s}, for {@code t ≥ 0} or ±0. */
    private static FloatVector copySign(FloatVector t, FloatVector s) {
        return t.reinterpretAsInts().or(s.reinterpretAsInts().and(0x80000000)).reinterpretAsFloats();
    }

    /** {@code x² − fl(x²)} exactly: one FMA, or Dekker's split into 12-bit halves without FMA. */
    private static FloatVector squareError(FloatVector x, FloatVector xx) {
        if (Platform.FMA) {
            return x.fma(x, xx.neg());
        }
        FloatVector hi = x.reinterpretAsInts().and(0xFFFFF000).reinterpretAsFloats();
        FloatVector lo = x.sub(hi);
        return hi.mul(hi).sub(xx).add(hi.mul(lo).mul(2f)).add(lo.mul(lo));
    }

    /**
     * {@code e^{−c·x²}} for a power of two {@code c ≤ 1}, with x² taken exactly (its rounding error
     * would otherwise cost up to x²·2^−24 relative in the tail); 0 where {@code c·x² > 87.33} (below the
     * normal range: {@link #expNonPositiveFtz}, which GELU's clamp at |z| = 12.875 never reaches, and
     * where erf is 1 anyway). The flushing exp made the gelu passes 7–10 % faster (ActivationBench).
     */
    static FloatVector expMinusScaledSquare(FloatVector x, float c) {
        FloatVector xx = x.mul(x);
        FloatVector g = expNonPositiveFtz(xx.mul(-c));
        return fma(g, squareError(x, xx).mul(-c), g);
    }

    /**
     * erfc(x) for {@code 0 ≤ x ≤ 10.5}, given {@code g = e^{−x²}}: {@code g·t·P(t)}, t = 1/(1 + x/2).
     * The fit of P is accurate to 9.3e-9 relative; the float evaluation adds a few ulp (relative).
     */
    static FloatVector erfcFromGauss(FloatVector x, FloatVector g) {
        FloatVector t = c(1f).div(fma(x, 0.5f, 1f));
        // Estrin's scheme: 4 dependent operations after t instead of Horner's 10 FMAs; the gelu passes ran
        // 6 % faster each way (ActivationBench, GELU forward 1.72 → 1.62 ns, backward 1.86 → 1.75 ns per
        // element), with the same measured accuracy.
        FloatVector t2 = t.mul(t);
        FloatVector t4 = t2.mul(t2);
        FloatVector p03 = fma(t2, fma(t, ERFC_P3, ERFC_P2), fma(t, ERFC_P1, ERFC_P0));
        FloatVector p47 = fma(t2, fma(t, ERFC_P7, ERFC_P6), fma(t, ERFC_P5, ERFC_P4));
        FloatVector p810 = fma(t2, c(ERFC_P10), fma(t, ERFC_P9, ERFC_P8));
        FloatVector p = fma(t4, fma(t4, p810, p47), p03);
        return g.mul(t).mul(p);
    }

    /**
     * erf(x): {@code x·S(x²)} for |x| ≤ 0.75, else {@code sign(x)·(1 − erfc(|x|))}. Measured over
     * [−12, 12] with step 2^−14 and [0, 0.25] with step 2^−20 against the double reference: max abs
     * error 1.01e-7 (the requirement is 2e-7; without the small-|x| polynomial it was 2.1e-7, from the
     * few ulp of erfc ≈ 1). The scalar twin {@code ScalarActivations.erf}: 4.6e-8.
     */
    static FloatVector erf(FloatVector x) {
        FloatVector a = atMost(x.abs(), ERFC_MAX_X);
        FloatVector c = erfcFromGauss(a, expMinusScaledSquare(a, 1f));
        FloatVector large = copySign(c.neg().add(ONE).abs(), x);
        FloatVector u = x.mul(x);
        FloatVector small = x.mul(fma(fma(fma(fma(fma(u, S5, S4), u, S3), u, S2), u, S1), u, S0));
        return large.blend(small, a.compare(VectorOperators.LE, 0.75f));
    }
}
