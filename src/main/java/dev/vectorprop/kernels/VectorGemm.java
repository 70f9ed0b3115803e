package dev.vectorprop.kernels;

import static dev.vectorprop.internal.Tuning.GEMM_KC;
import static dev.vectorprop.internal.Tuning.GEMM_MC;
import static dev.vectorprop.internal.Tuning.GEMM_MR;
import static dev.vectorprop.internal.Tuning.GEMM_NC;
import static dev.vectorprop.internal.Tuning.GEMM_NR;

import dev.vectorprop.internal.Parallel;
import dev.vectorprop.internal.Tuning;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Vector API body of {@link Gemm}: blocking, packing, threads and the matrix–vector paths. */
final class VectorGemm {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int MR = GEMM_MR;
    private static final int NR = GEMM_NR;

    /** Per-thread packing buffers, grown on demand and then reused: no allocation in steady state. */
    static final class Workspace {
        final float[] a = new float[GEMM_MC * GEMM_KC];
        final float[] edge = new float[GEMM_KC * NR];
        final float[] tile = new float[MR * NR];
        private float[] b = new float[0];
        private float[] v1 = new float[0];
        private float[] v2 = new float[0];

        float[] b(int size) {
            if (b.length < size) {
                b = new float[size];
            }
            return b;
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

    /** Arguments checked; {@code m, n, k > 0}, {@code alpha != 0}. {@code pb} replaces b when non-null. */
    static void sgemm(boolean tA, boolean tB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb, PackedMatrix pb, float beta, float[] c, int cOff, int ldc) {
        if (pb == null && (m == 1 || n == 1)) {
            gemv(tA, tB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        boolean directB = pb == null && !tB && 4L * k * n <= Tuning.GEMM_DIRECT_B_MAX_BYTES;
        int parts = 2L * m * n * k < Tuning.PARALLEL_MIN_FLOPS ? 1 : Parallel.parallelism();
        if (parts <= 1) {
            region(tA, tB, k, alpha, a, aOff, lda, b, bOff, ldb, pb, directB, beta, c, cOff, ldc, 0, m, 0, n);
            return;
        }
        // Split C into blocks aligned to the register tile, so each element is computed exactly as on
        // one thread (same KC blocking, same kernel), whatever the number of parts.
        boolean byColumns = n >= m;
        int tiles = byColumns ? Math.ceilDiv(n, NR) : Math.ceilDiv(m, MR);
        int p = Math.min(parts, tiles);
        Parallel.run(p, t -> {
            int from = (int) ((long) tiles * t / p);
            int to = (int) ((long) tiles * (t + 1) / p);
            if (byColumns) {
                region(tA, tB, k, alpha, a, aOff, lda, b, bOff, ldb, pb, directB, beta, c, cOff, ldc,
                        0, m, from * NR, Math.min(n, to * NR));
            } else {
                region(tA, tB, k, alpha, a, aOff, lda, b, bOff, ldb, pb, directB, beta, c, cOff, ldc,
                        from * MR, Math.min(m, to * MR), 0, n);
            }
        });
    }

    /** C rows [i0, i1) × columns [j0, j1), with j0 a multiple of NR. */
    private static void region(boolean tA, boolean tB, int k, float alpha, float[] a, int aOff, int lda,
                               float[] b, int bOff, int ldb, PackedMatrix pb, boolean directB, float beta,
                               float[] c, int cOff, int ldc, int i0, int i1, int j0, int j1) {
        Workspace ws = WORKSPACE.get();
        for (int jc = j0; jc < j1; jc += GEMM_NC) {
            int nc = Math.min(GEMM_NC, j1 - jc);
            int fullCols = nc - nc % NR;
            for (int pc = 0; pc < k; pc += GEMM_KC) {
                int kc = Math.min(GEMM_KC, k - pc);
                float betaK = pc == 0 ? beta : 1f;
                float[] bBuf;
                int bBase;
                int bStride;
                if (pb != null) {
                    bBuf = pb.data;
                    bBase = pb.panelOffset(pc, kc, jc);
                    bStride = NR;
                } else if (directB) {
                    bBuf = b;
                    bBase = bOff + pc * ldb + jc;
                    bStride = ldb;
                    if (fullCols < nc) { // the ragged last panel is packed, zero-padded
                        packB(ws.edge, 0, false, b, bOff, ldb, pc, kc, jc + fullCols, nc - fullCols);
                    }
                } else {
                    bBuf = ws.b(Math.ceilDiv(nc, NR) * NR * kc);
                    packB(bBuf, 0, tB, b, bOff, ldb, pc, kc, jc, nc);
                    bBase = 0;
                    bStride = NR;
                }
                for (int ic = i0; ic < i1; ic += GEMM_MC) {
                    int mc = Math.min(GEMM_MC, i1 - ic);
                    packA(ws.a, tA, a, aOff, lda, ic, mc, pc, kc);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr);
                        float[] bp = bBuf;
                        int bo;
                        int bs = bStride;
                        if (!directB) {
                            bo = bBase + jr * kc;
                        } else if (nr == NR) {
                            bo = bBase + jr;
                        } else {
                            bp = ws.edge;
                            bo = 0;
                            bs = NR;
                        }
                        int cRow = cOff + ic * ldc + jc + jr;
                        for (int ir = 0; ir < mc; ir += MR) {
                            kernel(kc, ws.a, ir * kc, bp, bo, bs, c, cRow + ir * ldc, ldc, alpha, betaK,
                                    Math.min(MR, mc - ir), nr, ws.tile);
                        }
                    }
                }
            }
        }
    }

    /**
     * The MR × NR register tile over kc steps: C_tile = alpha·(A_panel·B_panel) + beta·C_tile.
     * A panel: MR floats per k step; B panel: NR floats per k step, {@code bs} apart.
     */
    static void kernel(int kc, float[] ap, int ai, float[] bp, int bi, int bs, float[] c, int ci, int ldc,
                       float alpha, float beta, int mr, int nr, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00;
        FloatVector c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        for (int p = 0; p < kc; p++) {
            int bk = bi + p * bs;
            int ak = ai + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bk);
            FloatVector b1 = FloatVector.fromArray(S, bp, bk + L);
            FloatVector a0 = FloatVector.broadcast(S, ap[ak]);
            c00 = VectorArrayKernels.fma(a0, b0, c00);
            c01 = VectorArrayKernels.fma(a0, b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, ap[ak + 1]);
            c10 = VectorArrayKernels.fma(a1, b0, c10);
            c11 = VectorArrayKernels.fma(a1, b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, ap[ak + 2]);
            c20 = VectorArrayKernels.fma(a2, b0, c20);
            c21 = VectorArrayKernels.fma(a2, b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, ap[ak + 3]);
            c30 = VectorArrayKernels.fma(a3, b0, c30);
            c31 = VectorArrayKernels.fma(a3, b1, c31);
        }
        if (mr == MR && nr == NR) {
            store(c00, c, ci, alpha, beta);
            store(c01, c, ci + L, alpha, beta);
            store(c10, c, ci + ldc, alpha, beta);
            store(c11, c, ci + ldc + L, alpha, beta);
            store(c20, c, ci + 2 * ldc, alpha, beta);
            store(c21, c, ci + 2 * ldc + L, alpha, beta);
            store(c30, c, ci + 3 * ldc, alpha, beta);
            store(c31, c, ci + 3 * ldc + L, alpha, beta);
        } else {
            c00.intoArray(tile, 0);
            c01.intoArray(tile, L);
            c10.intoArray(tile, NR);
            c11.intoArray(tile, NR + L);
            c20.intoArray(tile, 2 * NR);
            c21.intoArray(tile, 2 * NR + L);
            c30.intoArray(tile, 3 * NR);
            c31.intoArray(tile, 3 * NR + L);
            storePartial(tile, mr, nr, c, ci, ldc, alpha, beta);
        }
    }

    /** {@code c = alpha·acc + beta·c}, not reading c when beta is 0. Same arithmetic as {@link #storePartial}. */
    private static void store(FloatVector acc, float[] c, int ci, float alpha, float beta) {
        FloatVector v = acc.mul(alpha);
        if (beta != 0f) {
            v = VectorArrayKernels.fma(FloatVector.fromArray(S, c, ci), FloatVector.broadcast(S, beta), v);
        }
        v.intoArray(c, ci);
    }

    private static void storePartial(float[] tile, int mr, int nr, float[] c, int ci, int ldc, float alpha,
                                     float beta) {
        for (int r = 0; r < mr; r++) {
            for (int j = 0; j < nr; j++) {
                float v = alpha * tile[r * NR + j];
                int idx = ci + r * ldc + j;
                c[idx] = beta == 0f ? v : ScalarArrayKernels.fma(c[idx], beta, v);
            }
        }
    }

    /** Packs op(A)[ic.., pc..] (mc × kc) into MR-row panels, MR floats per k step, zero-padded rows. */
    private static void packA(float[] dst, boolean tA, float[] a, int aOff, int lda, int ic, int mc, int pc,
                              int kc) {
        for (int q = 0; q * MR < mc; q++) {
            int base = q * MR * kc;
            int rows = Math.min(MR, mc - q * MR);
            int i0 = ic + q * MR;
            if (!tA) {
                for (int r = 0; r < MR; r++) {
                    if (r < rows) {
                        int src = aOff + (i0 + r) * lda + pc;
                        for (int p = 0; p < kc; p++) {
                            dst[base + p * MR + r] = a[src + p];
                        }
                    } else {
                        for (int p = 0; p < kc; p++) {
                            dst[base + p * MR + r] = 0f;
                        }
                    }
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (pc + p) * lda + i0;
                    int d = base + p * MR;
                    for (int r = 0; r < rows; r++) {
                        dst[d + r] = a[src + r];
                    }
                    for (int r = rows; r < MR; r++) {
                        dst[d + r] = 0f;
                    }
                }
            }
        }
    }

    /**
     * Packs op(B)[pc.., jc..] (kc × nc) into NR-column panels from {@code dst[dOff]}: panel q holds
     * columns jc + q·NR.., NR floats per k step, zero-padded columns.
     */
    private static void packB(float[] dst, int dOff, boolean tB, float[] b, int bOff, int ldb, int pc, int kc,
                              int jc, int nc) {
        for (int q = 0; q * NR < nc; q++) {
            int base = dOff + q * NR * kc;
            int cols = Math.min(NR, nc - q * NR);
            int j0 = jc + q * NR;
            if (!tB) {
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (pc + p) * ldb + j0;
                    int d = base + p * NR;
                    if (cols == NR) {
                        for (int v = 0; v < NR; v += L) {
                            FloatVector.fromArray(S, b, src + v).intoArray(dst, d + v);
                        }
                    } else {
                        System.arraycopy(b, src, dst, d, cols);
                        java.util.Arrays.fill(dst, d + cols, d + NR, 0f);
                    }
                }
            } else {
                for (int j = 0; j < NR; j++) {
                    if (j < cols) {
                        int src = bOff + (j0 + j) * ldb + pc;
                        for (int p = 0; p < kc; p++) {
                            dst[base + p * NR + j] = b[src + p];
                        }
                    } else {
                        for (int p = 0; p < kc; p++) {
                            dst[base + p * NR + j] = 0f;
                        }
                    }
                }
            }
        }
    }

    /** Fills a {@link PackedMatrix} from its source; KC blocks as {@link #region} walks them. */
    static void packWhole(PackedMatrix pm, float[] b, int bOff, int ldb) {
        int k = pm.rows();
        for (int pc = 0; pc < k; pc += GEMM_KC) {
            int kc = Math.min(GEMM_KC, k - pc);
            packB(pm.data, pm.panelOffset(pc, kc, 0), pm.transposed(), b, bOff, ldb, pc, kc, 0, pm.columns());
        }
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

    /** {@code out[j] = Σ_p x[p]·M[p][j]} for a rows × cols matrix M, summed over p in order. */
    private static void rowCombination(int rows, int cols, float[] mat, int mOff, int ldm, float[] x, int xOff,
                                       float[] out) {
        int j = 0;
        for (; j + 4 * L <= cols; j += 4 * L) {
            FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
            for (int p = 0; p < rows; p++) {
                FloatVector xp = FloatVector.broadcast(S, x[xOff + p]);
                int row = mOff + p * ldm + j;
                s0 = VectorArrayKernels.fma(xp, FloatVector.fromArray(S, mat, row), s0);
                s1 = VectorArrayKernels.fma(xp, FloatVector.fromArray(S, mat, row + L), s1);
                s2 = VectorArrayKernels.fma(xp, FloatVector.fromArray(S, mat, row + 2 * L), s2);
                s3 = VectorArrayKernels.fma(xp, FloatVector.fromArray(S, mat, row + 3 * L), s3);
            }
            s0.intoArray(out, j);
            s1.intoArray(out, j + L);
            s2.intoArray(out, j + 2 * L);
            s3.intoArray(out, j + 3 * L);
        }
        for (; j + L <= cols; j += L) {
            FloatVector s = FloatVector.zero(S);
            for (int p = 0; p < rows; p++) {
                s = VectorArrayKernels.fma(FloatVector.broadcast(S, x[xOff + p]),
                        FloatVector.fromArray(S, mat, mOff + p * ldm + j), s);
            }
            s.intoArray(out, j);
        }
        for (; j < cols; j++) {
            float s = 0f;
            for (int p = 0; p < rows; p++) {
                s = ScalarArrayKernels.fma(x[xOff + p], mat[mOff + p * ldm + j], s);
            }
            out[j] = s;
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
