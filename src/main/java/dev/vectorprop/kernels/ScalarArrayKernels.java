package dev.vectorprop.kernels;

import dev.vectorprop.internal.Platform;

/** Scalar bodies of {@link ArrayMath}, used when the Vector API path is off; arguments are checked. */
final class ScalarArrayKernels {

    private ScalarArrayKernels() {}

    /** {@code a·b + c}, fused when the CPU has FMA ({@code Math.fma} is emulated, and slow, otherwise). */
    static float fma(float a, float b, float c) {
        return Platform.FMA ? Math.fma(a, b, c) : a * b + c;
    }

    static void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        axpyTail(0, n, alpha, x, xOff, y, yOff);
    }

    static void axpyTail(int from, int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        for (int i = from; i < n; i++) {
            y[yOff + i] = fma(alpha, x[xOff + i], y[yOff + i]);
        }
    }

    static void scale(int n, float alpha, float[] x, int xOff, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = alpha * x[xOff + i];
        }
    }

    static void add(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = a[aOff + i] + b[bOff + i];
        }
    }

    static void multiply(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = a[aOff + i] * b[bOff + i];
        }
    }

    static void fill(int n, float value, float[] out, int outOff) {
        java.util.Arrays.fill(out, outOff, outOff + n, value);
    }

    // Same interleaving as the vector path with L = 1: four partial sums, then the tail.
    static float sum(int n, float[] x, int xOff) {
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += x[xOff + i];
            s1 += x[xOff + i + 1];
            s2 += x[xOff + i + 2];
            s3 += x[xOff + i + 3];
        }
        float s = (s0 + s1) + (s2 + s3);
        for (; i < n; i++) {
            s += x[xOff + i];
        }
        return s;
    }

    static float dot(int n, float[] x, int xOff, float[] y, int yOff) {
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 = fma(x[xOff + i], y[yOff + i], s0);
            s1 = fma(x[xOff + i + 1], y[yOff + i + 1], s1);
            s2 = fma(x[xOff + i + 2], y[yOff + i + 2], s2);
            s3 = fma(x[xOff + i + 3], y[yOff + i + 3], s3);
        }
        float s = (s0 + s1) + (s2 + s3);
        for (; i < n; i++) {
            s = fma(x[xOff + i], y[yOff + i], s);
        }
        return s;
    }

    static float sumOfSquares(int n, float[] x, int xOff) {
        return dot(n, x, xOff, x, xOff);
    }

    static float maxAbs(int n, float[] x, int xOff) {
        float m = 0f;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, Math.abs(x[xOff + i]));
        }
        return m;
    }
}
