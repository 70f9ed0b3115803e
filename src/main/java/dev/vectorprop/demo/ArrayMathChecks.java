package dev.vectorprop.demo;

import dev.vectorprop.check.RandomArrays;
import dev.vectorprop.check.Tolerance;
import dev.vectorprop.kernels.ArrayMath;
import dev.vectorprop.reference.ReferenceArrayMath;
import java.util.List;
import java.util.SplittableRandom;

/** Self-checks of the {@link ArrayMath} family. */
final class ArrayMathChecks {

    private ArrayMathChecks() {}

    static List<SelfCheck> all(int n) {
        return List.of(new Axpy(n), new Dot(n), new Sum(n));
    }

    private abstract static class Base implements SelfCheck {
        final int n;
        float[] x;
        float[] y;

        Base(int n) {
            this.n = n;
        }

        void fill(SplittableRandom r) {
            x = RandomArrays.floats(r, n, RandomArrays.Values.NORMAL);
            y = RandomArrays.floats(r, n, RandomArrays.Values.NORMAL);
        }

        @Override
        public String shape() {
            return "n=" + n;
        }

        @Override
        public String unit() {
            return "GB/s";
        }
    }

    private static final class Axpy extends Base {
        Axpy(int n) {
            super(n);
        }

        @Override
        public String name() {
            return "axpy";
        }

        @Override
        public double verify(SplittableRandom r) {
            fill(r);
            double[] expected = ReferenceArrayMath.axpy(0.75f, x, y);
            float[] y0 = y.clone();
            ArrayMath.axpy(0.75f, x, y);
            double worst = 0;
            for (int i = 0; i < n; i++) {
                // The magnitude of the terms, not of the result: without FMA, 0.75·x is rounded before the
                // add, an error relative to |0.75·x| that cancellation does not shrink.
                double bound = Tolerance.reductionBound(1, Math.abs(0.75 * x[i]) + Math.abs(y0[i]) + 1e-30);
                worst = Math.max(worst, Math.abs(expected[i] - y[i]) / bound);
            }
            return worst;
        }

        @Override
        public void run() {
            ArrayMath.axpy(1e-3f, x, y);
        }

        @Override
        public double work() {
            return 12.0 * n; // read x and y, write y
        }
    }

    private static final class Dot extends Base {
        Dot(int n) {
            super(n);
        }

        @Override
        public String name() {
            return "dot";
        }

        @Override
        public double verify(SplittableRandom r) {
            fill(r);
            double bound = Tolerance.reductionBound(n, ReferenceArrayMath.dotAbs(x, y));
            return Math.abs(ReferenceArrayMath.dot(x, y) - ArrayMath.dot(x, y)) / bound;
        }

        @Override
        public void run() {
            ArrayMath.dot(x, y);
        }

        @Override
        public double work() {
            return 8.0 * n;
        }
    }

    private static final class Sum extends Base {
        Sum(int n) {
            super(n);
        }

        @Override
        public String name() {
            return "sum";
        }

        @Override
        public double verify(SplittableRandom r) {
            fill(r);
            double bound = Tolerance.reductionBound(n, ReferenceArrayMath.sumAbs(x));
            return Math.abs(ReferenceArrayMath.sum(x) - ArrayMath.sum(x)) / bound;
        }

        @Override
        public void run() {
            ArrayMath.sum(x);
        }

        @Override
        public double work() {
            return 4.0 * n;
        }
    }
}
