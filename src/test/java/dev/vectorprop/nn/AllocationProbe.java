package dev.vectorprop.nn;

import dev.vectorprop.check.RandomArrays;
import dev.vectorprop.check.RandomArrays.Values;
import dev.vectorprop.kernels.Activation;
import dev.vectorprop.kernels.Gemm;
import java.lang.management.ManagementFactory;

/**
 * Run in a fresh JVM by {@link AllocationTest}: trains an MLP on one thread and prints the fewest bytes
 * allocated by 100 warm steps. A fresh JVM, because a long test JVM that has run every activation kind
 * compiles the kernels differently (megamorphic call sites box vectors), which says nothing about a
 * training process.
 */
public final class AllocationProbe {

    private AllocationProbe() {}

    /** @param args ignored */
    public static void main(String[] args) {
        Gemm.setParallelism(1);
        Sequential small = new Sequential(new Dense(20, 48, Activation.RELU), new Dense(48, 48, Activation.RELU),
                new Dense(48, 10, Activation.IDENTITY)).initialize(7);
        System.out.println("bytes per 100 steps: " + fewestBytes(small, 20));
        // Products above the threads threshold (64 × 784 × 128: 12.8 MFLOP) take other paths through the GEMM
        // and the layer; a bias-gradient pass once allocated 64 B per step there.
        Sequential wide = new Sequential(new Dense(784, 128, Activation.GELU), new Dense(128, 10, Activation.IDENTITY))
                .initialize(7);
        System.out.println("wide: bytes per 100 steps: " + fewestBytes(wide, 784));
    }

    private static long fewestBytes(Sequential m, int in) {
        int batch = 64;
        float[] x = RandomArrays.floats(7, batch * in, Values.NORMAL);
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = i % 10;
        }
        Trainer t = new Trainer(m, Loss.crossEntropy(), Optimizer.adam(1e-3)).clipGradNorm(5f);
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().threadId();
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 200 && best > 0; round++) {
            long before = bean.getThreadAllocatedBytes(id);
            for (int i = 0; i < 100; i++) {
                t.step(x, labels);
            }
            best = Math.min(best, bean.getThreadAllocatedBytes(id) - before);
        }
        return best;
    }
}
