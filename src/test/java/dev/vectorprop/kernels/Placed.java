package dev.vectorprop.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Test data placed at a seeded offset inside a larger array, with sentinels before and after. */
record Placed(float[] array, int offset) {

    static final float SENTINEL = -12345.5f;

    static Placed of(SplittableRandom r, float[] data) {
        int off = r.nextInt(5);
        float[] a = new float[off + data.length + r.nextInt(5)];
        Arrays.fill(a, SENTINEL);
        System.arraycopy(data, 0, a, off, data.length);
        return new Placed(a, off);
    }

    /** @return the {@code n} elements from the offset */
    float[] slice(int n) {
        return Arrays.copyOfRange(array, offset, offset + n);
    }

    void assertPaddingUntouched(String context, int n) {
        for (int i = 0; i < array.length; i++) {
            if (i < offset || i >= offset + n) {
                assertEquals(SENTINEL, array[i], context + ": element " + i + " outside the range was written");
            }
        }
    }
}
