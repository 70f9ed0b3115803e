package dev.vectorprop.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Transposition of 8 × 8 float blocks in registers, for packing a transposed GEMM operand (a weight
 * matrix stored out × in) on 8-lane vectors (AVX2). Three stages, each exchanging the off-diagonal
 * d × d blocks of every 2d × 2d block (d = 4, 2, 1) with one lane permutation and one blend per row:
 * 48 vector operations per 64 floats, where the scalar copy makes 64 stores 64 bytes apart (measured at
 * 784 × 512: 0.43 against 1.06 ns per float). Other lane counts use the scalar copy ({@link #AVAILABLE}).
 */
final class VectorTranspose {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** Whether {@link #transpose8} may be called: the preferred species has 8 float lanes. */
    static final boolean AVAILABLE = S.length() == 8;

    // One stage exchanges the off-diagonal d × d blocks of a row pair: the partner's lanes l ^ d (one
    // permutation for both directions) blended into the lanes with bit d set, or clear. Three
    // permutations and three masks in all: with two of each per stage C2 kept 20 vector registers live
    // for 16 and spilled a third of the block to the stack. Built for any lane count; used only with 8.
    private static final VectorShuffle<Float> SWAP1 = swap(1), SWAP2 = swap(2), SWAP4 = swap(4);
    private static final VectorMask<Float> HI1 = high(1), HI2 = high(2), HI4 = high(4);

    private VectorTranspose() {}

    private static VectorShuffle<Float> swap(int d) {
        return VectorShuffle.fromOp(S, l -> (l ^ d) < S.length() ? l ^ d : l);
    }

    private static VectorMask<Float> high(int d) {
        boolean[] bits = new boolean[S.length()];
        for (int l = 0; l < bits.length; l++) {
            bits[l] = (l & d) != 0;
        }
        return VectorMask.fromArray(S, bits, 0);
    }

    /**
     * {@code dst[di + c·ldd + r] = src[si + r·lds + c]} for r in [0, 8) and c in [0, 8·blocks): the
     * 8 × 8 blocks of 8 rows of src, one after another along the rows, become 8-row blocks of dst one
     * below the other. Several blocks per call so that C2 loads the shuffle and mask constants once
     * (per block they cost 13 {@code movabs} + loads). Only when {@link #AVAILABLE}.
     */
    static void transpose8(float[] src, int si, int lds, float[] dst, int di, int ldd, int blocks) {
        transpose8(src, si, lds, dst, di, ldd, blocks, false);
    }

    /**
     * {@link #transpose8(float[], int, int, float[], int, int, int)}, with {@code pairs}: for 16 rows of
     * src (two groups of 8, the second at {@code si + 8·lds}) into 16 columns of dst (the second group
     * at {@code di + 8}), alternating the groups block by block, so that each 64-byte row of a 16-wide
     * dst is written whole before the next (one group after the other left every line half-written
     * until the second pass came back to it).
     */
    static void transpose8(float[] src, int si, int lds, float[] dst, int di, int ldd, int blocks, boolean pairs) {
        transpose8(src, si, lds, dst, di, ldd, blocks, pairs, null, 0, 0);
    }

    /** The transposes, and with {@code rows} non-null (pairs only) the row copies of {@link #transpose8Both}. */
    private static void transpose8(float[] src, int si, int lds, float[] dst, int di, int ldd, int blocks,
                                   boolean pairs, float[] rows, int ri, int panelStep) {
        int shift = pairs ? 1 : 0;
        for (int u = 0, n = blocks << shift; u < n; u++) {
            int q = u >> shift;
            int h = u & shift;
            int s = si + 8 * q + h * 8 * lds;
            int d = di + q * 8 * ldd + h * 8;
            FloatVector r0 = FloatVector.fromArray(S, src, s);
            FloatVector r1 = FloatVector.fromArray(S, src, s + lds);
            FloatVector r2 = FloatVector.fromArray(S, src, s + 2 * lds);
            FloatVector r3 = FloatVector.fromArray(S, src, s + 3 * lds);
            FloatVector r4 = FloatVector.fromArray(S, src, s + 4 * lds);
            FloatVector r5 = FloatVector.fromArray(S, src, s + 5 * lds);
            FloatVector r6 = FloatVector.fromArray(S, src, s + 6 * lds);
            FloatVector r7 = FloatVector.fromArray(S, src, s + 7 * lds);
            if (rows != null) { // loop-invariant: C2 unswitches the loop
                int o = ri + (q >> 1) * panelStep + (q & 1) * 8 + h * 128;
                r0.intoArray(rows, o);
                r1.intoArray(rows, o + 16);
                r2.intoArray(rows, o + 32);
                r3.intoArray(rows, o + 48);
                r4.intoArray(rows, o + 64);
                r5.intoArray(rows, o + 80);
                r6.intoArray(rows, o + 96);
                r7.intoArray(rows, o + 112);
            }
            FloatVector t0 = r0.blend(r4.rearrange(SWAP4), HI4);
            FloatVector t4 = r0.rearrange(SWAP4).blend(r4, HI4);
            FloatVector t1 = r1.blend(r5.rearrange(SWAP4), HI4);
            FloatVector t5 = r1.rearrange(SWAP4).blend(r5, HI4);
            FloatVector t2 = r2.blend(r6.rearrange(SWAP4), HI4);
            FloatVector t6 = r2.rearrange(SWAP4).blend(r6, HI4);
            FloatVector t3 = r3.blend(r7.rearrange(SWAP4), HI4);
            FloatVector t7 = r3.rearrange(SWAP4).blend(r7, HI4);
            r0 = t0.blend(t2.rearrange(SWAP2), HI2);
            r2 = t0.rearrange(SWAP2).blend(t2, HI2);
            r1 = t1.blend(t3.rearrange(SWAP2), HI2);
            r3 = t1.rearrange(SWAP2).blend(t3, HI2);
            r4 = t4.blend(t6.rearrange(SWAP2), HI2);
            r6 = t4.rearrange(SWAP2).blend(t6, HI2);
            r5 = t5.blend(t7.rearrange(SWAP2), HI2);
            r7 = t5.rearrange(SWAP2).blend(t7, HI2);
            r0.blend(r1.rearrange(SWAP1), HI1).intoArray(dst, d);
            r0.rearrange(SWAP1).blend(r1, HI1).intoArray(dst, d + ldd);
            r2.blend(r3.rearrange(SWAP1), HI1).intoArray(dst, d + 2 * ldd);
            r2.rearrange(SWAP1).blend(r3, HI1).intoArray(dst, d + 3 * ldd);
            r4.blend(r5.rearrange(SWAP1), HI1).intoArray(dst, d + 4 * ldd);
            r4.rearrange(SWAP1).blend(r5, HI1).intoArray(dst, d + 5 * ldd);
            r6.blend(r7.rearrange(SWAP1), HI1).intoArray(dst, d + 6 * ldd);
            r6.rearrange(SWAP1).blend(r7, HI1).intoArray(dst, d + 7 * ldd);
        }
    }
    /**
     * {@link #transpose8(float[], int, int, float[], int, int, int, boolean)} with {@code pairs}, that also
     * stores each loaded 8-float row piece of src as it is: the piece of src row {@code h·8 + r} (group
     * h, row r) and columns {@code 8q..8q+8} to {@code rows[ri + (q >> 1)·panelStep + (q & 1)·8 + (h·8 + r)·16]}:
     * a 16-row src block packed as the 16-column panels of the untransposed matrix as well, from the same
     * loads (a layer's W in both layouts in one pass).
     */
    static void transpose8Both(float[] src, int si, int lds, float[] dst, int di, int ldd, int blocks,
                               float[] rows, int ri, int panelStep) {
        transpose8(src, si, lds, dst, di, ldd, blocks, true, rows, ri, panelStep);
    }

    /**
     * The lane sums of eight vectors in one vector: lane l holds the sum of {@code v}<sub>bitrev(l)</sub>,
     * so passing a 4 × 2 tile as (c00, c20, c10, c30, c01, c21, c11, c31) returns it row-major. The
     * transposition stages of {@link #transpose8} with an add after each: 35 vector operations for eight
     * sums, always in the same order (unlike {@code reduceLanes(ADD)}, whose order may change between
     * the interpreter and C2). Only when {@link #AVAILABLE}.
     */
    static FloatVector laneSums8(FloatVector v0, FloatVector v1, FloatVector v2, FloatVector v3, FloatVector v4,
                                 FloatVector v5, FloatVector v6, FloatVector v7) {
        FloatVector s0 = v0.blend(v1.rearrange(SWAP4), HI4).add(v0.rearrange(SWAP4).blend(v1, HI4));
        FloatVector s1 = v2.blend(v3.rearrange(SWAP4), HI4).add(v2.rearrange(SWAP4).blend(v3, HI4));
        FloatVector s2 = v4.blend(v5.rearrange(SWAP4), HI4).add(v4.rearrange(SWAP4).blend(v5, HI4));
        FloatVector s3 = v6.blend(v7.rearrange(SWAP4), HI4).add(v6.rearrange(SWAP4).blend(v7, HI4));
        FloatVector u0 = s0.blend(s1.rearrange(SWAP2), HI2).add(s0.rearrange(SWAP2).blend(s1, HI2));
        FloatVector u1 = s2.blend(s3.rearrange(SWAP2), HI2).add(s2.rearrange(SWAP2).blend(s3, HI2));
        return u0.blend(u1.rearrange(SWAP1), HI1).add(u0.rearrange(SWAP1).blend(u1, HI1));
    }
}
