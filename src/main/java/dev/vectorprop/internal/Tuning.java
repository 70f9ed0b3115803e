package dev.vectorprop.internal;

/**
 * Block sizes and size thresholds of the kernels, in one place. Derived from the active vector width
 * ({@link Platform#floatLanes()}) and from cache sizes typical of current x86 and Arm cores
 * (32–48 KiB L1d, 512 KiB–2 MiB L2); the figures behind each choice are in the comments.
 */
public final class Tuning {

    private Tuning() {}

    /** Float lanes of the active path (1 on the scalar path). */
    public static final int LANES = Platform.floatLanes();

    /** Rows of the GEMM register tile (A elements broadcast per k step). */
    public static final int GEMM_MR = 4;

    /**
     * Columns of the GEMM register tile: two vectors. 4 × 2 vectors = 8 accumulators + 2 B vectors +
     * 1 broadcast fits the 16 vector registers of AVX2 with C2's scheduling; larger tiles spilled.
     */
    public static final int GEMM_NR = 2 * LANES;

    /** Depth of a packed panel: KC·(MR+NR) floats stay in L1 (256 measured best; 128 and 384 lost 10–30%). */
    public static final int GEMM_KC = 256;

    /** Rows of A packed at once: MC·KC floats (128 KiB) stay in L2. A multiple of {@link #GEMM_MR}. */
    public static final int GEMM_MC = 128;

    /** Columns of B packed at once: KC·NC floats (2 MiB) stay in L3. A multiple of {@link #GEMM_NR}. */
    public static final int GEMM_NC = 2048;

    /**
     * Below this many bytes of B (k·n·4), non-transposed B is read in place instead of being packed:
     * it already sits in L2, and packing would cost as much as the product at small shapes.
     */
    public static final long GEMM_DIRECT_B_MAX_BYTES = 256 * 1024;

    /**
     * Products below this many floating-point operations run on one thread: handing work to another
     * core costs a few microseconds, and two threads were slower than one at 64³ (0.5 MFLOP).
     */
    public static final long PARALLEL_MIN_FLOPS = 8_000_000;
}
