package dev.vectorprop.demo;

import java.util.SplittableRandom;

/**
 * One entry of the demo's self-check: runs a kernel on random data, compares it with its reference and
 * times it.
 */
interface SelfCheck {

    /** @return the kernel's name as printed */
    String name();

    /** @return the problem size as printed, e.g. {@code n=1048576} */
    String shape();

    /**
     * Runs the kernel once on fresh data and compares with the reference.
     *
     * @return the worst error as a fraction of the accepted bound (≤ 1 passes)
     */
    double verify(SplittableRandom r);

    /** Runs the kernel once on the data of the last {@link #verify} call (for timing). */
    void run();

    /** @return the work of one {@link #run()}, in the unit of {@link #unit()} */
    double work();

    /** @return {@code "GB/s"} or {@code "GFLOP/s"} (work per nanosecond) */
    String unit();
}
