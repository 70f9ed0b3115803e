package dev.vectorprop.kernels;

import static dev.vectorprop.kernels.ScalarActivations.GELU_TANH_K1;
import static dev.vectorprop.kernels.ScalarActivations.GELU_TANH_K3;
import static dev.vectorprop.kernels.ScalarActivations.INV_SQRT_2PI;
import static dev.vectorprop.kernels.ScalarActivations.PRODUCT_CLAMP;
import static dev.vectorprop.kernels.ScalarActivations.SQRT_HALF;
import static dev.vectorprop.kernels.VectorMath.atLeast;
import static dev.vectorprop.kernels.VectorMath.atMost;
import static dev.vectorprop.kernels.VectorMath.expNonPositive;
import static dev.vectorprop.kernels.VectorMath.fma;

import dev.vectorprop.kernels.Activation.Kind;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API bodies of {@link Activations}, and the register-level entry points
 * {@link #forward(Kind, float, FloatVector)} and {@link #derivativeTimes(Kind, float, FloatVector, FloatVector)}
 * for fused kernels (the GEMM epilogue, backward packing): they take and return vectors of
 * {@code FloatVector.SPECIES_PREFERRED}, keep vectors in locals only and allocate nothing once C2 has
 * inlined them. Each is a switch on the kind over small per-activation methods; callers should keep the
 * kind loop-invariant.
 */
final class VectorActivations {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /**
     * |z| at which gelu is clamped: beyond it Φ is 1 in float, or y and y′ are below 2^−117 (returned as
     * 0, see {@link #leftTail}); at it every intermediate (e^{−z²/2} ≈ 1e-36, ½erfc ≈ 3.1e-38) is
     * still a normal float. Clamping at 15 instead let
     * them go subnormal between |z| ≈ 13 and 15, where each operation takes a microcode assist: forward
     * and backward 2.0× and 1.6× slower over pre-activations of standard deviation 11 (e.g. a layer
     * with unit-variance X and W and in = 128).
     */
    private static final float GELU_Z_MAX = 12.875f;
    /**
     * The same for gelu_tanh: at |z| = 9.875 its σ argument w is about ∓84.5, so e^{−|w|} ≈ 2e-37 and
     * y, y′ stay normal floats; below −9.875 both are under 2^−113 and returned as 0, above 9.875 σ is 1.
     * Clamped only at ±200 before, e^{−|w|} went subnormal for |z| in about [10.4, 11]: the passes ran
     * 2.0× slower over pre-activations of standard deviation 11.
     */
    private static final float GELU_TANH_Z_MAX = 9.875f;

    private VectorActivations() {}

    /**
     * {@code y = f(z)} lane by lane; see {@link Activation} for the formulas.
     *
     * @param kind  the activation
     * @param param its parameter (leaky relu's slope; ignored by the other kinds)
     * @param z     pre-activations, species {@code SPECIES_PREFERRED}
     * @return {@code f(z)}
     */
    static FloatVector forward(Kind kind, float param, FloatVector z) {
        return switch (kind) {
            case IDENTITY -> z;
            case RELU -> z.max(0f);
            case LEAKY_RELU -> leaky(param, z);
            case SIGMOID -> VectorMath.sigmoid(z);
            case TANH -> VectorMath.tanh(z);
            case GELU -> gelu(z);
            case GELU_TANH -> geluTanh(z);
            case SILU -> silu(z);
            case SOFTPLUS -> softplus(z);
            case ELU -> elu(z);
        };
    }

    /**
     * {@code dy ⊙ f′} lane by lane. Which input it expects depends on
     * {@link Activation#derivativeFromOutput()} for ({@code kind}, {@code param}):
     * <ul>
     * <li>the <b>output y</b> for IDENTITY, RELU, LEAKY_RELU with slope ≥ 0, SIGMOID
     *     ({@code y(1−y)}), TANH ({@code (1−y)(1+y)}), SOFTPLUS ({@code −expm1(−y)}) and ELU
     *     ({@code y > 0 ? 1 : y + 1});</li>
     * <li>the <b>pre-activation z</b> for GELU, GELU_TANH, SILU and LEAKY_RELU with a negative slope.</li>
     * </ul>
     * (For relu and leaky relu the two coincide: the test is {@code zOrY > 0}.)
     *
     * @param kind  the activation
     * @param param its parameter (leaky relu's slope)
     * @param zOrY  y or z as above, species {@code SPECIES_PREFERRED}
     * @param dy    upstream gradient
     * @return {@code dy·f′}
     */
    static FloatVector derivativeTimes(Kind kind, float param, FloatVector zOrY, FloatVector dy) {
        return switch (kind) {
            case IDENTITY -> dy;
            case RELU -> dy.broadcast(0f).blend(dy, positive(zOrY));
            case LEAKY_RELU -> dy.mul(param).blend(dy, positive(zOrY));
            case SIGMOID -> dy.mul(sigmoidDerivative(zOrY));
            case TANH -> dy.mul(tanhDerivative(zOrY));
            case GELU -> dy.mul(geluDerivative(zOrY));
            case GELU_TANH -> dy.mul(geluTanhDerivative(zOrY));
            case SILU -> dy.mul(siluDerivative(zOrY));
            case SOFTPLUS -> dy.mul(softplusDerivative(zOrY));
            case ELU -> dy.mul(zOrY.add(1f)).blend(dy, positive(zOrY));
        };
    }

    // Per-activation bodies, package-private so that a fused kernel specialised for one kind can call
    // them directly. Each takes the input documented on derivativeTimes.

    static FloatVector leaky(float slope, FloatVector z) {
        return z.mul(slope).blend(z, positive(z));
    }

    static FloatVector silu(FloatVector z) {
        return atLeast(z, -PRODUCT_CLAMP).mul(VectorMath.sigmoid(z));
    }

    static FloatVector elu(FloatVector z) {
        return VectorMath.expm1NonPositive(z.min(0f)).blend(z, positive(z));
    }

    /** σ′ from y: {@code y(1 − y)}. */
    static FloatVector sigmoidDerivative(FloatVector y) {
        return y.neg().add(1f).mul(y);
    }

    /** tanh′ from y: {@code (1 − y)(1 + y)}, more accurate than {@code 1 − y²} near ±1. */
    static FloatVector tanhDerivative(FloatVector y) {
        return y.neg().add(1f).mul(y.add(1f));
    }

    /** softplus′ from y: {@code σ(z) = 1 − e^{−y} = −expm1(−y)}. */
    static FloatVector softplusDerivative(FloatVector y) {
        return VectorMath.expm1NonPositive(y.neg()).neg();
    }

    private static VectorMask<Float> positive(FloatVector v) {
        return v.compare(VectorOperators.GT, 0f);
    }

    /** Φ(z) for |z| ≤ {@link #GELU_Z_MAX}, from {@code g = e^{−z²/2}}: z &lt; 0 ? ½erfc : 1 − ½erfc. */
    private static FloatVector phi(FloatVector zc, FloatVector g) {
        FloatVector c = VectorMath.erfcFromGauss(zc.abs().mul(SQRT_HALF), g).mul(0.5f);
        return c.neg().add(1f).blend(c, zc.compare(VectorOperators.LT, 0f));
    }

    private static FloatVector geluClamp(FloatVector z) {
        return atMost(atLeast(z, -GELU_Z_MAX), GELU_Z_MAX);
    }

    /**
     * Where z is below −limit: the lanes a tail-flushing activation sets to 0. Callers compute the mask
     * before their function's body and blend inline; as a helper called after σ or Φ, C2 had hit
     * NodeCountInliningCutoff, left the helper out of line and boxed every vector.
     */
    private static VectorMask<Float> leftTail(FloatVector z, float limit) {
        return z.compare(VectorOperators.LT, -limit);
    }

    private static FloatVector geluTanhClamp(FloatVector z) {
        return atMost(atLeast(z, -GELU_TANH_Z_MAX), GELU_TANH_Z_MAX);
    }

    static FloatVector gelu(FloatVector z) {
        VectorMask<Float> tail = leftTail(z, GELU_Z_MAX);
        FloatVector zc = geluClamp(z);
        return z.mul(phi(zc, VectorMath.expMinusScaledSquare(zc, 0.5f))).blend(0f, tail);
    }

    static FloatVector geluDerivative(FloatVector z) {
        VectorMask<Float> tail = leftTail(z, GELU_Z_MAX);
        FloatVector zc = geluClamp(z);
        FloatVector g = VectorMath.expMinusScaledSquare(zc, 0.5f);
        return fma(zc.mul(INV_SQRT_2PI), g, phi(zc, g)).blend(0f, tail);
    }

    /** gelu_tanh's {@code w = 2u = z·(K1 + K3·z²)} from z clamped to ±{@link #GELU_TANH_Z_MAX}. */
    private static FloatVector geluTanhArg(FloatVector zc) {
        return zc.mul(fma(zc.mul(zc), GELU_TANH_K3, GELU_TANH_K1));
    }

    static FloatVector geluTanh(FloatVector z) {
        // The tail mask before σ, and no helper call after it: at that point of the inlined graph C2
        // hit NodeCountInliningCutoff, left the helper out of line and boxed every vector.
        VectorMask<Float> tail = leftTail(z, GELU_TANH_Z_MAX);
        FloatVector zc = geluTanhClamp(z);
        return z.mul(VectorMath.sigmoid(geluTanhArg(zc))).blend(0f, tail);
    }

    /**
     * {@code σ(w) + zc·σ(w)(1 − σ(w))·w′} given {@code e = e^{−|w|}}: shared by silu (w = z, w′ = 1) and
     * gelu_tanh.
     */
    private static FloatVector sigmoidProductDerivative(FloatVector w, FloatVector e, FloatVector zc,
                                                        FloatVector dw) {
        FloatVector r = e.broadcast(1f).div(e.add(1f));
        FloatVector er = e.mul(r);
        FloatVector s = r.blend(er, w.compare(VectorOperators.LT, 0f));
        return fma(zc.mul(er).mul(r), dw, s);
    }

    static FloatVector geluTanhDerivative(FloatVector z) {
        VectorMask<Float> tail = leftTail(z, GELU_TANH_Z_MAX);
        FloatVector zc = geluTanhClamp(z);
        FloatVector w = geluTanhArg(zc);
        return geluTanhDerivative(zc, w, expNonPositive(w.abs().neg())).blend(0f, tail);
    }

    /** gelu_tanh′ from the clamped z, {@code w = geluTanhArg(zc)} and {@code e = e^{−|w|}}. */
    private static FloatVector geluTanhDerivative(FloatVector zc, FloatVector w, FloatVector e) {
        FloatVector dw = fma(zc.mul(zc), 3 * GELU_TANH_K3, GELU_TANH_K1);
        return sigmoidProductDerivative(w, e, zc, dw);
    }

    private static FloatVector productClamp(FloatVector z) {
        return atMost(atLeast(z, -PRODUCT_CLAMP), PRODUCT_CLAMP);
    }

    static FloatVector siluDerivative(FloatVector z) {
        FloatVector zc = productClamp(z);
        return sigmoidProductDerivative(zc, expNonPositive(zc.abs().neg()), zc, z.broadcast(1f));
    }

    static FloatVector softplus(FloatVector z) {
        return z.max(0f).add(VectorMath.log1pUnit(expNonPositive(z.abs().neg())));
    }

    // Array kernels: one loop per kind, so that each loop is compiled with only its own activation
    // inlined. A single loop calling forward(kind, …) per vector is not inlined reliably by C2 (the
    // switch is ~180 bytes of bytecode: "callee is too large" at call sites not yet hot, "already
    // compiled into a big method" once it has been compiled alone) and then boxes every vector.
    //
    // The loops are also called through method handles held in arrays (which C2 cannot constant-fold),
    // so that no caller ever inlines them: inlined into a deep caller (Linear.backward, a training
    // step, a JMH loop) the Vector API calls of gelu, gelu_tanh and silu exceeded C2's inlining depth
    // and node budget, and every vector was boxed (40 B per element, 3-10x slower). As its own
    // compilation root each loop is compiled whole. One indirect call per array costs nanoseconds.

    private static final MethodHandle[] FORWARD_LOOPS = loops(false);
    private static final MethodHandle[] BACKWARD_LOOPS = loops(true);

    private static MethodHandle[] loops(boolean backward) {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        Kind[] kinds = Kind.values();
        MethodHandle[] table = new MethodHandle[kinds.length];
        try {
            for (Kind k : kinds) {
                String name = switch (k) {
                    case IDENTITY -> "identityForward";
                    case RELU -> "relu";
                    case LEAKY_RELU -> "leaky";
                    case SIGMOID -> "sigmoid";
                    case TANH -> "tanh";
                    case GELU -> "gelu";
                    case GELU_TANH -> "geluTanh";
                    case SILU -> "silu";
                    case SOFTPLUS -> "softplus";
                    case ELU -> "elu";
                };
                if (k != Kind.IDENTITY) {
                    name += backward ? "Backward" : "Forward";
                }
                boolean withParam = k == Kind.LEAKY_RELU;
                boolean identityBackward = backward && k == Kind.IDENTITY; // dz = dy: a copy
                List<Class<?>> params = new ArrayList<>(List.of(int.class));
                if (withParam) {
                    params.add(float.class);
                }
                params.addAll(List.of(float[].class, int.class, float[].class, int.class));
                if (backward && !identityBackward) {
                    params.addAll(List.of(float[].class, int.class));
                }
                MethodHandle mh = lookup.findStatic(VectorActivations.class, name,
                        MethodType.methodType(int.class, params));
                if (!withParam) {
                    mh = MethodHandles.dropArguments(mh, 1, float.class);
                }
                if (identityBackward) { // (b, p, dy, dyOff, zOrY, off, dz, dzOff) -> copy(b, dy, dyOff, dz, dzOff)
                    mh = MethodHandles.dropArguments(mh, 4, float[].class, int.class);
                }
                table[k.ordinal()] = mh;
            }
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        return table;
    }

    static void forward(Kind kind, float param, int n, float[] z, int zOff, float[] y, int yOff) {
        int b = S.loopBound(n);
        int i;
        try {
            i = (int) FORWARD_LOOPS[kind.ordinal()].invokeExact(b, param, z, zOff, y, yOff);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        ScalarActivations.forward(kind, param, i, n, z, zOff, y, yOff);
    }

    static void backward(Kind kind, float param, int n, float[] dy, int dyOff, float[] zOrY, int off,
                         float[] dz, int dzOff) {
        int b = S.loopBound(n);
        int i;
        try {
            i = (int) BACKWARD_LOOPS[kind.ordinal()].invokeExact(b, param, dy, dyOff, zOrY, off, dz, dzOff);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        ScalarActivations.backward(kind, param, i, n, dy, dyOff, zOrY, off, dz, dzOff);
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(t);
    }

    private static FloatVector at(float[] a, int off) {
        return FloatVector.fromArray(S, a, off);
    }

    private static int identityForward(int bound, float[] z, int zOff, float[] y, int yOff) {
        int i = 0;
        for (; i < bound; i += L) {
            at(z, zOff + i).intoArray(y, yOff + i);
        }
        return i;
    }

    private static int reluForward(int bound, float[] z, int zOff, float[] y, int yOff) {
        int i = 0;
        for (; i < bound; i += L) {
            at(z, zOff + i).max(0f).intoArray(y, yOff + i);
        }
        return i;
    }

    private static int sigmoidForward(int bound, float[] z, int zOff, float[] y, int yOff) {
        int i = 0;
        for (; i < bound; i += L) {
            VectorMath.sigmoid(at(z, zOff + i)).intoArray(y, yOff + i);
        }
        return i;
    }

    private static int tanhForward(int bound, float[] z, int zOff, float[] y, int yOff) {
        int i = 0;
        for (; i < bound; i += L) {
            VectorMath.tanh(at(z, zOff + i)).intoArray(y, yOff + i);
        }
        return i;
    }

    private static int geluTanhForward(int bound, float[] z, int zOff, float[] y, int yOff) {
        int i = 0;
        for (; i < bound; i += L) {
            geluTanh(at(z, zOff + i)).intoArray(y, yOff + i);
        }
        return i;
    }

    private static int siluForward(int bound, float[] z, int zOff, float[] y, int yOff) {
        int i = 0;
        for (; i < bound; i += L) {
            silu(at(z, zOff + i)).intoArray(y, yOff + i);
        }
        return i;
    }

    private static int softplusForward(int bound, float[] z, int zOff, float[] y, int yOff) {
        int i = 0;
        for (; i < bound; i += L) {
            softplus(at(z, zOff + i)).intoArray(y, yOff + i);
        }
        return i;
    }

    private static int eluForward(int bound, float[] z, int zOff, float[] y, int yOff) {
        int i = 0;
        for (; i < bound; i += L) {
            elu(at(z, zOff + i)).intoArray(y, yOff + i);
        }
        return i;
    }

    private static int leakyForward(int bound, float slope, float[] z, int zOff, float[] y, int yOff) {
        int i = 0;
        for (; i < bound; i += L) {
            leaky(slope, at(z, zOff + i)).intoArray(y, yOff + i);
        }
        return i;
    }

    private static int leakyBackward(int bound, float slope, float[] dy, int dyOff, float[] y, int off,
                                     float[] dz, int dzOff) {
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector g = at(dy, dyOff + i);
            g.mul(slope).blend(g, positive(at(y, off + i))).intoArray(dz, dzOff + i);
        }
        return i;
    }

    private static int reluBackward(int bound, float[] dy, int dyOff, float[] y, int off, float[] dz,
                                      int dzOff) {
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector g = at(dy, dyOff + i);
            FloatVector v = at(y, off + i);
            g.broadcast(0f).blend(g, positive(v)).intoArray(dz, dzOff + i);
        }
        return i;
    }

    private static int sigmoidBackward(int bound, float[] dy, int dyOff, float[] y, int off, float[] dz,
                                      int dzOff) {
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector g = at(dy, dyOff + i);
            FloatVector v = at(y, off + i);
            g.mul(sigmoidDerivative(v)).intoArray(dz, dzOff + i);
        }
        return i;
    }

    private static int tanhBackward(int bound, float[] dy, int dyOff, float[] y, int off, float[] dz,
                                      int dzOff) {
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector g = at(dy, dyOff + i);
            FloatVector v = at(y, off + i);
            g.mul(tanhDerivative(v)).intoArray(dz, dzOff + i);
        }
        return i;
    }

    private static int siluBackward(int bound, float[] dy, int dyOff, float[] z, int off, float[] dz,
                                      int dzOff) {
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector g = at(dy, dyOff + i);
            FloatVector v = at(z, off + i);
            g.mul(siluDerivative(v)).intoArray(dz, dzOff + i);
        }
        return i;
    }

    private static int softplusBackward(int bound, float[] dy, int dyOff, float[] y, int off, float[] dz,
                                      int dzOff) {
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector g = at(dy, dyOff + i);
            FloatVector v = at(y, off + i);
            g.mul(softplusDerivative(v)).intoArray(dz, dzOff + i);
        }
        return i;
    }

    private static int eluBackward(int bound, float[] dy, int dyOff, float[] y, int off, float[] dz,
                                      int dzOff) {
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector g = at(dy, dyOff + i);
            FloatVector v = at(y, off + i);
            g.mul(v.add(1f)).blend(g, positive(v)).intoArray(dz, dzOff + i);
        }
        return i;
    }

    // GELU runs in passes over chunks of CHUNK elements (e^{−z²/2} into a scratch chunk, then Φ and
    // the product forward; the derivative and the product with dy as two more passes backward): as one
    // loop it inlines ~50 Vector API calls and C2 stops inlining (NodeCountInliningCutoff), which boxes
    // vectors and costs 10×. gelu_tanh's backward likewise (e^{−|w|} first): in one loop it was 3.7×
    // slower once exp broadcast its constants.
    private static final int CHUNK = 512;

    /** Per-thread scratch chunk, so that the gelu kernels allocate nothing per call. */
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[CHUNK]);

    // The passes are called through method handles, like the per-kind loops: inlined together into
    // one compilation they exceed C2's budget again, whatever calls them.
    private static final MethodHandle[] GELU_PASSES = geluPasses();

    private static MethodHandle[] geluPasses() {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        try {
            return new MethodHandle[] {
                lookup.findStatic(VectorActivations.class, "gaussPass",
                        MethodType.methodType(void.class, int.class, float[].class, int.class, float[].class)),
                lookup.findStatic(VectorActivations.class, "geluPass", MethodType.methodType(void.class,
                        int.class, float[].class, int.class, float[].class, float[].class, int.class)),
                lookup.findStatic(VectorActivations.class, "geluDerivativePass",
                        MethodType.methodType(void.class, int.class, float[].class, int.class, float[].class)),
                lookup.findStatic(VectorActivations.class, "geluTanhExpPass",
                        MethodType.methodType(void.class, int.class, float[].class, int.class, float[].class)),
                lookup.findStatic(VectorActivations.class, "geluTanhDerivativePass",
                        MethodType.methodType(void.class, int.class, float[].class, int.class, float[].class)),
                lookup.findStatic(VectorActivations.class, "productPass", MethodType.methodType(void.class,
                        int.class, float[].class, int.class, float[].class, float[].class, int.class))};
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static int geluForward(int bound, float[] z, int zOff, float[] y, int yOff) throws Throwable {
        float[] g = SCRATCH.get();
        for (int c = 0; c < bound; c += CHUNK) {
            int len = Math.min(CHUNK, bound - c);
            GELU_PASSES[0].invokeExact(len, z, zOff + c, g);
            GELU_PASSES[1].invokeExact(len, z, zOff + c, g, y, yOff + c);
        }
        return bound;
    }

    private static int geluBackward(int bound, float[] dy, int dyOff, float[] z, int off, float[] dz, int dzOff)
            throws Throwable {
        return threePassBackward(GELU_PASSES[0], GELU_PASSES[2], bound, dy, dyOff, z, off, dz, dzOff);
    }

    private static int geluTanhBackward(int bound, float[] dy, int dyOff, float[] z, int off, float[] dz,
                                        int dzOff) throws Throwable {
        return threePassBackward(GELU_PASSES[3], GELU_PASSES[4], bound, dy, dyOff, z, off, dz, dzOff);
    }

    /**
     * Per chunk: {@code scratchPass} fills the scratch chunk from z, {@code derivativePass} turns it into
     * act′(z) in place, and a product pass writes dz = dy ⊙ act′(z). The derivative and the product were one
     * loop until C2 was seen (one JVM in about ten) to reach NodeCountInliningCutoff at its last call, the
     * load of dy, and box a vector per iteration (65 KB per training step of a 64 × 128 GELU layer).
     */
    private static int threePassBackward(MethodHandle scratchPass, MethodHandle derivativePass, int bound,
                                         float[] dy, int dyOff, float[] z, int off, float[] dz, int dzOff)
            throws Throwable {
        float[] scratch = SCRATCH.get();
        for (int c = 0; c < bound; c += CHUNK) {
            int len = Math.min(CHUNK, bound - c);
            scratchPass.invokeExact(len, z, off + c, scratch);
            derivativePass.invokeExact(len, z, off + c, scratch);
            GELU_PASSES[5].invokeExact(len, dy, dyOff + c, scratch, dz, dzOff + c);
        }
        return bound;
    }

    /** {@code dz = dy ⊙ d} over a chunk; len is a multiple of L. */
    private static void productPass(int len, float[] dy, int dyOff, float[] d, float[] dz, int dzOff) {
        for (int i = 0; i < len; i += L) {
            at(dy, dyOff + i).mul(at(d, i)).intoArray(dz, dzOff + i);
        }
    }

    /** {@code e = e^{−|w|}}, w = gelu_tanh's argument of σ; len is a multiple of L. */
    private static void geluTanhExpPass(int len, float[] z, int zOff, float[] e) {
        for (int i = 0; i < len; i += L) {
            expNonPositive(geluTanhArg(geluTanhClamp(at(z, zOff + i))).abs().neg()).intoArray(e, i);
        }
    }

    /** gelu_tanh′(z) in place of {@code e = e^{−|w|}} (from {@link #geluTanhExpPass}). */
    private static void geluTanhDerivativePass(int len, float[] z, int zOff, float[] e) {
        for (int i = 0; i < len; i += L) {
            FloatVector v = at(z, zOff + i);
            VectorMask<Float> tail = leftTail(v, GELU_TANH_Z_MAX);
            FloatVector zc = geluTanhClamp(v);
            geluTanhDerivative(zc, geluTanhArg(zc), at(e, i)).blend(0f, tail).intoArray(e, i);
        }
    }

    /** {@code g = e^{−zc²/2}} for z clamped to ±{@link #GELU_Z_MAX}; len is a multiple of L. */
    private static void gaussPass(int len, float[] z, int zOff, float[] g) {
        for (int i = 0; i < len; i += L) {
            VectorMath.expMinusScaledSquare(geluClamp(at(z, zOff + i)), 0.5f).intoArray(g, i);
        }
    }

    private static void geluPass(int len, float[] z, int zOff, float[] g, float[] y, int yOff) {
        for (int i = 0; i < len; i += L) {
            FloatVector v = at(z, zOff + i);
            VectorMask<Float> tail = leftTail(v, GELU_Z_MAX);
            v.mul(phi(geluClamp(v), at(g, i))).blend(0f, tail).intoArray(y, yOff + i);
        }
    }

    /** gelu′(z) in place of {@code g = e^{−z²/2}} (from {@link #gaussPass}). */
    private static void geluDerivativePass(int len, float[] z, int zOff, float[] g) {
        for (int i = 0; i < len; i += L) {
            FloatVector v = at(z, zOff + i);
            VectorMask<Float> tail = leftTail(v, GELU_Z_MAX);
            FloatVector zc = geluClamp(v);
            FloatVector gv = at(g, i);
            fma(zc.mul(INV_SQRT_2PI), gv, phi(zc, gv)).blend(0f, tail).intoArray(g, i);
        }
    }
}
