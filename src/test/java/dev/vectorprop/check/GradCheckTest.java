package dev.vectorprop.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GradCheckTest {

    // f(x, y) = Σ sin(x_i)·y_i² ; ∂f/∂x_i = cos(x_i)·y_i², ∂f/∂y_i = 2·sin(x_i)·y_i
    private static double f(double[][] in) {
        double s = 0;
        for (int i = 0; i < in[0].length; i++) {
            s += Math.sin(in[0][i]) * in[1][i] * in[1][i];
        }
        return s;
    }

    @Test
    void centralDifferencesMatchAnalyticGradient() {
        float[] x = RandomArrays.floats(1, 17, RandomArrays.Values.NORMAL);
        float[] y = RandomArrays.floats(2, 17, RandomArrays.Values.NORMAL);
        float[] gx = new float[17];
        float[] gy = new float[17];
        for (int i = 0; i < 17; i++) {
            gx[i] = (float) (Math.cos(x[i]) * y[i] * y[i]);
            gy[i] = (float) (2 * Math.sin(x[i]) * y[i]);
        }
        double[][] numeric = GradCheck.numericGradient(GradCheckTest::f, GradCheck.toDouble(x, y));
        GradCheck.Result r = GradCheck.compare(new float[][] {gx, gy}, numeric);
        assertTrue(r.maxError(1e-3) < 1e-6, "max error " + r.maxError(1e-3));
        r.assertWithin("sin·y²", 1e-6, 1e-3);
    }

    @Test
    void detectsAWrongGradient() {
        float[] x = {0.3f, -1.2f, 2.0f};
        float[] y = {1f, 2f, 3f};
        float[] gx = new float[3];
        float[] gy = new float[3];
        for (int i = 0; i < 3; i++) {
            gx[i] = (float) (Math.cos(x[i]) * y[i] * y[i]);
            gy[i] = (float) (Math.sin(x[i]) * y[i]); // missing factor 2
        }
        GradCheck.Result r = GradCheck.compare(new float[][] {gx, gy},
                GradCheck.numericGradient(GradCheckTest::f, GradCheck.toDouble(x, y)));
        AssertionError e = assertThrows(AssertionError.class, () -> r.assertWithin("broken", 1e-4, 1e-3));
        assertTrue(e.getMessage().contains("input 1 element 0"), e.getMessage());
        assertEquals(0.0, r.relError()[0][1], 1e-6);
    }

    @Test
    void rejectsBadStep() {
        assertThrows(IllegalArgumentException.class,
                () -> GradCheck.numericGradient(GradCheckTest::f, new double[][] {{1}, {1}}, 0));
    }
}
