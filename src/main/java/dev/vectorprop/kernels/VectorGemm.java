package dev.vectorprop.kernels;

import static dev.vectorprop.internal.Tuning.GEMM_KC;
import static dev.vectorprop.internal.Tuning.GEMM_MC;
import static dev.vectorprop.internal.Tuning.GEMM_MR;
import static dev.vectorprop.internal.Tuning.GEMM_NC;
import static dev.vectorprop.internal.Tuning.GEMM_NR;

import dev.vectorprop.internal.Parallel;
import dev.vectorprop.internal.Platform;
import dev.vectorprop.internal.Tuning;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Vector API body of {@link Gemm}: blocking, packing, threads and the matrix–vector paths. */
final class VectorGemm {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int MR = GEMM_MR;
    private static final int NR = GEMM_NR;
    private static final int KC = GEMM_KC;

    /**
     * Slack after every packed buffer. C2 speculates on the kernel's range checks (hoisting them
     * out of the k loop); when a panel ends exactly at the end of its array the speculation fails
     * once, the kernel is deoptimised, and the recompiled version spills every accumulator (3× slower).
     */
    static final int PAD = 4 * NR;

    /** Per-thread packing buffers, grown on demand and then reused: no allocation in steady state. */
    static final class Workspace {
        final float[] a = new float[GEMM_MC * GEMM_KC + PAD];
        final float[] tile = new float[MR * NR + PAD];
        final float[] pair = new float[2 * GEMM_KC + PAD];
        private float[] b = new float[0];
        private float[] acc = new float[0];
        private float[] v1 = new float[0];
        private float[] v2 = new float[0];

        float[] b(int size) {
            if (b.length < size + PAD) {
                b = new float[size + PAD];
            }
            return b;
        }

        float[] acc(int size) {
            if (acc.length < size + PAD) {
                acc = new float[size + PAD];
            }
            return acc;
        }

        float[] v1(int size) {
            if (v1.length < size) {
                v1 = new float[size];
            }
            return v1;
        }

        float[] v2(int size) {
            if (v2.length < size) {
                v2 = new float[size];
            }
            return v2;
        }
    }

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    private VectorGemm() {}

    /** This thread's scratch tile ({@code 10·NR} floats), for kernels outside this class. */
    static float[] scratchTile() {
        return WORKSPACE.get().tile;
    }

    /**
     * Arguments checked; {@code m, n > 0}. {@code pb} replaces b when non-null; {@code ep} (nullable)
     * is applied to each block of C after its last k block.
     */
    static void sgemm(boolean tA, boolean tB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb, PackedMatrix pb, float beta, float[] c, int cOff, int ldc,
                      GemmEpilogue ep) {
        if (k == 0 || alpha == 0f || (pb == null && (m == 1 || n == 1))) {
            if (k == 0 || alpha == 0f) {
                scale(beta, c, cOff, ldc, 0, m, 0, n);
            } else {
                gemv(tA, tB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            }
            if (ep != null) { // matrix–vector sized: a separate pass costs nothing measurable
                ep.apply(true, true, c, cOff, ldc, 0, m, 0, n);
            }
            return;
        }
        if (pb == null && tA && !tB && ep == null && Tuning.fewRowsProduct(m)) {
            VectorFewRowsGemm.sgemm(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        if (pb == null && !tA && tB && Tuning.narrowProduct(n, k)) {
            VectorNarrowGemm.sgemm(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, ep);
            return;
        }
        int parts = 2L * m * n * k < Tuning.PARALLEL_MIN_FLOPS ? 1 : Parallel.parallelism();
        if (parts <= 1) {
            region(tA, tB, k, alpha, a, aOff, lda, b, bOff, ldb, pb, beta, c, cOff, ldc, ep, 0, m, 0, n);
            return;
        }
        // Split C into blocks aligned to the register tile, so each element is computed exactly as on
        // one thread (same KC blocking, same kernel), whatever the number of parts. Each part packs all
        // of the operand it does not split; packing a float of B costs about a third of one of A
        // (vector copies against a scalar interleave), so rows are split unless C is much wider.
        boolean byColumns = n > 3L * m;
        int tiles = byColumns ? Math.ceilDiv(n, NR) : Math.ceilDiv(m, MR);
        int p = Math.min(parts, tiles);
        Parallel.run(p, t -> {
            int from = (int) ((long) tiles * t / p);
            int to = (int) ((long) tiles * (t + 1) / p);
            if (byColumns) {
                region(tA, tB, k, alpha, a, aOff, lda, b, bOff, ldb, pb, beta, c, cOff, ldc, ep,
                        0, m, from * NR, Math.min(n, to * NR));
            } else {
                region(tA, tB, k, alpha, a, aOff, lda, b, bOff, ldb, pb, beta, c, cOff, ldc, ep,
                        from * MR, Math.min(m, to * MR), 0, n);
            }
        });
    }

    /**
     * C rows [i0, i1) × columns [j0, j1), with j0 a multiple of NR. Alpha is applied while packing A;
     * C is scaled by beta first, except when beta is 0: then the first k block overwrites (never
     * reading C). With several k blocks, the partial sums of all but the last live in a tile-major
     * buffer (see {@link #accumulationBuffer}) and the last block adds them while storing to C.
     */
    private static void region(boolean tA, boolean tB, int k, float alpha, float[] a, int aOff, int lda,
                               float[] b, int bOff, int ldb, PackedMatrix pb, float beta,
                               float[] c, int cOff, int ldc, GemmEpilogue ep, int i0, int i1, int j0, int j1) {
        Workspace ws = WORKSPACE.get();
        if (beta != 0f) { // beta == 0: the first k block overwrites C instead (no extra pass, C never read)
            scale(beta, c, cOff, ldc, i0, i1, j0, j1);
        }
        if (tA && !tB && pb == null && ep == null && Platform.FMA && Tuning.bInPlaceProduct(i1 - i0, k, j1 - j0)) {
            regionBInPlace(k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, i0, i1, j0, j1, ws);
            return;
        }
        int kcMax = kBlock(k);
        int mPad = roundUp(i1 - i0, MR);
        // A panels k step by k step (MR floats per step), read by kernelKMajor; else rows KC apart (kernel).
        boolean kMajor = tA || (VectorTranspose.AVAILABLE && Tuning.kMajorA(j1 - j0));
        // The bias enters as the running sum the first k block starts from (its row read for every row of
        // the tile, stride 0): added in the kernel's store phase instead of a pass of the epilogue, unless
        // the epilogue's ReLU pass adds it (GemmEpilogue.biasInActivationPass).
        float[] bias = ep != null && beta == 0f && !ep.biasInActivationPass() ? ep.bias : null;
        for (int jc = j0; jc < j1; jc += GEMM_NC) {
            int nc = Math.min(GEMM_NC, j1 - jc);
            int ncPad = roundUp(nc, NR);
            float[] acc = accumulationBuffer(ws, k, kcMax, mPad, ncPad);
            for (int pc = 0; pc < k; pc += kcMax) {
                int kc = Math.min(kcMax, k - pc);
                boolean first = pc == 0;
                boolean last = pc + kc == k;
                float[] bBuf;
                int bBase;
                if (pb != null) {
                    bBuf = pb.data;
                    bBase = pb.panelOffset(pc, kc, jc);
                } else {
                    bBuf = ws.b(ncPad * kc);
                    packB(bBuf, 0, tB, b, bOff, ldb, pc, kc, jc, nc);
                    bBase = 0;
                }
                // Tile order (same tiles, same sums): across each row of tiles for a small B block.
                boolean rowsFirst = kc * ncPad <= Tuning.GEMM_ROWS_FIRST_FLOATS;
                for (int ic = i0; ic < i1; ic += GEMM_MC) {
                    int mc = Math.min(GEMM_MC, i1 - ic);
                    int mcPad = roundUp(mc, MR);
                    packA(ws.a, tA, kMajor, alpha, a, aOff, lda, ic, mc, pc, kc);
                    int outerEnd = rowsFirst ? mc : nc, outerStep = rowsFirst ? MR : NR;
                    int innerEnd = rowsFirst ? nc : mc, innerStep = rowsFirst ? NR : MR;
                    for (int outer = 0; outer < outerEnd; outer += outerStep) {
                        for (int inner = 0; inner < innerEnd; inner += innerStep) {
                            int jr = rowsFirst ? inner : outer;
                            int ir = rowsFirst ? outer : inner;
                            int nr = Math.min(NR, nc - jr);
                            int bo = bBase + jr * kc;
                            int cRow = cOff + ic * ldc + jc + jr;
                            int tRow = (ic - i0) * ncPad + jr * mcPad; // this column of tiles in acc
                            int mr = Math.min(MR, mc - ir);
                            // Source of the running sum (null: none, C is overwritten) and destination of
                            // the new one: C, or the tile in acc.
                            int ci = cRow + ir * ldc;
                            int ti = tRow + ir * NR;
                            boolean srcInC = first || acc == null;
                            boolean dstInC = last || acc == null;
                            boolean fromBias = first && bias != null;
                            float[] src = fromBias ? bias : first && beta == 0f ? null : srcInC ? c : acc;
                            int si = fromBias ? ep.biasOff + jc + jr : srcInC ? ci : ti;
                            int lds = fromBias ? 0 : srcInC ? ldc : NR;
                            float[] dst = dstInC ? c : acc;
                            int di = dstInC ? ci : ti;
                            int ldd = dstInC ? ldc : NR;
                            // acc holds whole tiles, so only a ragged tile of C needs the scratch tile; the two-row
                            // kernel writes just its two rows.
                            boolean wholeAnyway = (src == null || !srcInC) && !dstInC;
                            boolean whole = wholeAnyway || (nr == NR && (mr == MR || mr == 2));
                            float[] kDst = whole ? dst : ws.tile;
                            int kdi = whole ? di : 0;
                            int kld = whole ? ldd : NR;
                            float[] kSrc = whole ? src : null;
                            // This tile and the whole ones of its kind after it along the inner loop in one call.
                            int run = 1;
                            if (whole) {
                                for (int t = inner + innerStep; t < innerEnd; t += innerStep, run++) {
                                    int mrT = rowsFirst ? mr : Math.min(MR, mc - t);
                                    int nrT = rowsFirst ? Math.min(NR, nc - t) : nr;
                                    boolean wholeT = wholeAnyway || (nrT == NR && (mrT == MR || mrT == 2));
                                    if ((mrT <= 2) != (mr <= 2) || !wholeT) {
                                        break;
                                    }
                                }
                            }
                            int cStep = rowsFirst ? NR : MR * ldc;
                            int tStep = rowsFirst ? NR * mcPad : MR * NR;
                            int srcStep = fromBias ? (rowsFirst ? NR : 0) : srcInC ? cStep : tStep;
                            int dstStep = dstInC ? cStep : tStep;
                            int bStep = rowsFirst ? NR * kc : 0;
                            if (mr <= 2) { // runs along a row (row-first order), pairs across panels (else)
                                int count = run;
                                if (!rowsFirst && whole) {
                                    // Column-panel order: the tail tiles of panels 2q and 2q + 1 in one call at
                                    // panel 2q, none at 2q + 1 (whole here means whole at 2q too).
                                    int nrNext = Math.min(NR, nc - jr - NR);
                                    boolean odd = (jr / NR) % 2 == 1;
                                    count = odd ? 0 : nrNext > 0 && (wholeAnyway || nrNext == NR) ? 2 : 1;
                                    bStep = NR * kc;
                                    srcStep = srcInC ? NR : NR * mcPad;
                                    dstStep = dstInC ? NR : NR * mcPad;
                                }
                                if (count > 0) {
                                    kernelTwoRows(count, kc, ws.a, kMajor ? ir * kc : ir * KC, kMajor ? 1 : KC,
                                            kMajor ? MR : 1, bBuf, bo, bStep, kSrc, si, lds, srcStep, kDst, kdi, kld,
                                            dstStep, ws.pair, ws.tile);
                                }
                            } else {
                                int aStep = rowsFirst ? 0 : kMajor ? MR * kc : MR * KC;
                                if (kMajor) {
                                    kernelKMajor(run, kc, ws.a, ir * kc, aStep, bBuf, bo, bStep, kSrc, si, lds, srcStep,
                                            kDst, kdi, kld, dstStep);
                                } else {
                                    kernel(run, kc, ws.a, ir * KC, aStep, bBuf, bo, bStep, kSrc, si, lds, srcStep,
                                            kDst, kdi, kld, dstStep);
                                }
                            }
                            inner += (run - 1) * innerStep;
                            if (!whole) {
                                addTile(ws.tile, mr, nr, src, si, lds, dst, di, ldd);
                            }
                        }
                    }
                    if (last && ep != null) { // this MC × NC block of C is final and still in L2
                        if (ep.biasInActivationPass()) {
                            ep.applyBiasRelu(c, cOff, ldc, ic, mc, jc, nc);
                        } else {
                            ep.apply(true, bias == null, c, cOff, ldc, ic, mc, jc, nc);
                        }
                    }
                }
            }
        }
    }

    /**
     * {@link #region} for {@code C = Aᵀ·B} with at most two row tiles ({@link Tuning#bInPlaceProduct}: the
     * weight gradient dZᵀ·X of a narrow layer): B is read in place, row after row, by
     * {@link #kernelKMajorStrided}, where the packed path would copy all of B (X, batch × in) into panels
     * to use each of them once or twice. Column panel by column panel, so that the second row tile reads
     * the panel from L1. C holds the running sums between k blocks; every sum is computed as on the packed
     * path (same k blocks, same order), so results do not depend on which path or split computed them.
     */
    private static void regionBInPlace(int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff,
                                       int ldb, float beta, float[] c, int cOff, int ldc, int i0, int i1, int j0,
                                       int j1, Workspace ws) {
        int kcMax = kBlock(k);
        int mc = i1 - i0;
        for (int pc = 0; pc < k; pc += kcMax) {
            int kc = Math.min(kcMax, k - pc);
            float[] src = pc == 0 && beta == 0f ? null : c;
            packA(ws.a, true, true, alpha, a, aOff, lda, i0, mc, pc, kc);
            for (int jr = j0; jr < j1; jr += NR) {
                int nr = Math.min(NR, j1 - jr);
                float[] bBuf = b;
                int bi = bOff + pc * ldb + jr;
                if (nr < NR) { // the ragged last panel, packed with zero columns
                    bBuf = ws.b(NR * kc);
                    packB(bBuf, 0, false, b, bOff, ldb, pc, kc, jr, nr);
                    bi = 0;
                }
                for (int ir = 0; ir < mc; ir += MR) {
                    int mr = Math.min(MR, mc - ir);
                    int ci = cOff + (i0 + ir) * ldc + jr;
                    boolean direct = mr == MR && nr == NR;
                    float[] kDst = direct ? c : ws.tile;
                    int kdi = direct ? ci : 0;
                    int kld = direct ? ldc : NR;
                    float[] kSrc = direct ? src : null;
                    if (nr == NR) {
                        kernelKMajorStrided(kc, ws.a, ir * kc, b, bi, ldb, kSrc, ci, ldc, kDst, kdi, kld);
                    } else {
                        kernelKMajor(1, kc, ws.a, ir * kc, 0, bBuf, bi, 0, null, 0, 0, 0, kDst, kdi, kld, 0);
                    }
                    if (!direct) {
                        addTile(ws.tile, mr, nr, src, ci, ldc, c, ci, ldc);
                    }
                }
            }
        }
    }

    /**
     * Depth of the k blocks: at most {@link Tuning#GEMM_KC}, the blocks balanced (k = 1610 gives 3 × 538
     * rather than 2 × 800 + 10, whose last block would load and store every C tile for 10 steps).
     * Even, for the kernel's unroll by two. {@link #packWhole} walks the same blocks.
     */
    static int kBlock(int k) {
        int blocks = Math.max(1, Math.ceilDiv(k, GEMM_KC));
        return Math.min(GEMM_KC, roundUp(Math.ceilDiv(k, blocks), 2));
    }

    /**
     * Running sums between k blocks, one MR × NR tile after another in the order the loops visit them.
     * Adding a block's sums to C in place made every tile load six rows ldc apart from L3 or memory
     * while the FMA units idle (at 1024³ the kernels ran at 65–75% of peak against C, 92% against
     * contiguous tiles). Null when there is a single k block (C is then written once) or the buffer
     * would exceed {@link Tuning#GEMM_ACC_MAX_FLOATS}.
     */
    private static float[] accumulationBuffer(Workspace ws, int k, int kc, int mPad, int ncPad) {
        long size = (long) mPad * ncPad;
        if (k <= kc || size > Tuning.GEMM_ACC_MAX_FLOATS) {
            return null;
        }
        return ws.acc((int) size);
    }

    private static int roundUp(int v, int multiple) {
        return Math.ceilDiv(v, multiple) * multiple;
    }

    /**
     * The vector part of the bias pass of {@link GemmEpilogue#apply} for one row, over whole vectors.
     * Returns the number of columns done; the caller finishes the rest in scalar code.
     */
    static int addBias(float[] bias, float[] c, int ci, int bi, int cols) {
        int bound = cols - cols % L;
        int j = 0;
        for (; j < bound; j += L) { // counted (j + L <= cols is not): range checks hoisted, unrolled
            FloatVector.fromArray(S, c, ci + j).add(FloatVector.fromArray(S, bias, bi + j)).intoArray(c, ci + j);
        }
        return j;
    }

    /** {@link #addBias} and ReLU in one pass: {@code c = max(c + bias, 0)}. */
    static int addBiasRelu(float[] bias, float[] c, int ci, int bi, int cols) {
        int bound = cols - cols % L;
        int j = 0;
        for (; j < bound; j += L) {
            FloatVector.fromArray(S, c, ci + j).add(FloatVector.fromArray(S, bias, bi + j)).max(0f)
                    .intoArray(c, ci + j);
        }
        return j;
    }

    static void scale(float beta, float[] c, int cOff, int ldc, int i0, int i1, int j0, int j1) {
        if (beta == 1f) {
            return;
        }
        for (int i = i0; i < i1; i++) {
            int row = cOff + i * ldc;
            if (beta == 0f) {
                VectorArrayKernels.fill(j1 - j0, 0f, c, row + j0);
            } else {
                VectorArrayKernels.scale(j1 - j0, beta, c, row + j0, c, row + j0);
            }
        }
    }

    /**
     * The MR × NR register tile (6 rows × 2 vectors: 12 accumulators) over kc steps:
     * {@code dst_tile = src_tile + A_panel·B_panel}, or {@code dst_tile = A_panel·B_panel} when src is
     * null (src and dst are C or the buffer of running sums, rows lds / ldd apart). A panel: its rows
     * {@link Tuning#GEMM_KC} floats apart (constant offsets from one index); B panel: NR floats per k step.
     * {@code count} tiles in a row, each one's A panel, B panel, src and dst {@code aStep, bStep, srcStep,
     * dstStep} floats after the one before (a stride of 0: the same panel; the bias enters as src with
     * {@code lds} 0): one call per run of whole tiles rather than per tile, which with a shallow k (dX of
     * a 10-output layer, kc = 10) cost as much as the tile (1.09×, dW of 256×784×512 1.065×, scripts/ab).
     *
     * <p>The shape of this method is deliberate and fragile (checked in C2's disassembly on JDK 25,
     * AVX2): the k loop unrolled by two and written {@code k + 2 <= kc}, which C2 does not treat as a
     * counted loop, keeps 12 accumulators + 2 B vectors + 2 broadcasts in the 16 ymm registers. The plain
     * loop, the counted {@code kk < kc/2} form, unrolling by 3 or 4, a variable B stride, or alpha/beta
     * and edge handling inside this method each made C2 spill an accumulator to the stack, at under
     * half the speed (~40 vs ~98 GFLOP/s kernel-only). Scaling by alpha and beta and ragged edges are
     * therefore handled around it.
     */
    static void kernel(int count, int kc, float[] ap, int ai0, int aStep, float[] bp, int bi0, int bStep,
                       float[] src, int si0, int lds, int srcStep, float[] dst, int di0, int ldd, int dstStep) {
        if (!Platform.FMA) {
            for (int t = 0; t < count; t++) {
                kernelNoFma(kc, ap, ai0 + t * aStep, KC, 1, bp, bi0 + t * bStep, src, si0 + t * srcStep, lds, dst,
                        di0 + t * dstStep, ldd);
            }
            return;
        }
        for (int t = 0; t < count; t++, ai0 += aStep, bi0 += bStep, si0 += srcStep, di0 += dstStep) {
            int ai = ai0, bi = bi0, si = si0, di = di0;
            FloatVector c00 = FloatVector.zero(S);
            FloatVector c01 = FloatVector.zero(S);
            FloatVector c10 = FloatVector.zero(S);
            FloatVector c11 = FloatVector.zero(S);
            FloatVector c20 = FloatVector.zero(S);
            FloatVector c21 = FloatVector.zero(S);
            FloatVector c30 = FloatVector.zero(S);
            FloatVector c31 = FloatVector.zero(S);
            FloatVector c40 = FloatVector.zero(S);
            FloatVector c41 = FloatVector.zero(S);
            FloatVector c50 = FloatVector.zero(S);
            FloatVector c51 = FloatVector.zero(S);
            int k = 0;
            for (; k + 2 <= kc; k += 2) {
                FloatVector b0x = FloatVector.fromArray(S, bp, bi);
                FloatVector b1x = FloatVector.fromArray(S, bp, bi + L);
                FloatVector a0x = FloatVector.broadcast(S, ap[ai + 0 * KC]);
                c00 = a0x.fma(b0x, c00);
                c01 = a0x.fma(b1x, c01);
                FloatVector a1x = FloatVector.broadcast(S, ap[ai + 1 * KC]);
                c10 = a1x.fma(b0x, c10);
                c11 = a1x.fma(b1x, c11);
                FloatVector a2x = FloatVector.broadcast(S, ap[ai + 2 * KC]);
                c20 = a2x.fma(b0x, c20);
                c21 = a2x.fma(b1x, c21);
                FloatVector a3x = FloatVector.broadcast(S, ap[ai + 3 * KC]);
                c30 = a3x.fma(b0x, c30);
                c31 = a3x.fma(b1x, c31);
                FloatVector a4x = FloatVector.broadcast(S, ap[ai + 4 * KC]);
                c40 = a4x.fma(b0x, c40);
                c41 = a4x.fma(b1x, c41);
                FloatVector a5x = FloatVector.broadcast(S, ap[ai + 5 * KC]);
                c50 = a5x.fma(b0x, c50);
                c51 = a5x.fma(b1x, c51);
                FloatVector b0y = FloatVector.fromArray(S, bp, bi + NR);
                FloatVector b1y = FloatVector.fromArray(S, bp, bi + NR + L);
                FloatVector a0y = FloatVector.broadcast(S, ap[ai + 0 * KC + 1]);
                c00 = a0y.fma(b0y, c00);
                c01 = a0y.fma(b1y, c01);
                FloatVector a1y = FloatVector.broadcast(S, ap[ai + 1 * KC + 1]);
                c10 = a1y.fma(b0y, c10);
                c11 = a1y.fma(b1y, c11);
                FloatVector a2y = FloatVector.broadcast(S, ap[ai + 2 * KC + 1]);
                c20 = a2y.fma(b0y, c20);
                c21 = a2y.fma(b1y, c21);
                FloatVector a3y = FloatVector.broadcast(S, ap[ai + 3 * KC + 1]);
                c30 = a3y.fma(b0y, c30);
                c31 = a3y.fma(b1y, c31);
                FloatVector a4y = FloatVector.broadcast(S, ap[ai + 4 * KC + 1]);
                c40 = a4y.fma(b0y, c40);
                c41 = a4y.fma(b1y, c41);
                FloatVector a5y = FloatVector.broadcast(S, ap[ai + 5 * KC + 1]);
                c50 = a5y.fma(b0y, c50);
                c51 = a5y.fma(b1y, c51);
                ai += 2;
                bi += 2 * NR;
            }
            for (; k < kc; k++) {
                    FloatVector b0x = FloatVector.fromArray(S, bp, bi);
                    FloatVector b1x = FloatVector.fromArray(S, bp, bi + L);
                    FloatVector a0x = FloatVector.broadcast(S, ap[ai + 0 * KC]);
                    c00 = a0x.fma(b0x, c00);
                    c01 = a0x.fma(b1x, c01);
                    FloatVector a1x = FloatVector.broadcast(S, ap[ai + 1 * KC]);
                    c10 = a1x.fma(b0x, c10);
                    c11 = a1x.fma(b1x, c11);
                    FloatVector a2x = FloatVector.broadcast(S, ap[ai + 2 * KC]);
                    c20 = a2x.fma(b0x, c20);
                    c21 = a2x.fma(b1x, c21);
                    FloatVector a3x = FloatVector.broadcast(S, ap[ai + 3 * KC]);
                    c30 = a3x.fma(b0x, c30);
                    c31 = a3x.fma(b1x, c31);
                    FloatVector a4x = FloatVector.broadcast(S, ap[ai + 4 * KC]);
                    c40 = a4x.fma(b0x, c40);
                    c41 = a4x.fma(b1x, c41);
                    FloatVector a5x = FloatVector.broadcast(S, ap[ai + 5 * KC]);
                    c50 = a5x.fma(b0x, c50);
                    c51 = a5x.fma(b1x, c51);
                ai += 1;
                bi += NR;
            }
            int d0 = di, d1 = d0 + ldd, d2 = d1 + ldd, d3 = d2 + ldd, d4 = d3 + ldd, d5 = d4 + ldd;
            if (src == null) {
                c00.intoArray(dst, d0);
                c01.intoArray(dst, d0 + L);
                c10.intoArray(dst, d1);
                c11.intoArray(dst, d1 + L);
                c20.intoArray(dst, d2);
                c21.intoArray(dst, d2 + L);
                c30.intoArray(dst, d3);
                c31.intoArray(dst, d3 + L);
                c40.intoArray(dst, d4);
                c41.intoArray(dst, d4 + L);
                c50.intoArray(dst, d5);
                c51.intoArray(dst, d5 + L);
            } else {
                int s0 = si, s1 = s0 + lds, s2 = s1 + lds, s3 = s2 + lds, s4 = s3 + lds, s5 = s4 + lds;
                FloatVector.fromArray(S, src, s0).add(c00).intoArray(dst, d0);
                FloatVector.fromArray(S, src, s0 + L).add(c01).intoArray(dst, d0 + L);
                FloatVector.fromArray(S, src, s1).add(c10).intoArray(dst, d1);
                FloatVector.fromArray(S, src, s1 + L).add(c11).intoArray(dst, d1 + L);
                FloatVector.fromArray(S, src, s2).add(c20).intoArray(dst, d2);
                FloatVector.fromArray(S, src, s2 + L).add(c21).intoArray(dst, d2 + L);
                FloatVector.fromArray(S, src, s3).add(c30).intoArray(dst, d3);
                FloatVector.fromArray(S, src, s3 + L).add(c31).intoArray(dst, d3 + L);
                FloatVector.fromArray(S, src, s4).add(c40).intoArray(dst, d4);
                FloatVector.fromArray(S, src, s4 + L).add(c41).intoArray(dst, d4 + L);
                FloatVector.fromArray(S, src, s5).add(c50).intoArray(dst, d5);
                FloatVector.fromArray(S, src, s5 + L).add(c51).intoArray(dst, d5 + L);
            }
        }
    }

    /**
     * {@link #kernel} for an A panel stored k step by k step (MR floats per step), the layout a transposed
     * A packs into with contiguous reads. Same loop form and tile runs, checked spill-free the same way.
     */
    static void kernelKMajor(int count, int kc, float[] ap, int ai0, int aStep, float[] bp, int bi0, int bStep,
                       float[] src, int si0, int lds, int srcStep, float[] dst, int di0, int ldd, int dstStep) {
        if (!Platform.FMA) {
            for (int t = 0; t < count; t++) {
                kernelNoFma(kc, ap, ai0 + t * aStep, 1, MR, bp, bi0 + t * bStep, src, si0 + t * srcStep, lds, dst,
                        di0 + t * dstStep, ldd);
            }
            return;
        }
        for (int t = 0; t < count; t++, ai0 += aStep, bi0 += bStep, si0 += srcStep, di0 += dstStep) {
            int ai = ai0, bi = bi0, si = si0, di = di0;
            FloatVector c00 = FloatVector.zero(S);
            FloatVector c01 = FloatVector.zero(S);
            FloatVector c10 = FloatVector.zero(S);
            FloatVector c11 = FloatVector.zero(S);
            FloatVector c20 = FloatVector.zero(S);
            FloatVector c21 = FloatVector.zero(S);
            FloatVector c30 = FloatVector.zero(S);
            FloatVector c31 = FloatVector.zero(S);
            FloatVector c40 = FloatVector.zero(S);
            FloatVector c41 = FloatVector.zero(S);
            FloatVector c50 = FloatVector.zero(S);
            FloatVector c51 = FloatVector.zero(S);
            int k = 0;
            for (; k + 2 <= kc; k += 2) {
                FloatVector b0x = FloatVector.fromArray(S, bp, bi);
                FloatVector b1x = FloatVector.fromArray(S, bp, bi + L);
                FloatVector a0x = FloatVector.broadcast(S, ap[ai + 0]);
                c00 = a0x.fma(b0x, c00);
                c01 = a0x.fma(b1x, c01);
                FloatVector a1x = FloatVector.broadcast(S, ap[ai + 1]);
                c10 = a1x.fma(b0x, c10);
                c11 = a1x.fma(b1x, c11);
                FloatVector a2x = FloatVector.broadcast(S, ap[ai + 2]);
                c20 = a2x.fma(b0x, c20);
                c21 = a2x.fma(b1x, c21);
                FloatVector a3x = FloatVector.broadcast(S, ap[ai + 3]);
                c30 = a3x.fma(b0x, c30);
                c31 = a3x.fma(b1x, c31);
                FloatVector a4x = FloatVector.broadcast(S, ap[ai + 4]);
                c40 = a4x.fma(b0x, c40);
                c41 = a4x.fma(b1x, c41);
                FloatVector a5x = FloatVector.broadcast(S, ap[ai + 5]);
                c50 = a5x.fma(b0x, c50);
                c51 = a5x.fma(b1x, c51);
                FloatVector b0y = FloatVector.fromArray(S, bp, bi + NR);
                FloatVector b1y = FloatVector.fromArray(S, bp, bi + NR + L);
                FloatVector a0y = FloatVector.broadcast(S, ap[ai + 6]);
                c00 = a0y.fma(b0y, c00);
                c01 = a0y.fma(b1y, c01);
                FloatVector a1y = FloatVector.broadcast(S, ap[ai + 7]);
                c10 = a1y.fma(b0y, c10);
                c11 = a1y.fma(b1y, c11);
                FloatVector a2y = FloatVector.broadcast(S, ap[ai + 8]);
                c20 = a2y.fma(b0y, c20);
                c21 = a2y.fma(b1y, c21);
                FloatVector a3y = FloatVector.broadcast(S, ap[ai + 9]);
                c30 = a3y.fma(b0y, c30);
                c31 = a3y.fma(b1y, c31);
                FloatVector a4y = FloatVector.broadcast(S, ap[ai + 10]);
                c40 = a4y.fma(b0y, c40);
                c41 = a4y.fma(b1y, c41);
                FloatVector a5y = FloatVector.broadcast(S, ap[ai + 11]);
                c50 = a5y.fma(b0y, c50);
                c51 = a5y.fma(b1y, c51);
                ai += 2 * MR;
                bi += 2 * NR;
            }
            for (; k < kc; k++) {
                    FloatVector b0x = FloatVector.fromArray(S, bp, bi);
                    FloatVector b1x = FloatVector.fromArray(S, bp, bi + L);
                    FloatVector a0x = FloatVector.broadcast(S, ap[ai + 0]);
                    c00 = a0x.fma(b0x, c00);
                    c01 = a0x.fma(b1x, c01);
                    FloatVector a1x = FloatVector.broadcast(S, ap[ai + 1]);
                    c10 = a1x.fma(b0x, c10);
                    c11 = a1x.fma(b1x, c11);
                    FloatVector a2x = FloatVector.broadcast(S, ap[ai + 2]);
                    c20 = a2x.fma(b0x, c20);
                    c21 = a2x.fma(b1x, c21);
                    FloatVector a3x = FloatVector.broadcast(S, ap[ai + 3]);
                    c30 = a3x.fma(b0x, c30);
                    c31 = a3x.fma(b1x, c31);
                    FloatVector a4x = FloatVector.broadcast(S, ap[ai + 4]);
                    c40 = a4x.fma(b0x, c40);
                    c41 = a4x.fma(b1x, c41);
                    FloatVector a5x = FloatVector.broadcast(S, ap[ai + 5]);
                    c50 = a5x.fma(b0x, c50);
                    c51 = a5x.fma(b1x, c51);
                ai += MR;
                bi += NR;
            }
            int d0 = di, d1 = d0 + ldd, d2 = d1 + ldd, d3 = d2 + ldd, d4 = d3 + ldd, d5 = d4 + ldd;
            if (src == null) {
                c00.intoArray(dst, d0);
                c01.intoArray(dst, d0 + L);
                c10.intoArray(dst, d1);
                c11.intoArray(dst, d1 + L);
                c20.intoArray(dst, d2);
                c21.intoArray(dst, d2 + L);
                c30.intoArray(dst, d3);
                c31.intoArray(dst, d3 + L);
                c40.intoArray(dst, d4);
                c41.intoArray(dst, d4 + L);
                c50.intoArray(dst, d5);
                c51.intoArray(dst, d5 + L);
            } else {
                int s0 = si, s1 = s0 + lds, s2 = s1 + lds, s3 = s2 + lds, s4 = s3 + lds, s5 = s4 + lds;
                FloatVector.fromArray(S, src, s0).add(c00).intoArray(dst, d0);
                FloatVector.fromArray(S, src, s0 + L).add(c01).intoArray(dst, d0 + L);
                FloatVector.fromArray(S, src, s1).add(c10).intoArray(dst, d1);
                FloatVector.fromArray(S, src, s1 + L).add(c11).intoArray(dst, d1 + L);
                FloatVector.fromArray(S, src, s2).add(c20).intoArray(dst, d2);
                FloatVector.fromArray(S, src, s2 + L).add(c21).intoArray(dst, d2 + L);
                FloatVector.fromArray(S, src, s3).add(c30).intoArray(dst, d3);
                FloatVector.fromArray(S, src, s3 + L).add(c31).intoArray(dst, d3 + L);
                FloatVector.fromArray(S, src, s4).add(c40).intoArray(dst, d4);
                FloatVector.fromArray(S, src, s4 + L).add(c41).intoArray(dst, d4 + L);
                FloatVector.fromArray(S, src, s5).add(c50).intoArray(dst, d5);
                FloatVector.fromArray(S, src, s5 + L).add(c51).intoArray(dst, d5 + L);
            }
        }
    }

    /**
     * {@link #kernelKMajor} for one tile with B read in place: its k-th row of NR floats at
     * {@code bi + k·ldb}. The same FMAs in the same order; the variable row step costs a few percent of
     * the constant one (0.92–0.96 in a lab), far less than packing B where each panel is used once or twice.
     */
    private static void kernelKMajorStrided(int kc, float[] ap, int ai, float[] bp, int bi, int ldb, float[] src,
                                            int si, int lds, float[] dst, int di, int ldd) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S);
        FloatVector c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S);
        FloatVector c51 = FloatVector.zero(S);
        // The kernel's loop form (unrolled by two, k + 2 <= kc): as a plain counted loop C2 spilled an
        // accumulator (JDK 25, AVX2).
        int k = 0;
        for (; k + 2 <= kc; k += 2) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector a0 = FloatVector.broadcast(S, ap[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            FloatVector b0y = FloatVector.fromArray(S, bp, bi + ldb);
            FloatVector b1y = FloatVector.fromArray(S, bp, bi + ldb + L);
            FloatVector a0y = FloatVector.broadcast(S, ap[ai + 6]);
            c00 = a0y.fma(b0y, c00);
            c01 = a0y.fma(b1y, c01);
            FloatVector a1y = FloatVector.broadcast(S, ap[ai + 7]);
            c10 = a1y.fma(b0y, c10);
            c11 = a1y.fma(b1y, c11);
            FloatVector a2y = FloatVector.broadcast(S, ap[ai + 8]);
            c20 = a2y.fma(b0y, c20);
            c21 = a2y.fma(b1y, c21);
            FloatVector a3y = FloatVector.broadcast(S, ap[ai + 9]);
            c30 = a3y.fma(b0y, c30);
            c31 = a3y.fma(b1y, c31);
            FloatVector a4y = FloatVector.broadcast(S, ap[ai + 10]);
            c40 = a4y.fma(b0y, c40);
            c41 = a4y.fma(b1y, c41);
            FloatVector a5y = FloatVector.broadcast(S, ap[ai + 11]);
            c50 = a5y.fma(b0y, c50);
            c51 = a5y.fma(b1y, c51);
            ai += 2 * MR;
            bi += 2 * ldb;
        }
        if (k < kc) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector a0 = FloatVector.broadcast(S, ap[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
        }
        // Stores written out: through storeRow (not inlined into a method this large) every vector was boxed.
        int d0 = di, d1 = d0 + ldd, d2 = d1 + ldd, d3 = d2 + ldd, d4 = d3 + ldd, d5 = d4 + ldd;
        if (src != null) {
            int s0 = si, s1 = s0 + lds, s2 = s1 + lds, s3 = s2 + lds, s4 = s3 + lds, s5 = s4 + lds;
            c00 = FloatVector.fromArray(S, src, s0).add(c00);
            c01 = FloatVector.fromArray(S, src, s0 + L).add(c01);
            c10 = FloatVector.fromArray(S, src, s1).add(c10);
            c11 = FloatVector.fromArray(S, src, s1 + L).add(c11);
            c20 = FloatVector.fromArray(S, src, s2).add(c20);
            c21 = FloatVector.fromArray(S, src, s2 + L).add(c21);
            c30 = FloatVector.fromArray(S, src, s3).add(c30);
            c31 = FloatVector.fromArray(S, src, s3 + L).add(c31);
            c40 = FloatVector.fromArray(S, src, s4).add(c40);
            c41 = FloatVector.fromArray(S, src, s4 + L).add(c41);
            c50 = FloatVector.fromArray(S, src, s5).add(c50);
            c51 = FloatVector.fromArray(S, src, s5 + L).add(c51);
        }
        c00.intoArray(dst, d0);
        c01.intoArray(dst, d0 + L);
        c10.intoArray(dst, d1);
        c11.intoArray(dst, d1 + L);
        c20.intoArray(dst, d2);
        c21.intoArray(dst, d2 + L);
        c30.intoArray(dst, d3);
        c31.intoArray(dst, d3 + L);
        c40.intoArray(dst, d4);
        c41.intoArray(dst, d4 + L);
        c50.intoArray(dst, d5);
        c51.intoArray(dst, d5 + L);
    }

    /**
     * Rows 0 and 1 of tiles whose other rows are padding (m mod 6 ∈ {1, 2}, e.g. batch 32), {@code count}
     * tiles along a row (B panels {@code bStep} floats apart, src and dst tiles {@code srcStep, dstStep}
     * apart): the full kernel would spend 12 FMA chains on 2–4 useful ones. Two tiles at a time: 2 rows ×
     * 4 vectors = 8 accumulators, 8 chains, 6 loads per 8 FMAs (kc = 128: ~56–64 GFLOP/s against ~88–95 for
     * the full kernel and ~27 for the former one-tile kernel with even and odd sums). A last odd tile is
     * paired with itself, its copy discarded: every element is computed alike whichever tile it pairs
     * with, so results do not depend on how threads split the columns. Panel
     * strides as {@link #kernelNoFma}; writes rows 0 and 1 of dst only.
     */
    private static void kernelTwoRows(int count, int kc, float[] ap, int ai0, int rowStride, int stepStride,
                                      float[] bp, int bi0, int bStep, float[] src, int si0, int lds, int srcStep,
                                      float[] dst, int di0, int ldd, int dstStep, float[] pair, float[] scratch) {
        // The two rows' A values interleaved step by step: constant strides in the k loops, so C2 removes
        // their range checks (with the panel's strides as variables it kept four checks per k step).
        for (int k = 0, ai = ai0; k < kc; k++, ai += stepStride) {
            pair[2 * k] = ap[ai];
            pair[2 * k + 1] = ap[ai + rowStride];
        }
        // A last odd tile pairs with itself (its copy stored first, into the scratch tile, then overwritten
        // or discarded): one vector loop in this method. With a separate loop for a single tile, C2 ran out
        // of inlining budget before it and ran its vector operations out of line, allocating (6.4 KB per
        // training step of a 784-128-10 model, AllocationTest).
        for (int t = 0; t < count; t += 2) {
            boolean two = t + 1 < count;
            int bi = bi0 + t * bStep, si = si0 + t * srcStep, di = di0 + t * dstStep;
            float[] src2 = two ? src : null;
            float[] dst2 = two ? dst : scratch;
            int si2 = si + srcStep, di2 = two ? di + dstStep : 0, ldd2 = two ? ldd : NR;
            FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
            FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
            // The second panel's index as an induction variable of its own: as bi + bStep, C2 kept its range
            // checks. (Unrolled by two in the kernel's form, C2 kept all of them: no faster.)
            for (int k = 0, bj = two ? bi + bStep : bi; k < kc; k++, bi += NR, bj += NR) {
                FloatVector b0 = FloatVector.fromArray(S, bp, bi);
                FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
                FloatVector b2 = FloatVector.fromArray(S, bp, bj);
                FloatVector b3 = FloatVector.fromArray(S, bp, bj + L);
                FloatVector a0 = FloatVector.broadcast(S, pair[2 * k]);
                FloatVector a1 = FloatVector.broadcast(S, pair[2 * k + 1]);
                c00 = VectorArrayKernels.fma(a0, b0, c00);
                c01 = VectorArrayKernels.fma(a0, b1, c01);
                c02 = VectorArrayKernels.fma(a0, b2, c02);
                c03 = VectorArrayKernels.fma(a0, b3, c03);
                c10 = VectorArrayKernels.fma(a1, b0, c10);
                c11 = VectorArrayKernels.fma(a1, b1, c11);
                c12 = VectorArrayKernels.fma(a1, b2, c12);
                c13 = VectorArrayKernels.fma(a1, b3, c13);
            }
            storeRow(c02, c03, src2, si2, dst2, di2);
            storeRow(c12, c13, src2, si2 + lds, dst2, di2 + ldd2);
            storeRow(c00, c01, src, si, dst, di);
            storeRow(c10, c11, src, si + lds, dst, di + ldd);
        }
    }

    /** The same tile for CPUs without FMA (there the Vector API's fma would be emulated in software). */
    private static void kernelNoFma(int kc, float[] ap, int ai, int rowStride, int stepStride, float[] bp, int bi,
                                    float[] src, int si, int lds, float[] dst, int di, int ldd) {
        for (int r = 0; r < MR; r++) {
            FloatVector s0 = FloatVector.zero(S);
            FloatVector s1 = s0;
            for (int p = 0; p < kc; p++) {
                FloatVector x = FloatVector.broadcast(S, ap[ai + r * rowStride + p * stepStride]);
                s0 = x.mul(FloatVector.fromArray(S, bp, bi + p * NR)).add(s0);
                s1 = x.mul(FloatVector.fromArray(S, bp, bi + p * NR + L)).add(s1);
            }
            storeRow(s0, s1, src, si + r * lds, dst, di + r * ldd);
        }
    }

    /** One row of a no-FMA tile: {@code dst = src + (s0, s1)}, or {@code dst = (s0, s1)} without src. */
    private static void storeRow(FloatVector s0, FloatVector s1, float[] src, int si, float[] dst, int di) {
        if (src != null) {
            s0 = FloatVector.fromArray(S, src, si).add(s0);
            s1 = FloatVector.fromArray(S, src, si + L).add(s1);
        }
        s0.intoArray(dst, di);
        s1.intoArray(dst, di + L);
    }

    /** The valid mr × nr part of a scratch tile: {@code dst = src + tile}, or {@code dst = tile} without src. */
    private static void addTile(float[] tile, int mr, int nr, float[] src, int si, int lds, float[] dst, int di,
                                int ldd) {
        for (int r = 0; r < mr; r++) {
            for (int j = 0; j < nr; j++) {
                float v = tile[r * NR + j];
                dst[di + r * ldd + j] = src == null ? v : src[si + r * lds + j] + v;
            }
        }
    }

    /**
     * Packs alpha·op(A)[ic.., pc..] (mc × kc) into MR-row panels with zero-padded rows (alpha·a is exact
     * when alpha is 1, the common case), in one of two layouts:
     * <ul>
     * <li>{@code kMajor}: MR floats per k step ({@code q·MR·kc + p·MR + r}, read by {@link #kernelKMajor}).
     * A stored Aᵀ is already in that order (always this layout); a row-major A goes through 8 × 8
     * register transposes ({@link #packRowsKMajor}).</li>
     * <li>else (row-major A only): row by row, each row of panel q at {@code q·MR·KC + r·KC}, read by
     * {@link #kernel}: an arraycopy per row, where the interleave costs about 0.3 ns per float more, which
     * only a wide C repays ({@link Tuning#kMajorA}).</li>
     * </ul>
     */
    private static void packA(float[] dst, boolean tA, boolean kMajor, float alpha, float[] a, int aOff, int lda,
                              int ic, int mc, int pc, int kc) {
        for (int q = 0; q * MR < mc; q++) {
            int rows = Math.min(MR, mc - q * MR);
            int i0 = ic + q * MR;
            if (!tA && kMajor) {
                packRowsKMajor(dst, q * MR * kc, alpha, a, aOff + i0 * lda + pc, lda, rows, kc);
            } else if (!tA) {
                int base = q * MR * KC;
                for (int r = 0; r < MR; r++) {
                    int d = base + r * KC;
                    int src = aOff + (i0 + r) * lda + pc;
                    if (r >= rows) {
                        java.util.Arrays.fill(dst, d, d + kc, 0f);
                    } else if (alpha == 1f) {
                        System.arraycopy(a, src, dst, d, kc);
                    } else {
                        VectorArrayKernels.scale(kc, alpha, a, src, dst, d);
                    }
                }
            } else {
                int base = q * MR * kc;
                int p = 0;
                if (rows == MR && L >= MR) {
                    // One vector per k step: its lanes past MR land in the next step's slot (rewritten
                    // next) or, after the last step, in the next panel or the buffer's PAD. Not where the
                    // vector would read past the end of a.
                    FloatVector va = FloatVector.broadcast(S, alpha);
                    int src = aOff + pc * lda + i0;
                    for (; p < kc && src + (long) p * lda + L <= a.length; p++) {
                        FloatVector.fromArray(S, a, src + p * lda).mul(va).intoArray(dst, base + p * MR);
                    }
                }
                for (; p < kc; p++) {
                    int src = aOff + (pc + p) * lda + i0;
                    int d = base + p * MR;
                    for (int r = 0; r < rows; r++) {
                        dst[d + r] = alpha * a[src + r];
                    }
                    for (int r = rows; r < MR; r++) {
                        dst[d + r] = 0f;
                    }
                }
            }
        }
    }

    /**
     * One k-major A panel from a row-major A: {@code dst[d + p·MR + r] = alpha·a[src + r·lda + p]} for
     * r &lt; rows, 0 for rows ≤ r &lt; MR. Eight rows at a time through {@link VectorTranspose#transpose8}
     * with a destination row step of MR: each stored 8-float column spills two floats into the next k
     * step's slot, which the next store rewrites (the last one into the next panel, packed after this
     * one, or the buffer's PAD). The two rows read past the panel are the next panel's, or any rows of
     * {@code a} before its end; where a has no such rows, or alpha is not 1, or the panel is ragged, the
     * scalar interleave.
     */
    private static void packRowsKMajor(float[] dst, int d, float alpha, float[] a, int src, int lda, int rows,
                                       int kc) {
        int p = 0;
        if (rows == MR && alpha == 1f && src + 7L * lda + kc <= a.length) {
            p = kc - kc % 8;
            VectorTranspose.transpose8(a, src, lda, dst, d, MR, p / 8);
        }
        for (; p < kc; p++) {
            int o = d + p * MR;
            for (int r = 0; r < rows; r++) {
                dst[o + r] = alpha * a[src + r * lda + p];
            }
            for (int r = rows; r < MR; r++) {
                dst[o + r] = 0f;
            }
        }
    }

    /**
     * Packs op(B)[pc.., jc..] (kc × nc) into NR-column panels from {@code dst[dOff]}: panel q holds
     * columns jc + q·NR.., NR floats per k step, zero-padded columns.
     */
    private static void packB(float[] dst, int dOff, boolean tB, float[] b, int bOff, int ldb, int pc, int kc,
                              int jc, int nc) {
        int whole = nc - nc % NR;
        if (!tB) {
            // Four rows of B at a time across all panels: walking one panel down kc rows touched a new page
            // every row and ran at half this speed.
            int p = 0;
            for (; p + 4 <= kc; p += 4) {
                int src = bOff + (pc + p) * ldb + jc;
                for (int j = 0, d = dOff + p * NR; j < whole; j += NR, d += NR * kc) {
                    for (int u = 0; u < 4; u++) {
                        FloatVector.fromArray(S, b, src + u * ldb + j).intoArray(dst, d + u * NR);
                        FloatVector.fromArray(S, b, src + u * ldb + j + L).intoArray(dst, d + u * NR + L);
                    }
                }
            }
            for (; p < kc; p++) {
                int src = bOff + (pc + p) * ldb + jc;
                for (int j = 0, d = dOff + p * NR; j < whole; j += NR, d += NR * kc) {
                    FloatVector.fromArray(S, b, src + j).intoArray(dst, d);
                    FloatVector.fromArray(S, b, src + j + L).intoArray(dst, d + L);
                }
            }
            if (whole < nc) {
                int d = dOff + whole * kc;
                for (p = 0; p < kc; p++) {
                    System.arraycopy(b, bOff + (pc + p) * ldb + jc + whole, dst, d + p * NR, nc - whole);
                    java.util.Arrays.fill(dst, d + p * NR + nc - whole, d + (p + 1) * NR, 0f);
                }
            }
        } else {
            for (int q = 0; q * NR < nc; q++) {
                packTransposedPanel(dst, dOff + q * NR * kc, kc, b, bOff + (jc + q * NR) * ldb + pc, ldb,
                        Math.min(NR, nc - q * NR));
            }
        }
    }

    /**
     * One panel of a transposed B: column j (of NR) is {@code b[src + j·ldb ..]} over kc steps, zero for
     * {@code j ≥ cols}. Whole panels go through 8 × 8 register transposes where the lanes allow; the
     * rest, element by element.
     */
    private static void packTransposedPanel(float[] dst, int base, int kc, float[] b, int src, int ldb, int cols) {
        int done = 0;
        if (VectorTranspose.AVAILABLE && cols == NR) {
            done = kc - kc % 8;
            if (NR == 16) {
                VectorTranspose.transpose8(b, src, ldb, dst, base, NR, done / 8, true);
            } else {
                for (int h = 0; h < NR; h += 8) {
                    VectorTranspose.transpose8(b, src + h * ldb, ldb, dst, base + h, NR, done / 8);
                }
            }
        }
        for (int j = 0; j < NR; j++) {
            if (j < cols) {
                for (int p = done; p < kc; p++) {
                    dst[base + p * NR + j] = b[src + j * ldb + p];
                }
            } else {
                for (int p = done; p < kc; p++) {
                    dst[base + p * NR + j] = 0f;
                }
            }
        }
    }

    /**
     * Fills a {@link PackedMatrix} from its source; KC blocks as {@link #region} walks them. A transposed
     * source (W stored out × in) is packed panel by panel through all k blocks, so that the panel's NR
     * rows of it stay in L2 until they are read to the end.
     */
    static void packWhole(PackedMatrix pm, float[] b, int bOff, int ldb) {
        int k = pm.rows();
        int n = pm.columns();
        int kcMax = kBlock(k);
        int step = pm.transposed() ? NR : Math.max(1, n);
        for (int jc = 0; jc < n; jc += step) {
            int nc = Math.min(step, n - jc);
            for (int pc = 0; pc < k; pc += kcMax) {
                int kc = Math.min(kcMax, k - pc);
                packB(pm.data, pm.panelOffset(pc, kc, jc), pm.transposed(), b, bOff, ldb, pc, kc, jc, nc);
            }
        }
    }

    /**
     * Fills both packs of a layer's weights W ({@code out × in}, row stride ldw) in one pass over W:
     * {@code t} as Wᵀ ({@code in × out}) and {@code plain} as W, where the 8 × 8 transposes of the first
     * store the rows they load into the second ({@link VectorTranspose#transpose8Both}) instead of a
     * second pass reading W again. Only for whole panels in a single k block each way (in and out
     * multiples of 16 and at most {@link #kBlock}'s limit); returns false, packing nothing, otherwise.
     */
    static boolean packBoth(PackedMatrix t, PackedMatrix plain, float[] w, int wOff, int ldw) {
        int in = t.rows();
        int out = t.columns();
        if (!VectorTranspose.AVAILABLE || NR != 16 || in % NR != 0 || out % NR != 0 || kBlock(in) != in
                || kBlock(out) != out) {
            return false;
        }
        for (int jc = 0; jc < out; jc += NR) {
            VectorTranspose.transpose8Both(w, wOff + jc * ldw, ldw, t.data, t.panelOffset(0, in, jc), NR, in / 8,
                    plain.data, jc * NR, NR * out);
        }
        return true;
    }

    // ---- matrix–vector paths (m == 1 or n == 1): memory-bound, so no packing ----

    private static void gemv(boolean tA, boolean tB, int m, int n, int k, float alpha, float[] a, int aOff,
                             int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        Workspace ws = WORKSPACE.get();
        if (m == 1) {
            // x = row 0 of op(A), contiguous unless A is stored transposed (k × 1).
            float[] x = a;
            int xOff = aOff;
            if (tA && lda != 1) {
                x = gather(ws.v1(k), a, aOff, lda, k);
                xOff = 0;
            }
            if (n == 1) {
                float[] y = b;
                int yOff = bOff;
                if (!tB && ldb != 1) {
                    y = gather(ws.v2(k), b, bOff, ldb, k);
                    yOff = 0;
                }
                float d = VectorArrayKernels.dot(k, x, xOff, y, yOff);
                c[cOff] = beta == 0f ? alpha * d : ScalarArrayKernels.fma(c[cOff], beta, alpha * d);
                return;
            }
            float[] out = ws.v2(n);
            if (tB) {
                rowDots(n, k, b, bOff, ldb, x, xOff, out);
            } else {
                rowCombination(k, n, b, bOff, ldb, x, xOff, out);
            }
            update(out, n, alpha, beta, c, cOff, 1);
        } else { // n == 1: y = column 0 of op(B)
            float[] y = b;
            int yOff = bOff;
            if (!tB && ldb != 1) {
                y = gather(ws.v1(k), b, bOff, ldb, k);
                yOff = 0;
            }
            float[] out = ws.v2(m);
            if (tA) {
                rowCombination(k, m, a, aOff, lda, y, yOff, out);
            } else {
                rowDots(m, k, a, aOff, lda, y, yOff, out);
            }
            update(out, m, alpha, beta, c, cOff, ldc);
        }
    }

    private static float[] gather(float[] dst, float[] src, int off, int stride, int count) {
        for (int i = 0; i < count; i++) {
            dst[i] = src[off + i * stride];
        }
        return dst;
    }

    /** {@code out[i] = dot(M row i, x)} for a rows × len matrix M. */
    private static void rowDots(int rows, int len, float[] mat, int mOff, int ldm, float[] x, int xOff,
                                float[] out) {
        for (int i = 0; i < rows; i++) {
            out[i] = VectorArrayKernels.dot(len, mat, mOff + i * ldm, x, xOff);
        }
    }

    /**
     * {@code out[j] = Σ_p x[p]·M[p][j]} for a rows × cols matrix M, summed over p in order. Streams M
     * row by row (four rows per pass over {@code out}, which stays in L1), the access pattern hardware
     * prefetchers follow best; walking column strips of M instead was slower at 1×1024×1024.
     */
    private static void rowCombination(int rows, int cols, float[] mat, int mOff, int ldm, float[] x, int xOff,
                                       float[] out) {
        java.util.Arrays.fill(out, 0, cols, 0f);
        int vecCols = cols - cols % L;
        int p = 0;
        for (; p + 4 <= rows; p += 4) {
            float x0 = x[xOff + p], x1 = x[xOff + p + 1], x2 = x[xOff + p + 2], x3 = x[xOff + p + 3];
            FloatVector v0 = FloatVector.broadcast(S, x0), v1 = FloatVector.broadcast(S, x1);
            FloatVector v2 = FloatVector.broadcast(S, x2), v3 = FloatVector.broadcast(S, x3);
            int r0 = mOff + p * ldm, r1 = r0 + ldm, r2 = r1 + ldm, r3 = r2 + ldm;
            for (int j = 0; j < vecCols; j += L) {
                FloatVector acc = FloatVector.fromArray(S, out, j);
                acc = VectorArrayKernels.fma(v0, FloatVector.fromArray(S, mat, r0 + j), acc);
                acc = VectorArrayKernels.fma(v1, FloatVector.fromArray(S, mat, r1 + j), acc);
                acc = VectorArrayKernels.fma(v2, FloatVector.fromArray(S, mat, r2 + j), acc);
                acc = VectorArrayKernels.fma(v3, FloatVector.fromArray(S, mat, r3 + j), acc);
                acc.intoArray(out, j);
            }
            for (int j = vecCols; j < cols; j++) {
                float acc = out[j];
                acc = ScalarArrayKernels.fma(x0, mat[r0 + j], acc);
                acc = ScalarArrayKernels.fma(x1, mat[r1 + j], acc);
                acc = ScalarArrayKernels.fma(x2, mat[r2 + j], acc);
                acc = ScalarArrayKernels.fma(x3, mat[r3 + j], acc);
                out[j] = acc;
            }
        }
        for (; p < rows; p++) {
            FloatVector v = FloatVector.broadcast(S, x[xOff + p]);
            int r = mOff + p * ldm;
            for (int j = 0; j < vecCols; j += L) {
                VectorArrayKernels.fma(v, FloatVector.fromArray(S, mat, r + j), FloatVector.fromArray(S, out, j))
                        .intoArray(out, j);
            }
            for (int j = vecCols; j < cols; j++) {
                out[j] = ScalarArrayKernels.fma(x[xOff + p], mat[r + j], out[j]);
            }
        }
    }

    private static void update(float[] sums, int count, float alpha, float beta, float[] c, int cOff, int stride) {
        for (int i = 0; i < count; i++) {
            float v = alpha * sums[i];
            int idx = cOff + i * stride;
            c[idx] = beta == 0f ? v : ScalarArrayKernels.fma(c[idx], beta, v);
        }
    }
}
