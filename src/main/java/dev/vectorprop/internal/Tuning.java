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

    /**
     * Rows of the GEMM register tile (A elements broadcast per k step). 6 rows × 2 vectors = 12
     * independent FMA chains, the fewest that hide Zen 3's 4-cycle FMA latency at 2 FMAs per cycle
     * (8 chains reached 87–92% of peak, 12 reached 97% kernel-only). Measured tiles: 12×8 and 10×8 were
     * load-bound (0.82–0.84 of peak); 4×24, 3×32, 5×16 and 11×8 spilled under C2.
     */
    public static final int GEMM_MR = 6;

    /** Columns of the GEMM register tile: two vectors of the active width. */
    public static final int GEMM_NR = 2 * LANES;

    /**
     * Deepest k block. Each tile of C costs a fixed amount per k block (its running sums loaded and stored,
     * the call, the accumulators' start), so deep blocks win as long as the kernel keeps streaming its B
     * panel (KC·NR floats: 50 KiB at 800, from L2 once past L1) beside an A micro-panel in L1. Kernel alone
     * on the loop nest of a 256×784×512 product with A and B packed beforehand (interleaved, medians of
     * 15 time ratios against 4 blocks of 196): one block of 784 1.049–1.059×, two of 392 1.025×; 256×512×784
     * one block of 512 1.045×; 1024³ two blocks of 512 1.029×, one of 1024 1.003×. Whole products against
     * KC 256 ({@code scripts/ab}): forward 256×784×512 1.049, 1024³ 1.041, 512³ 1.060, 32×128×128 1.001.
     * The prototype's 256 (128 and 384 lost 10–30%) was for a 4×16 tile reading A rows KC apart.
     */
    public static final int GEMM_KC = 800;

    /**
     * Rows of A packed at once (a multiple of {@link #GEMM_MR}): MC·kc floats, 94–375 KiB for k blocks of
     * 196–800, held in L2 while the B panels stream past. 60 measured the same at 256×784×512 and 0.97×
     * at 1024³.
     */
    public static final int GEMM_MC = 120;

    /**
     * Largest packed B block (kc × nc floats: 128 KiB, well inside L2) whose tiles are visited row of
     * tiles by row of tiles rather than column panel by column panel. With a shallow k the kernel's
     * stores dominate, and walking C along its rows (each cache line of C finished at once, one stream
     * per row) beats holding one B panel in L1: input gradient of a 10-output layer (k = 10,
     * 256×512 of C) 1.23–1.31×, k = 32 1.07×, k = 48 1.10×, k = 64 1.05×; shapes whose B block is larger
     * (e.g. 256×784×512 with k blocks of 196) keep the BLIS order, where the two orders measured the same.
     */
    public static final int GEMM_ROWS_FIRST_FLOATS = 32 * 1024;

    /** Columns of B packed at once: KC·NC floats (2 MiB) stay in L3. A multiple of {@link #GEMM_NR}. */
    public static final int GEMM_NC = 2048;

    /**
     * Whether a row-major A is packed k step by k step (MR floats per step, the layout of a transposed A)
     * rather than row by row, for a product with n columns of C. The k-major kernel broadcasts its six A
     * values from one cache line per k step instead of six lines KC floats apart; kernel alone, same
     * sizes, interleaved (medians of 21–41 time ratios): 1.04–1.07× faster, more while other work shares
     * the core. Its packing is an 8 × 8 transpose instead of an arraycopy (about 0.3 ns more per float of
     * A), which each float of A repays over 2·n flops: worth it for wide C only.
     */
    public static boolean kMajorA(int n) {
        return n >= 256;
    }

    /**
     * Largest buffer (floats, per thread) for the running sums of C between k blocks: 8 MiB, enough
     * for 1024 × 2048 of C; a larger region adds each block's sums to C in place instead.
     */
    public static final int GEMM_ACC_MAX_FLOATS = 2 * 1024 * 1024;

    /**
     * Products below this many floating-point operations run on one thread: handing work to another
     * core costs a few microseconds, and two threads were slower than one at 64³ (0.5 MFLOP).
     */
    public static final long PARALLEL_MIN_FLOPS = 8_000_000;

    /**
     * Whether {@code C = Aᵀ·B} with A stored k × m (the weight gradient dZᵀ·X of a layer with m outputs)
     * runs as rank-8 updates of C reading B in place ({@code VectorFewRowsGemm}) instead of the packed
     * GEMM, which copies all of B into panels and computes a whole {@link #GEMM_MR}-row tile for them.
     * The rank-8 updates cost in proportion to m (each row of C passes over the B rows again), the packed
     * GEMM per tile, so they win for the fewest rows only. dW = dZᵀ·X of a layer batch × in × out,
     * interleaved A/B against the packed GEMM (medians of 21 ratios): out = 2 (256×512) 3.7×, 3 (1024×256)
     * 2.0×, 4 (256×128) 1.40×; not taken: out = 6 0.92–1.44×, 8 1.09×, 10 1.03×, 12 0.70×.
     */
    public static boolean fewRowsProduct(int m) {
        return m <= 4;
    }

    /**
     * Whether {@code C = Aᵀ·B} with A stored k × m (m rows of C, B k × n) reads B in place rather than
     * packing it: with at most two row tiles of C each packed panel of B would be used once or twice, so
     * copying all of B (the weight gradient dZᵀ·X of a narrow layer copies all of X) costs more than
     * the kernel's variable row step. Only while B is at most 1 MiB: the kernel walks B down its columns,
     * a page per few rows, which the prefetchers do not follow out of memory. dW = dZᵀ·X of a layer
     * batch × in × out, interleaved A/B against the packed GEMM (medians of 11–25 ratios, noisy host):
     * 64×784×12 1.62×, 256×784×11 1.52×, 256×512×10 1.19–1.34×, 256×256×10 1.16×, 32×512×10 0.94–1.17×,
     * 256×128×8 0.97–1.00×, 256×1024×10 0.98×; beyond 1 MiB 512×784×10 1.30×, 256×2048×10 0.88×,
     * 1024×784×10 0.42–0.47×.
     */
    public static boolean bInPlaceProduct(int m, int k, int n) {
        return m <= 2 * GEMM_MR && (long) k * n <= 1 << 18;
    }

    /**
     * Whether {@code C = A·Bᵀ} with B stored as rows (a weight matrix out × in) runs as dot products
     * along k ({@code VectorNarrowGemm}) instead of the packed GEMM, which computes whole tiles of
     * {@link #GEMM_NR} columns and copies all of A first. The dot products pay a fixed cost per element of
     * C (lane sums, store), so they need depth, the more the less of a tile the packed GEMM would waste:
     * up to half a tile's columns from k = 16 vectors, up to three quarters from k = 48 vectors.
     * Forward pass of a layer (batch × in × out), interleaved A/B against the packed GEMM, medians of 41
     * ratios: 256×128×4 1.62×, 1024×256×4 1.76×, 256×256×6 1.30×, 256×256×8 1.24×; 256×512×10 1.21×,
     * 32×512×10 1.35×, 256×512×12 1.17×, 64×784×12 1.19×; below the rule 256×128×10 0.90×, 256×256×10
     * 0.99×, 256×256×12 0.95×.
     */
    public static boolean narrowProduct(int n, int k) {
        return (2 * n <= GEMM_NR && k >= 16 * LANES) || (4 * n <= 3 * GEMM_NR && k >= 48 * LANES);
    }
}
