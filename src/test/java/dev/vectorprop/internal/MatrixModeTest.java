package dev.vectorprop.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorprop.Vectorization;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Guards the test matrix itself: each surefire execution must really run the path it claims. */
@Tag("kernel")
class MatrixModeTest {

    @Test
    void executionRunsTheIntendedPath() {
        String mode = System.getProperty("vectorprop.test.matrix", "unknown");
        System.out.println("[" + mode + "] " + Vectorization.describe());
        switch (mode) {
            case "scalar" -> {
                assertFalse(Vectorization.isVectorized(), Vectorization.describe());
                assertEquals(1, Vectorization.floatLanes());
            }
            case "width-128" -> {
                assertTrue(Vectorization.isVectorized(), Vectorization.describe());
                assertEquals(128, Vectorization.vectorBits(), Vectorization.describe());
            }
            case "preferred" -> {
                assertTrue(Vectorization.isVectorized(), Vectorization.describe());
                assertTrue(Vectorization.vectorBits() >= 128, Vectorization.describe());
            }
            default -> { } // run from an IDE: nothing to check
        }
    }

    @Test
    void describeNamesThePath() {
        String d = Vectorization.describe();
        assertTrue(d.startsWith("vectorprop: "), d);
        assertTrue(d.contains(Vectorization.isVectorized() ? "-bit" : "scalar path"), d);
    }
}
