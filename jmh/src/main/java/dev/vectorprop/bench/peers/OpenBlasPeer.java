package dev.vectorprop.bench.peers;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * OpenBLAS (the {@code org.bytedeco:openblas} build) called through the Java FFM API.
 *
 * <p>JavaCPP's {@link Loader} only extracts the bundled {@code libopenblas.so.0} (with its Fortran
 * runtime) into its cache and loads it; the path it loaded is then opened with
 * {@link SymbolLookup#libraryLookup(Path, Arena)} and {@code cblas_sgemm} and a few informational
 * functions are bound as downcall handles. The {@code cblas_sgemm} handle is
 * {@link Linker.Option#critical(boolean) critical with heap access}, so heap {@code float[]} arrays are
 * passed to OpenBLAS by address, without a copy, and the call has no thread-state transition.
 *
 * <p>The library is switched to one thread when this class initializes; set
 * {@code OPENBLAS_NUM_THREADS=1} in the environment as well so that OpenBLAS does not even start its
 * thread pool. The JVM should run with {@code --enable-native-access=ALL-UNNAMED}.
 */
public final class OpenBlasPeer {

    private static final int CBLAS_ROW_MAJOR = 101;
    private static final int CBLAS_NO_TRANS = 111;
    private static final int CBLAS_TRANS = 112;

    private static final Path LIBRARY;
    private static final MethodHandle SGEMM;
    private static final MethodHandle SET_NUM_THREADS;
    private static final MethodHandle GET_NUM_THREADS;
    private static final MethodHandle GET_CORENAME;
    private static final MethodHandle GET_CONFIG;

    static {
        LIBRARY = extractLibrary();
        Linker linker = Linker.nativeLinker();
        SymbolLookup lib = SymbolLookup.libraryLookup(LIBRARY, Arena.global());
        ValueLayout.OfInt i = ValueLayout.JAVA_INT;
        ValueLayout.OfFloat f = ValueLayout.JAVA_FLOAT;
        ValueLayout p = ValueLayout.ADDRESS;
        SGEMM = linker.downcallHandle(lib.findOrThrow("cblas_sgemm"),
                FunctionDescriptor.ofVoid(i, i, i, i, i, i, f, p, i, p, i, f, p, i),
                Linker.Option.critical(true));
        SET_NUM_THREADS = linker.downcallHandle(lib.findOrThrow("openblas_set_num_threads"),
                FunctionDescriptor.ofVoid(i));
        GET_NUM_THREADS = linker.downcallHandle(lib.findOrThrow("openblas_get_num_threads"),
                FunctionDescriptor.of(i));
        GET_CORENAME = linker.downcallHandle(lib.findOrThrow("openblas_get_corename"),
                FunctionDescriptor.of(p));
        GET_CONFIG = linker.downcallHandle(lib.findOrThrow("openblas_get_config"),
                FunctionDescriptor.of(p));
        if (config().contains("USE64BITINT")) {
            throw new IllegalStateException("OpenBLAS built with 64-bit integers; the bindings use int: " + config());
        }
        setThreads(1);
    }

    private OpenBlasPeer() {}

    /** Lets JavaCPP extract and load the bundled OpenBLAS, and returns the path of libopenblas it loaded. */
    private static Path extractLibrary() {
        Loader.load(openblas_nolapack.class);
        for (Map.Entry<String, String> e : Loader.getLoadedLibraries().entrySet()) {
            String path = e.getValue();
            if (path != null && Path.of(path).getFileName().toString().startsWith("libopenblas")
                    && Files.isRegularFile(Path.of(path))) {
                return Path.of(path);
            }
        }
        throw new IllegalStateException("JavaCPP did not report a loaded libopenblas: "
                + Loader.getLoadedLibraries());
    }

    /** @return the file the bindings were made against (in JavaCPP's cache) */
    public static Path libraryPath() {
        return LIBRARY;
    }

    /**
     * Sets OpenBLAS's thread count.
     *
     * @param threads at least 1
     */
    public static void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1: " + threads);
        }
        try {
            SET_NUM_THREADS.invokeExact(threads);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** @return OpenBLAS's current thread count */
    public static int threads() {
        try {
            return (int) GET_NUM_THREADS.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** @return the CPU core type OpenBLAS dispatched to, e.g. {@code Zen} or {@code Haswell} */
    public static String coreName() {
        return string(GET_CORENAME);
    }

    /** @return OpenBLAS's build configuration string */
    public static String config() {
        return string(GET_CONFIG);
    }

    private static String string(MethodHandle h) {
        try {
            MemorySegment s = (MemorySegment) h.invokeExact();
            return s.equals(MemorySegment.NULL) ? "" : s.reinterpret(Integer.MAX_VALUE).getString(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Row-major {@code C = alpha·op(A)·op(B) + beta·C} on whole arrays starting at index 0; see
     * {@link #sgemm(boolean, boolean, int, int, int, float, float[], int, int, float[], int, int, float,
     * float[], int, int)}.
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc) {
        sgemm(transA, transB, m, n, k, alpha, a, 0, lda, b, 0, ldb, beta, c, 0, ldc);
    }

    /**
     * Row-major {@code C = alpha·op(A)·op(B) + beta·C}: {@code cblas_sgemm(CblasRowMajor, ...)}. The
     * array ranges are checked here, since native code would not.
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
        checkMatrix("A", a, aOffset, transA ? k : m, transA ? m : k, lda);
        checkMatrix("B", b, bOffset, transB ? n : k, transB ? k : n, ldb);
        checkMatrix("C", c, cOffset, m, n, ldc);
        MemorySegment sa = MemorySegment.ofArray(a);
        MemorySegment sb = MemorySegment.ofArray(b);
        MemorySegment sc = MemorySegment.ofArray(c);
        if (aOffset != 0) sa = sa.asSlice(4L * aOffset);
        if (bOffset != 0) sb = sb.asSlice(4L * bOffset);
        if (cOffset != 0) sc = sc.asSlice(4L * cOffset);
        try {
            SGEMM.invokeExact(CBLAS_ROW_MAJOR, transA ? CBLAS_TRANS : CBLAS_NO_TRANS,
                    transB ? CBLAS_TRANS : CBLAS_NO_TRANS, m, n, k, alpha, sa, lda, sb, ldb, beta, sc, ldc);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Checks that a stored {@code rows×cols} row-major matrix with stride {@code ld} lies in {@code x}. */
    static void checkMatrix(String name, float[] x, int offset, int rows, int cols, int ld) {
        if (rows < 0 || cols < 0 || ld < Math.max(1, cols) || offset < 0) {
            throw new IllegalArgumentException(name + ": rows=" + rows + " cols=" + cols + " ld=" + ld
                    + " offset=" + offset);
        }
        long end = rows == 0 || cols == 0 ? offset : offset + (long) (rows - 1) * ld + cols;
        if (end > x.length) {
            throw new IndexOutOfBoundsException(name + ": needs " + end + " elements, has " + x.length);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }

    /**
     * Prints the library path, core name, config and thread count, then checks {@code sgemm} against a
     * naive product (all four transpose cases, with offsets and padded strides).
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        System.out.println(describe());
        PeerCheck.run("openblas", OpenBlasPeer::sgemm, true);
    }

    /** @return one line naming the library file, core, thread count and build configuration */
    public static String describe() {
        return "OpenBLAS: core " + coreName() + ", " + threads() + " thread(s), config [" + config().trim()
                + "], " + LIBRARY;
    }
}
