package dev.vectorprop.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vectorprop.internal.Platform;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link VectorTranspose#transpose8} against the element-by-element definition, at odd strides and offsets. */
@Tag("kernel")
class VectorTransposeTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void transposesEveryEightByEightBlockExactly(long seed) {
        assumeTrue(Platform.VECTOR && VectorTranspose.AVAILABLE, "no 8-lane vector path");
        SplittableRandom r = new SplittableRandom(seed);
        int ldd = 8 + r.nextInt(40);
        int blocks = 1 + r.nextInt(3);
        int lds = 8 * blocks + r.nextInt(200);
        int si = r.nextInt(17);
        int di = r.nextInt(13);
        float[] src = new float[si + 7 * lds + 8 * blocks];
        for (int i = 0; i < src.length; i++) {
            src[i] = (float) r.nextGaussian();
        }
        float[] dst = new float[di + (8 * blocks - 1) * ldd + 8 + 5];
        Arrays.fill(dst, Float.NaN);
        VectorTranspose.transpose8(src, si, lds, dst, di, ldd, blocks);
        for (int row = 0; row < 8; row++) {
            for (int col = 0; col < 8 * blocks; col++) {
                assertEquals(src[si + row * lds + col], dst[di + col * ldd + row],
                        "seed " + seed + ", blocks " + blocks + ", lds " + lds + ", ldd " + ldd + ": element (" + row + ", " + col + ")");
            }
        }
        for (int i = 0; i < dst.length; i++) { // nothing outside the 8 destination rows is written
            int rel = i - di;
            boolean inside = rel >= 0 && rel % ldd < 8 && rel / ldd < 8 * blocks;
            if (!inside) {
                assertEquals(Float.NaN, dst[i], "seed " + seed + ": index " + i + " written");
            }
        }
    }
}
