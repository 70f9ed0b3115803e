package dev.vectorprop.kernels;

import dev.vectorprop.internal.Checks;
import dev.vectorprop.internal.Platform;
import dev.vectorprop.internal.Tuning;

/**
 * A right-hand GEMM operand {@code op(B)} ({@code k × n}) packed once into the layout the micro-kernel
 * reads, so that a weight matrix used by many products is not packed again for each (as oneDNN and
 * XNNPACK do with their pre-packed weights).
 *
 * <p>Create one with {@link Gemm#packB}; after the source changes (an optimizer step), refresh it in
 * place with {@link #repack}, which allocates nothing. Use it with
 * {@link Gemm#sgemm(boolean, int, int, int, float, float[], int, int, PackedMatrix, float, float[], int, int)}.
 * The layout depends on the active vector width, so a packed matrix is not meant to be serialised.
 *
 * <p>Layout on the vector path: KC-deep blocks of rows one after the other; inside a block, panels of
 * {@code NR} columns, each stored row by row ({@code NR} floats per row of the block), the last panel
 * zero-padded to {@code NR} columns. On the scalar path: a dense row-major copy of {@code op(B)}.
 */
public final class PackedMatrix {

    private final boolean transposed;
    private final int k;
    private final int n;
    final int paddedColumns;
    final float[] data;

    PackedMatrix(boolean transposed, int k, int n) {
        this.transposed = transposed;
        this.k = k;
        this.n = n;
        this.paddedColumns = Platform.VECTOR ? roundUp(n, Tuning.GEMM_NR) : n;
        this.data = new float[Math.addExact(Math.multiplyExact(k, paddedColumns),
                Platform.VECTOR ? VectorGemm.PAD : 0)];
    }

    private static int roundUp(int v, int multiple) {
        return Math.ceilDiv(v, multiple) * multiple;
    }

    /** @return {@code k}, the rows of {@code op(B)} */
    public int rows() {
        return k;
    }

    /** @return {@code n}, the columns of {@code op(B)} */
    public int columns() {
        return n;
    }

    /** @return whether the source is stored transposed ({@code n × k}, as PyTorch's Linear weight) */
    public boolean transposed() {
        return transposed;
    }

    /**
     * Packs new values from a source of the same shape and orientation as at creation.
     *
     * @param b      the source, {@code k × n} (or {@code n × k} if {@link #transposed()}) row-major
     * @param bOffset index of its first element
     * @param ldb    its row stride
     */
    public void repack(float[] b, int bOffset, int ldb) {
        Checks.matrix("B", b, bOffset, transposed ? n : k, transposed ? k : n, ldb);
        if (Platform.VECTOR) {
            VectorGemm.packWhole(this, b, bOffset, ldb);
        } else {
            ScalarGemm.packWhole(this, b, bOffset, ldb);
        }
    }

    /** Offset in {@link #data} of the panel holding column {@code j} (a multiple of NR) in the KC block at {@code pc}. */
    int panelOffset(int pc, int kc, int j) {
        return pc * paddedColumns + j * kc;
    }
}
