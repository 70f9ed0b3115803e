package dev.vectorprop.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelTest {

    @Test
    void runsEveryPartOnceAndWaits() {
        AtomicIntegerArray seen = new AtomicIntegerArray(5);
        Parallel.run(5, seen::incrementAndGet);
        for (int i = 0; i < 5; i++) {
            assertEquals(1, seen.get(i), "part " + i);
        }
    }

    @Test
    void failureInAWorkerReachesTheCaller() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.run(3, i -> {
            if (i == 2) {
                throw new IllegalStateException("part 2 failed");
            }
        }));
        assertEquals("part 2 failed", e.getMessage());
    }

    @Test
    void parallelismIsValidated() {
        int before = Parallel.parallelism();
        assertThrows(IllegalArgumentException.class, () -> Parallel.setParallelism(0));
        Parallel.setParallelism(3);
        assertEquals(3, Parallel.parallelism());
        Parallel.setParallelism(before);
    }

    @Test
    void blockSizesFitTheRegisterTile() {
        assertEquals(0, Tuning.GEMM_MC % Tuning.GEMM_MR, "MC must be a multiple of MR");
        assertEquals(0, Tuning.GEMM_NC % Tuning.GEMM_NR, "NC must be a multiple of NR");
        assertEquals(2 * Tuning.LANES, Tuning.GEMM_NR);
        assertTrue(Tuning.GEMM_KC >= 16 && Tuning.GEMM_KC % 2 == 0, "KC " + Tuning.GEMM_KC);
    }
}
