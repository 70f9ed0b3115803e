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
        int batch = 64;
        float[] x = RandomArrays.floats(7, batch * 20, Values.NORMAL);
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = i % 10;
        }
        Sequential m = new Sequential(new Dense(20, 48, Activation.RELU), new Dense(48, 48, Activation.RELU),
                new Dense(48, 10, Activation.IDENTITY)).initialize(7);
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
        System.out.println("bytes per 100 steps: " + best);
    }
}
