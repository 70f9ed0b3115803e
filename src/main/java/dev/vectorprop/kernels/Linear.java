package dev.vectorprop.kernels;

import dev.vectorprop.internal.Checks;
import dev.vectorprop.internal.Platform;

/**
 * A dense layer with a fused activation, forward and backward, over row-major float arrays.
 *
 * <p>Shapes: X {@code batch × in}, W {@code out × in} (PyTorch / oneDNN "oi" layout, so weights
 * interoperate), bias {@code out} (nullable), Y and Z {@code batch × out}.
 * <ul>
 *   <li>Forward: {@code Z = X·Wᵀ + b}, {@code Y = act(Z)}. Bias and activation are applied by the GEMM
 *   to each output tile right after its last k block, while it is in L1: there is no second pass over
 *   Y. Z is written only when a buffer is given; backward needs it only when
 *   {@code !act.derivativeFromOutput()}.</li>
 *   <li>Backward, given dY: {@code dZ = dY ⊙ act'(·)}, {@code db = Σ_rows dZ},
 *   {@code dW = dZᵀ·X}, {@code dX = dZ·W}. dX is optional (skip it for a first layer). dW and db are
 *   overwritten or accumulated as {@link Gradients} says, explicitly at every call site: accumulation
 *   over micro-batches is a feature, accidental accumulation a classic bug.</li>
 * </ul>
 * Results are deterministic for any thread count (the GEMMs split over output blocks only, and db is
 * summed over rows in order). Steady-state calls allocate nothing on one thread.
 *
 * <p>Overloads taking {@link LinearWeights} use W packed once per optimizer step.
 */
public final class Linear {

    /** Whether backward overwrites or adds to the weight and bias gradients. */
    public enum Gradients {
        /** {@code dW = …}, {@code db = …}. */
        OVERWRITE,
        /** {@code dW += …}, {@code db += …} (gradient accumulation over micro-batches). */
        ACCUMULATE
    }

    private static final ThreadLocal<float[][]> DZ = ThreadLocal.withInitial(() -> new float[1][0]);

    private Linear() {}

    /**
     * Forward pass with W as stored (packed on the fly; prefer {@link LinearWeights} when W is reused).
     *
     * @param z receives Z when non-null (needed by backward when {@code !act.derivativeFromOutput()})
     */
    public static void forward(Activation act, int batch, int in, int out, float[] x, int xOff, float[] w,
                               int wOff, float[] bias, int biasOff, float[] y, int yOff, float[] z, int zOff) {
        checkForward(act, batch, in, out, x, xOff, bias, biasOff, y, yOff, z, zOff);
        Checks.matrix("W", w, wOff, out, in, Math.max(1, in));
        disjointFromOutputs("W", w, wOff, (long) out * in, y, yOff, z, zOff, (long) batch * out);
        if (batch == 0 || out == 0) {
            return;
        }
        forwardChecked(act, batch, in, out, x, xOff, true, w, wOff, null, bias, biasOff, y, yOff, z, zOff);
    }

    /** Forward pass with pre-packed weights; otherwise as {@link #forward(Activation, int, int, int, float[], int, float[], int, float[], int, float[], int, float[], int)}. */
    public static void forward(Activation act, int batch, float[] x, int xOff, LinearWeights w, float[] bias,
                               int biasOff, float[] y, int yOff, float[] z, int zOff) {
        Checks.notNull("weights", w);
        int in = w.in();
        int out = w.out();
        checkForward(act, batch, in, out, x, xOff, bias, biasOff, y, yOff, z, zOff);
        if (batch == 0 || out == 0) {
            return;
        }
        // A narrow layer keeps W's rows instead of Wᵀ packed (see LinearWeights.rows).
        forwardChecked(act, batch, in, out, x, xOff, w.rows != null, w.rows, 0, w.transposed, bias, biasOff, y,
                yOff, z, zOff);
    }

    /**
     * Z = X·op(B) + bias by the GEMM with the epilogue, op(B) = Wᵀ from W's rows (tB) or from pb. Keeping Z,
     * the GEMM writes Z and the epilogue writes Y = act(Z) from it; otherwise the GEMM writes Y in place.
     */
    private static void forwardChecked(Activation act, int batch, int in, int out, float[] x, int xOff, boolean tB,
                                       float[] b, int bOff, PackedMatrix pb, float[] bias, int biasOff, float[] y,
                                       int yOff, float[] z, int zOff) {
        GemmEpilogue ep = GemmEpilogue.forThread().set(bias, biasOff, act, z == null ? null : y, yOff, out);
        float[] c = z == null ? y : z;
        int cOff = z == null ? yOff : zOff;
        int ld = Math.max(1, in);
        try {
            if (Platform.VECTOR) {
                VectorGemm.sgemm(false, tB, batch, out, in, 1f, x, xOff, ld, b, bOff, ld, pb, 0f, c, cOff, out, ep);
            } else {
                ScalarGemm.sgemm(false, tB, batch, out, in, 1f, x, xOff, ld, b, bOff, ld, pb, 0f, c, cOff, out, ep);
            }
        } finally {
            ep.clear();
        }
    }

    /**
     * Backward pass with W as stored.
     *
     * @param saved the forward pass's Y if {@code act.derivativeFromOutput()}, else its Z
     * @param dy    the gradient of the loss with respect to Y
     * @param dx    receives dX = dZ·W, or null to skip it
     * @param dw    receives (or accumulates) dW = dZᵀ·X, {@code out × in}
     * @param db    receives (or accumulates) db = Σ_rows dZ, or null when the layer has no bias
     * @param mode  whether dW and db are overwritten or accumulated (dX is always overwritten)
     */
    public static void backward(Activation act, int batch, int in, int out, float[] x, int xOff, float[] w,
                                int wOff, float[] saved, int savedOff, float[] dy, int dyOff, float[] dx, int dxOff,
                                float[] dw, int dwOff, float[] db, int dbOff, Gradients mode) {
        Checks.matrix("W", w, wOff, out, in, Math.max(1, in));
        checkBackward(act, batch, in, out, x, xOff, saved, savedOff, dy, dyOff, dx, dxOff, dw, dwOff, db, dbOff,
                mode);
        disjointFromGradients("W", w, wOff, (long) out * in, batch, in, out, dx, dxOff, dw, dwOff, db, dbOff);
        backwardChecked(act, batch, in, out, x, xOff, w, wOff, null, saved, savedOff, dy, dyOff, dx, dxOff,
                dw, dwOff, db, dbOff, mode);
    }

    /** Backward pass with pre-packed weights; otherwise as the overload taking W as stored. */
    public static void backward(Activation act, int batch, float[] x, int xOff, LinearWeights w, float[] saved,
                                int savedOff, float[] dy, int dyOff, float[] dx, int dxOff, float[] dw, int dwOff,
                                float[] db, int dbOff, Gradients mode) {
        Checks.notNull("weights", w);
        checkBackward(act, batch, w.in(), w.out(), x, xOff, saved, savedOff, dy, dyOff, dx, dxOff, dw, dwOff,
                db, dbOff, mode);
        backwardChecked(act, batch, w.in(), w.out(), x, xOff, null, 0, w, saved, savedOff, dy, dyOff, dx, dxOff,
                dw, dwOff, db, dbOff, mode);
    }

    private static void backwardChecked(Activation act, int batch, int in, int out, float[] x, int xOff,
                                        float[] w, int wOff, LinearWeights pw, float[] saved, int savedOff,
                                        float[] dy, int dyOff, float[] dx, int dxOff, float[] dw, int dwOff,
                                        float[] db, int dbOff, Gradients mode) {
        boolean accumulate = mode == Gradients.ACCUMULATE;
        int n = batch * out;
        // dZ = dY ⊙ act'(·): one pass over batch × out, ~1/in of the GEMMs' work, in a per-thread buffer.
        float[] dz = dy;
        int dzOff = dyOff;
        if (act.kind() != Activation.Kind.IDENTITY) {
            float[][] holder = DZ.get();
            if (holder[0].length < n) {
                holder[0] = new float[n];
            }
            dz = holder[0];
            dzOff = 0;
            Activations.backward(act, n, dy, dyOff, saved, savedOff, dz, 0);
        }
        if (db != null) {
            columnSums(batch, out, dz, dzOff, db, dbOff, accumulate);
        }
        if (Platform.VECTOR) {
            VectorGemm.sgemm(true, false, out, in, batch, 1f, dz, dzOff, Math.max(1, out), x, xOff,
                    Math.max(1, in), null, accumulate ? 1f : 0f, dw, dwOff, Math.max(1, in), null);
            if (dx != null) {
                VectorGemm.sgemm(false, false, batch, in, out, 1f, dz, dzOff, Math.max(1, out), w, wOff,
                        Math.max(1, in), pw == null ? null : pw.plain, 0f, dx, dxOff, Math.max(1, in), null);
            }
        } else {
            ScalarGemm.sgemm(true, false, out, in, batch, 1f, dz, dzOff, Math.max(1, out), x, xOff,
                    Math.max(1, in), null, accumulate ? 1f : 0f, dw, dwOff, Math.max(1, in), null);
            if (dx != null) {
                ScalarGemm.sgemm(false, false, batch, in, out, 1f, dz, dzOff, Math.max(1, out), w, wOff,
                        Math.max(1, in), pw == null ? null : pw.plain, 0f, dx, dxOff, Math.max(1, in), null);
            }
        }
    }

    /** {@code db[j] (+)= Σ_i dz[i][j]}, rows added in order 0..batch-1 (deterministic). */
    private static void columnSums(int batch, int out, float[] dz, int dzOff, float[] db, int dbOff,
                                   boolean accumulate) {
        int i = 0;
        if (!accumulate) { // row 0 copied: the sums from zeros up to the sign of a zero, without a fill pass
            if (batch == 0) {
                ArrayMath.fill(out, 0f, db, dbOff);
                return;
            }
            System.arraycopy(dz, dzOff, db, dbOff, out);
            i = 1;
        }
        for (; i < batch; i++) {
            ArrayMath.axpy(out, 1f, dz, dzOff + i * out, db, dbOff);
        }
    }

    private static void checkForward(Activation act, int batch, int in, int out, float[] x, int xOff,
                                     float[] bias, int biasOff, float[] y, int yOff, float[] z, int zOff) {
        Checks.notNull("act", act);
        Checks.nonNegative("batch", batch);
        Checks.nonNegative("in", in);
        Checks.nonNegative("out", out);
        Checks.matrix("X", x, xOff, batch, in, Math.max(1, in));
        if (bias != null) {
            Checks.range("bias", bias, biasOff, out);
        }
        Checks.matrix("Y", y, yOff, batch, out, Math.max(1, out));
        long yLen = (long) batch * out;
        if (z != null) {
            Checks.matrix("Z", z, zOff, batch, out, Math.max(1, out));
            Checks.disjoint("Z", z, zOff, yLen, "Y", y, yOff, yLen);
        }
        disjointFromOutputs("X", x, xOff, (long) batch * in, y, yOff, z, zOff, yLen);
        if (bias != null) {
            disjointFromOutputs("bias", bias, biasOff, out, y, yOff, z, zOff, yLen);
        }
    }

    private static void disjointFromOutputs(String inName, float[] in, int inOff, long inLen, float[] y, int yOff,
                                            float[] z, int zOff, long outLen) {
        Checks.disjoint("Y", y, yOff, outLen, inName, in, inOff, inLen);
        if (z != null) {
            Checks.disjoint("Z", z, zOff, outLen, inName, in, inOff, inLen);
        }
    }

    private static void checkBackward(Activation act, int batch, int in, int out, float[] x, int xOff,
                                      float[] saved, int savedOff, float[] dy, int dyOff, float[] dx, int dxOff,
                                      float[] dw, int dwOff, float[] db, int dbOff, Gradients mode) {
        Checks.notNull("act", act);
        Checks.notNull("mode", mode);
        Checks.nonNegative("batch", batch);
        Checks.nonNegative("in", in);
        Checks.nonNegative("out", out);
        Checks.matrix("X", x, xOff, batch, in, Math.max(1, in));
        Checks.matrix(act.derivativeFromOutput() ? "saved Y" : "saved Z", saved, savedOff, batch, out,
                Math.max(1, out));
        Checks.matrix("dY", dy, dyOff, batch, out, Math.max(1, out));
        Checks.matrix("dW", dw, dwOff, out, in, Math.max(1, in));
        if (dx != null) {
            Checks.matrix("dX", dx, dxOff, batch, in, Math.max(1, in));
        }
        if (db != null) {
            Checks.range("db", db, dbOff, out);
        }
        long bo = (long) batch * out;
        disjointFromGradients("X", x, xOff, (long) batch * in, batch, in, out, dx, dxOff, dw, dwOff, db, dbOff);
        disjointFromGradients("saved", saved, savedOff, bo, batch, in, out, dx, dxOff, dw, dwOff, db, dbOff);
        disjointFromGradients("dY", dy, dyOff, bo, batch, in, out, dx, dxOff, dw, dwOff, db, dbOff);
        if (dx != null) {
            Checks.disjoint("dX", dx, dxOff, (long) batch * in, "dW", dw, dwOff, (long) out * in);
            if (db != null) {
                Checks.disjoint("dX", dx, dxOff, (long) batch * in, "db", db, dbOff, out);
            }
        }
        if (db != null) {
            Checks.disjoint("db", db, dbOff, out, "dW", dw, dwOff, (long) out * in);
        }
    }

    private static void disjointFromGradients(String inName, float[] in, int inOff, long inLen, int batch,
                                              int inF, int out, float[] dx, int dxOff, float[] dw, int dwOff,
                                              float[] db, int dbOff) {
        Checks.disjoint("dW", dw, dwOff, (long) out * inF, inName, in, inOff, inLen);
        if (dx != null) {
            Checks.disjoint("dX", dx, dxOff, (long) batch * inF, inName, in, inOff, inLen);
        }
        if (db != null) {
            Checks.disjoint("db", db, dbOff, out, inName, in, inOff, inLen);
        }
    }
}
