package dev.vectorprop.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.PlatformManagedObject;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * The one place where vectorprop decides, once per JVM, between its Vector API kernels and its scalar
 * fallback, and whether FMA instructions may be used. Internal: users read the outcome through
 * {@link dev.vectorprop.Vectorization}.
 *
 * <p>The decision is taken in static initialisers of {@code static final} fields, so C2 folds every
 * {@code if (Platform.VECTOR)} branch in the kernels away. This class never names a
 * {@code jdk.incubator.vector} type itself: when that module is not in the boot layer, touching such a
 * type would throw, so the probe sits in a nested class that is only loaded when the module is present.
 */
public final class Platform {

    /** System property that forces the scalar path when set to {@code false}. */
    public static final String VECTORIZE_PROPERTY = "vectorprop.vectorize";

    /** The reason the vector path is off, or {@code null} when it is on. */
    public static final String FALLBACK_REASON;

    /** True when the Vector API kernels are used. */
    public static final boolean VECTOR;

    /** Bits of {@code FloatVector.SPECIES_PREFERRED}, or 0 when the vector path is off. */
    public static final int VECTOR_BITS;

    /**
     * True when the CPU has fused multiply-add. Without it HotSpot emulates {@code FloatVector.fma} in
     * software (measured 0.002 GFLOP/s with {@code -XX:UseAVX=0}), so kernels use multiply then add.
     */
    public static final boolean FMA;

    static {
        String reason = null;
        int bits = 0;
        String forced = System.getProperty(VECTORIZE_PROPERTY);
        if (forced != null && forced.trim().equalsIgnoreCase("false")) {
            reason = "forced off by -D" + VECTORIZE_PROPERTY + "=false";
        } else if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            reason = "module jdk.incubator.vector is not in the boot layer; start the JVM with"
                    + " --add-modules=jdk.incubator.vector";
        } else if (!c2Available()) {
            reason = "the C2 compiler is off (-Xint or -XX:TieredStopAtLevel < 4): the Vector API would"
                    + " run as slow Java code; remove that option";
        } else {
            try {
                bits = SpeciesProbe.preferredBits();
                if (bits < 128) {
                    reason = "the preferred float species is only " + bits + " bits (-XX:MaxVectorSize too"
                            + " small or no SIMD unit); 128 bits or more are needed";
                    bits = 0;
                }
            } catch (Throwable t) {
                reason = "the Vector API could not be initialised (" + t + ")";
                bits = 0;
            }
        }
        FALLBACK_REASON = reason;
        VECTOR = reason == null;
        VECTOR_BITS = VECTOR ? bits : 0;
        FMA = vmFlag("UseFMA").map(Boolean::parseBoolean).orElse(true);
        if (!VECTOR) {
            System.getLogger("dev.vectorprop").log(System.Logger.Level.INFO,
                    "vectorprop uses its scalar kernels: " + reason);
        }
    }

    private Platform() {}

    /** Number of float lanes of the preferred species, or 1 on the scalar path. */
    public static int floatLanes() {
        return VECTOR ? VECTOR_BITS / Float.SIZE : 1;
    }

    private static boolean c2Available() {
        Optional<String> tieredStop = vmFlag("TieredStopAtLevel");
        if (tieredStop.isPresent() && vmFlag("TieredCompilation").map(Boolean::parseBoolean).orElse(true)
                && Integer.parseInt(tieredStop.get()) < 4) {
            return false;
        }
        return vmFlag("UseCompiler").map(Boolean::parseBoolean).orElse(true)
                && ManagementFactory.getCompilationMXBean() != null;
    }

    /**
     * Reads a HotSpot flag through {@code com.sun.management.HotSpotDiagnosticMXBean}, reflectively so
     * that a runtime without {@code jdk.management} (a small jlinked image) still works.
     */
    static Optional<String> vmFlag(String name) {
        try {
            @SuppressWarnings("unchecked")
            Class<? extends PlatformManagedObject> type = (Class<? extends PlatformManagedObject>)
                    Class.forName("com.sun.management.HotSpotDiagnosticMXBean");
            Object bean = ManagementFactory.getPlatformMXBean(type);
            Object option = type.getMethod("getVMOption", String.class).invoke(bean, name);
            Method value = option.getClass().getMethod("getValue");
            value.setAccessible(true);
            return Optional.of(String.valueOf(value.invoke(option)));
        } catch (Throwable t) {
            return Optional.empty();
        }
    }

    /** Loaded only after the module check passed. */
    private static final class SpeciesProbe {
        static int preferredBits() {
            return jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize();
        }
    }
}
