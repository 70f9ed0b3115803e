package dev.vectorprop;

import dev.vectorprop.internal.Platform;

/**
 * Reports which implementation of the kernels this JVM runs: the Vector API path (and at which vector
 * width) or the scalar fallback, and why. Paste {@link #describe()} into bug reports.
 *
 * <p>The choice is made once, when vectorprop is first used. The vector path needs the
 * {@code jdk.incubator.vector} module ({@code --add-modules=jdk.incubator.vector}), the C2 compiler and a
 * preferred float species of at least 128 bits; {@code -Dvectorprop.vectorize=false} forces the scalar
 * path. Both paths compute the same results within the documented tolerances.
 */
public final class Vectorization {

    private Vectorization() {}

    /** @return true when the Vector API kernels are active */
    public static boolean isVectorized() {
        return Platform.VECTOR;
    }

    /** @return the preferred float species width in bits, or 0 on the scalar path */
    public static int vectorBits() {
        return Platform.VECTOR_BITS;
    }

    /** @return float lanes per vector on the active path (1 on the scalar path) */
    public static int floatLanes() {
        return Platform.floatLanes();
    }

    /** @return true when kernels use fused multiply-add instructions */
    public static boolean usesFma() {
        return Platform.FMA;
    }

    /**
     * One line naming the active path, width, FMA use, JDK and CPU architecture, for logs and bug
     * reports, e.g. {@code vectorprop: vector path, 256-bit (8 float lanes), FMA, JDK 25.0.1, amd64}.
     *
     * @return the description
     */
    public static String describe() {
        String path = Platform.VECTOR
                ? "vector path, " + Platform.VECTOR_BITS + "-bit (" + Platform.floatLanes() + " float lanes)"
                : "scalar path (" + Platform.FALLBACK_REASON + ")";
        return "vectorprop: " + path + ", " + (Platform.FMA ? "FMA" : "no FMA")
                + ", JDK " + Runtime.version() + ", " + System.getProperty("os.arch");
    }
}
