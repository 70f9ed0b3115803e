package dev.vectorprop.bench.peers;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The pure-Java BLAS of {@code dev.ludovic.netlib:blas}: {@link JavaBLAS#getInstance()}, which on
 * JDK 16+ with {@code jdk.incubator.vector} is its Vector API implementation ({@code VectorBLAS}). The
 * native (JNI) implementation that {@code BLAS.getInstance()} would try first is deliberately not used,
 * and unless {@code -Ddev.ludovic.netlib.blas.allowNative} is given, netlib is told not to probe for it.
 *
 * <p>netlib is column-major (Fortran BLAS). A row-major {@code m×n} matrix with stride {@code ld} is
 * the column-major {@code n×m} transpose with the same stride, so the row-major product
 * {@code C = op(A)·op(B)} is computed as the column-major {@code Cᵀ = op(B)ᵀ·op(A)ᵀ}: operands swapped,
 * {@code m} and {@code n} swapped, transpose flags kept. No data is copied.
 */
public final class NetlibPeer {

    private static final BLAS BLAS_IMPL;
    /** Held so that the level set below stays in force (loggers are weakly referenced). */
    private static final Logger NETLIB_LOG = Logger.getLogger("dev.ludovic.netlib.blas");

    static {
        // netlib logs its choice at INFO; describe() reports it instead.
        if (NETLIB_LOG.getLevel() == null) {
            NETLIB_LOG.setLevel(Level.WARNING);
        }
        // netlib probes the system's native BLAS when it initializes; skip that unless asked for.
        if (System.getProperty("dev.ludovic.netlib.blas.allowNative") == null) {
            System.setProperty("dev.ludovic.netlib.blas.allowNative", "false");
        }
        BLAS_IMPL = JavaBLAS.getInstance();
    }

    private NetlibPeer() {}

    /** @return the implementation class in use, e.g. {@code dev.ludovic.netlib.blas.VectorBLAS} */
    public static String implementation() {
        return BLAS_IMPL.getClass().getName();
    }

    /** @return true when the Vector API implementation was picked */
    public static boolean isVectorBlas() {
        return implementation().endsWith(".VectorBLAS");
    }

    /**
     * Row-major {@code C = alpha·op(A)·op(B) + beta·C}, with {@code cblas_sgemm(CblasRowMajor, ...)}
     * semantics.
     *
     * @param transA use {@code Aᵀ} ({@code A} stored {@code k×m})
     * @param transB use {@code Bᵀ} ({@code B} stored {@code n×k})
     * @param m rows of {@code C}
     * @param n columns of {@code C}
     * @param k inner dimension
     * @param alpha scale of the product
     * @param a matrix A
     * @param aOffset index of A's first element
     * @param lda row stride of A as stored
     * @param b matrix B
     * @param bOffset index of B's first element
     * @param ldb row stride of B as stored
     * @param beta scale of the old C
     * @param c matrix C, updated
     * @param cOffset index of C's first element
     * @param ldc row stride of C
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                             float beta, float[] c, int cOffset, int ldc) {
        BLAS_IMPL.sgemm(transB ? "T" : "N", transA ? "T" : "N", n, m, k, alpha, b, bOffset, ldb,
                a, aOffset, lda, beta, c, cOffset, ldc);
    }

    /**
     * Prints the implementation picked and checks {@code sgemm} against a naive product.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        System.out.println(describe());
        PeerCheck.run("netlib", NetlibPeer::sgemm, true);
    }

    /** @return one line naming the implementation */
    public static String describe() {
        return "netlib: " + implementation()
                + (isVectorBlas() ? "" : " (NOT VectorBLAS: is --add-modules=jdk.incubator.vector missing?)");
    }
}
