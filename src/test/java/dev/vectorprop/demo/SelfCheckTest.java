package dev.vectorprop.demo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The demo's self-check passes on every kernel family it covers. */
class SelfCheckTest {

    @Test
    void everySelfCheckAgreesWithItsReference() {
        List<SelfCheck> checks = new ArrayList<>(ArrayMathChecks.all(1 << 12));
        checks.addAll(GemmChecks.all(true));
        SplittableRandom r = new SplittableRandom(7);
        for (SelfCheck c : checks) {
            double err = c.verify(r);
            assertTrue(err <= 1.0, c.name() + " " + c.shape() + ": error/bound " + err);
            assertTrue(c.work() > 0, c.name());
        }
    }
}
