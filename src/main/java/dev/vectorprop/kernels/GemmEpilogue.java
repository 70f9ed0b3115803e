package dev.vectorprop.kernels;

/**
 * What the GEMM does to each finished block of C (MC rows × NC columns) after its last k block, while
 * the block is still in L2: add a bias per column (unless the packed GEMM has added it in its kernels)
 * and apply an activation, in place or into a separate Y. Used by {@link Linear}'s forward pass so that
 * no second pass over Y is needed; when Z must be kept, the GEMM writes Z and the activation reads it
 * to write Y (no copy of Z).
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
    /** Where the activation writes (C's element (i, j) goes to {@code y[yOff + i·ldy + j]}); null: into C. */
    float[] y;
    int yOff;
    int ldy;

    static GemmEpilogue forThread() {
        return PER_THREAD.get();
    }

    GemmEpilogue set(float[] bias, int biasOff, Activation act, float[] y, int yOff, int ldy) {
        this.bias = bias;
        this.biasOff = biasOff;
        this.kind = act.kind();
        this.param = act.param();
        this.y = y;
        this.yOff = yOff;
        this.ldy = ldy;
        return this;
    }

    /**
     * Whether the packed GEMM should leave the bias to {@link #applyBiasRelu} (ReLU in place: one pass of
     * {@code max(c + b, 0)} over each finished block) rather than add it in its kernels: their source
     * store path costs more than the extra load and add in a pass that runs anyway (fused forward
     * 32×128×128 relu 1.02–1.07× faster, scripts/ab). Not for the narrow path's 10-column rows, where
     * the bias pass and one ReLU call over the contiguous stripe measured 3 % faster than a fused pass
     * row by row.
     */
    boolean biasInActivationPass() {
        return bias != null && kind == Activation.Kind.RELU && y == null;
    }

    /** {@link #apply} when {@link #biasInActivationPass}: {@code c = max(c + bias, 0)}, row by row. */
    void applyBiasRelu(float[] c, int cOff, int ldc, int i0, int rows, int j0, int cols) {
        for (int r = 0; r < rows; r++) {
            int ci = cOff + (i0 + r) * ldc + j0;
            int bi = biasOff + j0;
            int j = VectorGemm.addBiasRelu(bias, c, ci, bi, cols);
            for (; j < cols; j++) {
                c[ci + j] = Math.max(c[ci + j] + bias[bi + j], 0f);
            }
        }
    }

    /** Drops the array references so that a finished call does not keep the caller's arrays alive. */
    void clear() {
        bias = null;
        y = null;
    }

    /**
     * Applies the epilogue to C rows [i0, i0+rows) × columns [j0, j0+cols) (global indices), C stored
     * from {@code cOff} with stride {@code ldc}: per row, a pass adding the bias (unless {@code addBias}
     * is false: the packed GEMM adds it in its kernels), then the activation's own array kernel, from C
     * into Y or in place. The activation is not called per vector: its vector bodies are too large for
     * C2 to inline into a GEMM loop, and an out-of-line call boxes every vector (~10× slower).
     */
    void apply(boolean vector, boolean addBias, float[] c, int cOff, int ldc, int i0, int rows, int j0, int cols) {
        if (addBias && bias != null) {
            for (int r = 0; r < rows; r++) {
                int ci = cOff + (i0 + r) * ldc + j0;
                int bi = biasOff + j0;
                int j = vector ? VectorGemm.addBias(bias, c, ci, bi, cols) : 0;
                for (; j < cols; j++) {
                    c[ci + j] += bias[bi + j];
                }
            }
        }
        if (kind == Activation.Kind.IDENTITY && y == null) {
            return;
        }
        float[] out = y == null ? c : y;
        int outOff = y == null ? cOff : yOff;
        int ldo = y == null ? ldc : ldy;
        if (cols == ldc && cols == ldo) { // whole rows: the block is contiguous, one activation call covers it
            activate(vector, rows * cols, c, cOff + i0 * ldc, out, outOff + i0 * ldo);
        } else {
            for (int r = 0; r < rows; r++) {
                activate(vector, cols, c, cOff + (i0 + r) * ldc + j0, out, outOff + (i0 + r) * ldo + j0);
            }
        }
    }

    private void activate(boolean vector, int n, float[] z, int zOff, float[] out, int outOff) {
        if (vector) {
            VectorActivations.forward(kind, param, n, z, zOff, out, outOff);
        } else {
            ScalarActivations.forward(kind, param, 0, n, z, zOff, out, outOff);
        }
    }
}
