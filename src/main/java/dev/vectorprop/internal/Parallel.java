package dev.vectorprop.internal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * The shared worker pool for multi-threaded kernels. Threads are created once (daemon threads, so they
 * never keep a JVM alive) and reused; a call splits its work into independent parts, runs one on the
 * caller and the rest on the pool, and waits. Kernels split only over output blocks, never over a
 * reduction, so results do not depend on the number of threads.
 *
 * <p>Parallelism: {@code -Dvectorprop.threads=N} at start-up, or {@link #setParallelism(int)}; default
 * the number of available processors.
 */
public final class Parallel {

    /** System property naming the initial parallelism. */
    public static final String THREADS_PROPERTY = "vectorprop.threads";

    private static volatile int parallelism = initialParallelism();
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "vectorprop-worker");
        t.setDaemon(true);
        return t;
    });

    private Parallel() {}

    private static int initialParallelism() {
        String p = System.getProperty(THREADS_PROPERTY);
        int cpus = Runtime.getRuntime().availableProcessors();
        if (p == null || p.isBlank()) {
            return cpus;
        }
        try {
            int v = Integer.parseInt(p.trim());
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the warning
        }
        System.getLogger("dev.vectorprop").log(System.Logger.Level.WARNING,
                "ignoring -D" + THREADS_PROPERTY + "=" + p + " (needs a whole number >= 1); using " + cpus);
        return cpus;
    }

    /** @return the number of threads multi-threaded kernels may use */
    public static int parallelism() {
        return parallelism;
    }

    /**
     * Sets the number of threads multi-threaded kernels may use (1 = single-threaded).
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static void setParallelism(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        parallelism = threads;
    }

    /**
     * Runs {@code part.accept(i)} for {@code i} in {@code [0, parts)}, part 0 on the calling thread,
     * and returns when all are done. An exception in any part is rethrown here.
     */
    public static void run(int parts, IntConsumer part) {
        if (parts <= 1) {
            part.accept(0);
            return;
        }
        CountDownLatch done = new CountDownLatch(parts - 1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int i = 1; i < parts; i++) {
            int index = i;
            POOL.execute(() -> {
                try {
                    part.accept(index);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    done.countDown();
                }
            });
        }
        try {
            part.accept(0);
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the parts write into the caller's arrays: never leave before they end
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }
}
