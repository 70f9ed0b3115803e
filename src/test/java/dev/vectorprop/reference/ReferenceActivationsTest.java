package dev.vectorprop.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The erf/erfc oracle against published values (computed with 40-digit arithmetic, mpmath). */
class ReferenceActivationsTest {

    @Test
    void erfKnownValues() {
        assertEquals(0.0, ReferenceActivations.erf(0), 0);
        assertEquals(0.520499877813047, ReferenceActivations.erf(0.5), 1e-15);
        assertEquals(0.842700792949715, ReferenceActivations.erf(1), 1e-15);
        assertEquals(-0.842700792949715, ReferenceActivations.erf(-1), 1e-15);
        assertEquals(0.995322265018953, ReferenceActivations.erf(2), 1e-15);
        assertEquals(1.0, ReferenceActivations.erf(Double.POSITIVE_INFINITY), 0);
        assertEquals(Double.NaN, ReferenceActivations.erf(Double.NaN));
    }

    @Test
    void erfcKnownValuesRelative() {
        assertEquals(2.20904969985854e-5, ReferenceActivations.erfc(3), 2.20904969985854e-5 * 1e-13);
        assertEquals(1.53745979442803e-12, ReferenceActivations.erfc(5), 1.53745979442803e-12 * 1e-13);
        assertEquals(2.08848758376254e-45, ReferenceActivations.erfc(10), 2.08848758376254e-45 * 1e-13);
        assertEquals(1.0, ReferenceActivations.erfc(0), 1e-16);
        assertEquals(2.0, ReferenceActivations.erfc(-10), 1e-16);
    }

    @Test
    void seriesAndContinuedFractionMeetAtTheSwitch() {
        // erf uses its series below 2.5 and 1 − erfc (continued fraction) from 2.5 on.
        double below = Math.nextDown(2.5);
        double slope = 2 / Math.sqrt(Math.PI) * Math.exp(-6.25);
        assertEquals(ReferenceActivations.erf(2.5) - slope * (2.5 - below), ReferenceActivations.erf(below), 1e-15);
        assertEquals(ReferenceActivations.erfc(2.5) + slope * (2.5 - below), ReferenceActivations.erfc(below),
                1e-15);
    }
}
