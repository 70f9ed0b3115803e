package dev.vectorprop.kernels;

/**
 * What the GEMM does to each finished block of C (MC rows × NC columns) after its last k block, while
 * the block is still in L2: add a bias per column, keep the pre-activation Z if asked, apply an
 * activation. Used by
 * {@link Linear}'s forward pass so that no second pass over Y is needed.
 *
 * <p>One mutable instance per calling thread ({@link #forThread()}), filled before a product and
 * cleared after it, so a forward pass allocates nothing; worker threads only read it.
 */
final class GemmEpilogue {

    private static final ThreadLocal<GemmEpilogue> PER_THREAD = ThreadLocal.withInitial(GemmEpilogue::new);

    float[] bias;
    int biasOff;
    Activation.Kind kind = Activation.Kind.IDENTITY;
    float param;
    float[] z;
    int zOff;
    int ldz;

    static GemmEpilogue forThread() {
        return PER_THREAD.get();
    }

    GemmEpilogue set(float[] bias, int biasOff, Activation act, float[] z, int zOff, int ldz) {
        this.bias = bias;
        this.biasOff = biasOff;
        this.kind = act.kind();
        this.param = act.param();
        this.z = z;
        this.zOff = zOff;
        this.ldz = ldz;
        return this;
    }

    /** Drops the array references so that a finished call does not keep the caller's arrays alive. */
    void clear() {
        bias = null;
        z = null;
    }

    /**
     * Applies the epilogue to C rows [i0, i0+rows) × columns [j0, j0+cols) (global indices), C stored
     * from {@code cOff} with stride {@code ldc}: per row, one pass adding the bias (unless
     * {@code addBias} is false: the packed GEMM adds it in its kernels) and keeping Z, then the
     * activation's own array kernel in place. The activation is not called per vector: its vector bodies
     * are too large for C2 to inline into a GEMM loop, and an out-of-line call boxes every vector
     * (~10× slower).
     */
    void apply(boolean vector, boolean addBias, float[] c, int cOff, int ldc, int i0, int rows, int j0, int cols) {
        float[] bias = addBias ? this.bias : null;
        for (int r = 0; r < rows && (bias != null || z != null); r++) {
            int ci = cOff + (i0 + r) * ldc + j0;
            int zi = z == null ? 0 : zOff + (i0 + r) * ldz + j0;
            int bi = biasOff + j0;
            int j = vector ? VectorGemm.biasAndKeep(bias, z, c, ci, zi, bi, cols) : 0;
            for (; j < cols; j++) {
                float v = c[ci + j];
                if (bias != null) {
                    v += bias[bi + j];
                    c[ci + j] = v;
                }
                if (z != null) {
                    z[zi + j] = v;
                }
            }
        }
        if (kind == Activation.Kind.IDENTITY) {
            return;
        }
        if (cols == ldc) { // whole rows: the block is contiguous, one activation call covers it
            activate(vector, rows * cols, c, cOff + i0 * ldc);
        } else {
            for (int r = 0; r < rows; r++) {
                activate(vector, cols, c, cOff + (i0 + r) * ldc + j0);
            }
        }
    }

    private void activate(boolean vector, int n, float[] c, int off) {
        if (vector) {
            VectorActivations.forward(kind, param, n, c, off, c, off);
        } else {
            ScalarActivations.forward(kind, param, 0, n, c, off, c, off);
        }
    }
}
