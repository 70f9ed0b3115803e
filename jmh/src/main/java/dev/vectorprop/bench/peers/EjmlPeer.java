package dev.vectorprop.bench.peers;

import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;

/**
 * EJML's single-threaded float GEMM ({@link CommonOps_FDRM}) on matrices that wrap the caller's
 * arrays ({@link FMatrixRMaj#wrap(int, int, float[])}), so nothing is copied per call. EJML's matrices
 * are dense row-major with no stride or offset, so an instance is made once per set of arrays and
 * supports {@code C = alpha·op(A)·op(B)} ({@code beta = 0}) and {@code C += alpha·A·B}
 * ({@code beta = 1}).
 */
public final class EjmlPeer {

    private final FMatrixRMaj a;
    private final FMatrixRMaj b;
    private final FMatrixRMaj c;
    private final boolean transA;
    private final boolean transB;

    /**
     * Wraps dense row-major arrays for {@code C(m×n) = op(A)·op(B)}.
     *
     * @param transA A is stored {@code k×m} and used transposed
     * @param transB B is stored {@code n×k} and used transposed
     * @param m rows of C
     * @param n columns of C
     * @param k inner dimension
     * @param a A, at least {@code m·k} elements
     * @param b B, at least {@code k·n} elements
     * @param c C, at least {@code m·n} elements
     */
    public EjmlPeer(boolean transA, boolean transB, int m, int n, int k, float[] a, float[] b, float[] c) {
        OpenBlasPeer.checkMatrix("A", a, 0, transA ? k : m, transA ? m : k, Math.max(1, transA ? m : k));
        OpenBlasPeer.checkMatrix("B", b, 0, transB ? n : k, transB ? k : n, Math.max(1, transB ? k : n));
        OpenBlasPeer.checkMatrix("C", c, 0, m, n, Math.max(1, n));
        this.transA = transA;
        this.transB = transB;
        this.a = transA ? FMatrixRMaj.wrap(k, m, a) : FMatrixRMaj.wrap(m, k, a);
        this.b = transB ? FMatrixRMaj.wrap(n, k, b) : FMatrixRMaj.wrap(k, n, b);
        this.c = FMatrixRMaj.wrap(m, n, c);
    }

    /**
     * {@code C = alpha·op(A)·op(B) + beta·C} for {@code beta} 0 or 1 (1 only without transposes).
     *
     * @param alpha scale of the product
     * @param beta 0 or 1
     */
    public void mult(float alpha, float beta) {
        if (beta == 1f && !transA && !transB) {
            CommonOps_FDRM.multAdd(alpha, a, b, c);
        } else if (beta != 0f) {
            throw new IllegalArgumentException("EJML peer: beta must be 0, or 1 without transposes");
        } else if (transA && transB) {
            CommonOps_FDRM.multTransAB(alpha, a, b, c);
        } else if (transA) {
            CommonOps_FDRM.multTransA(alpha, a, b, c);
        } else if (transB) {
            CommonOps_FDRM.multTransB(alpha, a, b, c);
        } else {
            CommonOps_FDRM.mult(alpha, a, b, c);
        }
    }

    /** {@code C = A·B}: the call the benchmarks time. */
    public void mult() {
        CommonOps_FDRM.mult(a, b, c);
    }

    /**
     * Checks the wrapped product against a naive one (dense arrays, {@code C = A·B}).
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        PeerCheck.run("ejml", EjmlPeer::sgemm, false);
    }

    /**
     * Row-major {@code sgemm} for dense arrays at offset 0 with {@code beta} 0 or 1, through a fresh
     * wrapper (for checks; the benchmarks keep one instance).
     *
     * @param transA use {@code Aᵀ}
     * @param transB use {@code Bᵀ}
     * @param m rows of C
     * @param n columns of C
     * @param k inner dimension
     * @param alpha scale of the product
     * @param a A
     * @param aOffset must be 0
     * @param lda must be the dense stride
     * @param b B
     * @param bOffset must be 0
     * @param ldb must be the dense stride
     * @param beta 0 or 1
     * @param c C
     * @param cOffset must be 0
     * @param ldc must be {@code n}
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                             float beta, float[] c, int cOffset, int ldc) {
        if (aOffset != 0 || bOffset != 0 || cOffset != 0 || lda != (transA ? m : k) || ldb != (transB ? k : n)
                || ldc != n) {
            throw new IllegalArgumentException("EJML peer: dense arrays at offset 0 only");
        }
        new EjmlPeer(transA, transB, m, n, k, a, b, c).mult(alpha, beta);
    }
}
