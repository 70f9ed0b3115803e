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
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void transposesEveryEightByEightBlockExactly(long seed) {
        assumeTrue(Platform.VECTOR && VectorTranspose.AVAILABLE, "no 8-lane vector path");
        SplittableRandom r = new SplittableRandom(seed);
        boolean pairs = seed > 8; // 16 rows into 16 columns, the two groups of 8 alternating
        int rows = pairs ? 16 : 8;
        int ldd = rows + r.nextInt(40);
        int blocks = 1 + r.nextInt(3);
        int lds = 8 * blocks + r.nextInt(200);
        int si = r.nextInt(17);
        int di = r.nextInt(13);
        float[] src = new float[si + (rows - 1) * lds + 8 * blocks];
        for (int i = 0; i < src.length; i++) {
            src[i] = (float) r.nextGaussian();
        }
        float[] dst = new float[di + (8 * blocks - 1) * ldd + rows + 5];
        Arrays.fill(dst, Float.NaN);
        if (pairs) {
            VectorTranspose.transpose8(src, si, lds, dst, di, ldd, blocks, true);
        } else {
            VectorTranspose.transpose8(src, si, lds, dst, di, ldd, blocks);
        }
        for (int row = 0; row < rows; row++) {
            for (int col = 0; col < 8 * blocks; col++) {
                assertEquals(src[si + row * lds + col], dst[di + col * ldd + row],
                        "seed " + seed + ", pairs " + pairs + ", blocks " + blocks + ", lds " + lds + ", ldd " + ldd
                                + ": element (" + row + ", " + col + ")");
            }
        }
        for (int i = 0; i < dst.length; i++) { // nothing outside the destination rows is written
            int rel = i - di;
            boolean inside = rel >= 0 && rel % ldd < rows && rel / ldd < 8 * blocks;
            if (!inside) {
                assertEquals(Float.NaN, dst[i], "seed " + seed + ": index " + i + " written");
            }
        }
    }
}
