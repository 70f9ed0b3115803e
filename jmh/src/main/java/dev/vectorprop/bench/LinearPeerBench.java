package dev.vectorprop.bench;

import dev.vectorprop.bench.peers.OneDnnLinear;
import dev.vectorprop.bench.peers.OpenBlasPeer;
import dev.vectorprop.bench.peers.OpenBlasUnfusedLinear;
import dev.vectorprop.check.RandomArrays;
import dev.vectorprop.kernels.Activation;
import dev.vectorprop.kernels.ArrayMath;
import dev.vectorprop.kernels.Gemm;
import dev.vectorprop.kernels.Linear;
import dev.vectorprop.kernels.LinearWeights;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The dense layer of {@link LinearBench} (same shapes and activations, same benchmark names) for
 * vectorprop and two peers, single-threaded:
 * <ul>
 *   <li>{@code vectorprop}: {@link Linear} with {@link LinearWeights}, as in {@link LinearBench}
 *   ({@code forwardBackward} includes the weight repack an optimizer step makes necessary);</li>
 *   <li>{@code openblas_unfused}: {@link OpenBlasUnfusedLinear}, OpenBLAS {@code sgemm} plus separate
 *   Java bias, activation and bias-gradient passes;</li>
 *   <li>{@code onednn}: {@link OneDnnLinear}, oneDNN's inner product primitives (forward with an eltwise
 *   post-op, backward data, backward weights with bias) and eltwise backward, data in oneDNN's
 *   memory.</li>
 * </ul>
 * Scores are calls per second; flops per call are 2·B·in·out for {@code forward}, 4·B·in·out for
 * {@code backward} and 6·B·in·out for {@code forwardBackward} ({@link Report} converts). Each trial first
 * runs forward and backward once and compares Y, dX, dW and db with vectorprop's {@code Linear} called
 * with W as stored (a different code path from the packed one measured), so a miswired peer cannot
 * produce numbers.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-Dvectorprop.threads=1"})
public class LinearPeerBench {

    /** {@code batch x in x out}. */
    @Param({"64x784x256", "256x784x512", "256x512x512", "256x512x10", "32x128x128", "1024x1024x1024"})
    public String shape;

    /** The activation, by its {@link LinearBench} name. */
    @Param({"identity", "relu", "gelu", "gelu_tanh", "tanh", "sigmoid"})
    public String act;

    /** The implementation. */
    @Param({"vectorprop", "openblas_unfused", "onednn"})
    public String impl;

    Layer layer;

    @Setup(Level.Trial)
    public void setup() {
        int[] s = GemmBench.parseShape(shape);
        Gemm.setParallelism(1);
        if (OpenBlasPeer.threads() != 1) {
            throw new IllegalStateException("OpenBLAS is not single-threaded: " + OpenBlasPeer.describe());
        }
        layer = Layer.create(impl, activation(act), s[0], s[1], s[2]);
        layer.check();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        layer.close();
    }

    /** Z = X·Wᵀ + b, Y = act(Z) (Z kept only when backward needs it). */
    @Benchmark
    public Object forward() {
        layer.forward();
        return layer;
    }

    /** dZ, dX, dW and db from dY and the saved forward output. */
    @Benchmark
    public Object backward() {
        layer.backward();
        return layer;
    }

    /** One training step of the layer: forward and backward (plus vectorprop's weight repack). */
    @Benchmark
    public Object forwardBackward() {
        layer.forwardBackward();
        return layer;
    }

    /**
     * Maps a {@link LinearBench} activation name to the activation ({@link LayerFixture#activation}).
     *
     * @param name identity, relu, gelu, gelu_tanh, tanh or sigmoid
     * @return the activation
     */
    public static Activation activation(String name) {
        return LayerFixture.activation(name);
    }

    /**
     * Builds the named implementation at a shape, runs forward and backward once and compares the
     * results with vectorprop's {@code Linear}; used by {@code BenchInfo} on small shapes.
     *
     * @param impl  vectorprop, openblas_unfused or onednn
     * @param act   the activation's name
     * @param batch rows of X
     * @param in    input features
     * @param out   output features
     * @return a one-line summary with the largest errors found
     * @throws AssertionError when an output differs by more than the tolerance
     */
    public static String check(String impl, String act, int batch, int in, int out) {
        try (Layer l = Layer.create(impl, activation(act), batch, in, out)) {
            return l.check();
        }
    }

    /** One implementation of the layer bound to its data; {@link #check()} runs it and compares. */
    abstract static class Layer implements AutoCloseable {
        final String impl;
        final Activation act;
        final int batch;
        final int in;
        final int out;
        final float[] x;
        final float[] w;
        final float[] bias;
        final float[] dy;

        Layer(String impl, Activation act, int batch, int in, int out) {
            this.impl = impl;
            this.act = act;
            this.batch = batch;
            this.in = in;
            this.out = out;
            x = RandomArrays.floats(1, batch * in, RandomArrays.Values.NORMAL);
            w = RandomArrays.floats(2, out * in, RandomArrays.Values.NORMAL);
            ArrayMath.scale((float) (1 / Math.sqrt(in)), w);
            bias = RandomArrays.floats(3, out, RandomArrays.Values.NORMAL);
            dy = RandomArrays.floats(4, batch * out, RandomArrays.Values.NORMAL);
        }

        static Layer create(String impl, Activation act, int batch, int in, int out) {
            return switch (impl) {
                case "vectorprop" -> new VectorpropLayer(act, batch, in, out);
                case "openblas_unfused" -> new OpenBlasLayer(act, batch, in, out);
                case "onednn" -> new OneDnnLayer(act, batch, in, out);
                default -> throw new IllegalArgumentException("unknown impl: " + impl);
            };
        }

        abstract void forward();

        abstract void backward();

        void forwardBackward() {
            forward();
            backward();
        }

        /** Copies Y, dX, dW and db into the given arrays. */
        abstract void read(float[] y, float[] dx, float[] dw, float[] db);

        @Override
        public void close() {}

        /** Runs forward and backward, compares with {@code Linear} on W as stored; returns the errors. */
        String check() {
            forward();
            backward();
            float[] y = new float[batch * out], dx = new float[batch * in], dw = new float[out * in];
            float[] db = new float[out];
            read(y, dx, dw, db);
            float[] yr = new float[batch * out], zr = new float[batch * out], dxr = new float[batch * in];
            float[] dwr = new float[out * in], dbr = new float[out];
            Linear.forward(act, batch, in, out, x, 0, w, 0, bias, 0, yr, 0, zr, 0);
            Linear.backward(act, batch, in, out, x, 0, w, 0, act.derivativeFromOutput() ? yr : zr, 0, dy, 0,
                    dxr, 0, dwr, 0, dbr, 0, Linear.Gradients.OVERWRITE);
            String name = impl + " " + act + " " + batch + "x" + in + "x" + out;
            return String.format(Locale.ROOT, "%s: max relative error Y %.1e, dX %.1e, dW %.1e, db %.1e", name,
                    compare(name, "Y", y, yr, in), compare(name, "dX", dx, dxr, out),
                    compare(name, "dW", dw, dwr, batch), compare(name, "db", db, dbr, batch));
        }

        /**
         * The largest difference relative to the largest reference value; throws when it exceeds
         * {@code 2e-6·(√k + 8)}: float rounding of a length-{@code k} reduction of random data grows
         * like √k, and the floor covers the activations' few-ulp differences between implementations.
         * Correct results measure about 1e-6 at the benchmark shapes; a miswired operand gives about 1.
         */
        static double compare(String name, String what, float[] got, float[] want, int k) {
            double scale = 0;
            for (float v : want) {
                scale = Math.max(scale, Math.abs(v));
            }
            double err = 0;
            for (int i = 0; i < want.length; i++) {
                double d = Math.abs((double) got[i] - want[i]);
                if (!(d <= err)) { // also catches NaN
                    err = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
                }
            }
            double rel = err / Math.max(scale, 1e-30);
            double bound = 2e-6 * (Math.sqrt(k) + 8);
            if (!(rel <= bound)) {
                throw new AssertionError(name + ": " + what + " differs from Linear's by " + err + " (relative "
                        + rel + " > " + bound + ", largest |value| " + scale + ")");
            }
            return rel;
        }
    }

    /** vectorprop's fused {@link Linear} with pre-packed weights. */
    static final class VectorpropLayer extends Layer {
        final LinearWeights packed;
        final float[] y;
        final float[] z;
        final float[] dx;
        final float[] dw;
        final float[] db;

        VectorpropLayer(Activation act, int batch, int in, int out) {
            super("vectorprop", act, batch, in, out);
            packed = LinearWeights.pack(in, out, w, 0);
            y = new float[batch * out];
            z = act.derivativeFromOutput() ? null : new float[batch * out];
            dx = new float[batch * in];
            dw = new float[out * in];
            db = new float[out];
        }

        @Override
        void forward() {
            Linear.forward(act, batch, x, 0, packed, bias, 0, y, 0, z, 0);
        }

        @Override
        void backward() {
            Linear.backward(act, batch, x, 0, packed, z == null ? y : z, 0, dy, 0, dx, 0, dw, 0, db, 0,
                    Linear.Gradients.OVERWRITE);
        }

        @Override
        void forwardBackward() {
            packed.repack(w, 0);
            forward();
            backward();
        }

        @Override
        void read(float[] y, float[] dx, float[] dw, float[] db) {
            System.arraycopy(this.y, 0, y, 0, y.length);
            System.arraycopy(this.dx, 0, dx, 0, dx.length);
            System.arraycopy(this.dw, 0, dw, 0, dw.length);
            System.arraycopy(this.db, 0, db, 0, db.length);
        }
    }

    /** OpenBLAS sgemm plus separate Java passes. */
    static final class OpenBlasLayer extends Layer {
        final float[] y;
        final float[] dx;
        final float[] dw;
        final float[] db;
        final OpenBlasUnfusedLinear layer;

        OpenBlasLayer(Activation act, int batch, int in, int out) {
            super("openblas_unfused", act, batch, in, out);
            y = new float[batch * out];
            dx = new float[batch * in];
            dw = new float[out * in];
            db = new float[out];
            layer = new OpenBlasUnfusedLinear(act, batch, in, out, x, w, bias, y, dy, dx, dw, db);
        }

        @Override
        void forward() {
            layer.forward();
        }

        @Override
        void backward() {
            layer.backward();
        }

        @Override
        void read(float[] y, float[] dx, float[] dw, float[] db) {
            System.arraycopy(this.y, 0, y, 0, y.length);
            System.arraycopy(this.dx, 0, dx, 0, dx.length);
            System.arraycopy(this.dw, 0, dw, 0, dw.length);
            System.arraycopy(this.db, 0, db, 0, db.length);
        }
    }

    /** oneDNN primitives on data copied into oneDNN memory once. */
    static final class OneDnnLayer extends Layer {
        final OneDnnLinear layer;

        OneDnnLayer(Activation act, int batch, int in, int out) {
            super("onednn", act, batch, in, out);
            layer = new OneDnnLinear(act, batch, in, out);
            layer.load(x, w, bias, dy);
        }

        @Override
        void forward() {
            layer.forward();
        }

        @Override
        void backward() {
            layer.backward();
        }

        @Override
        void read(float[] y, float[] dx, float[] dw, float[] db) {
            layer.readY(y);
            layer.readDx(dx);
            layer.readDw(dw);
            layer.readDb(db);
        }

        @Override
        String check() {
            return super.check() + "; " + layer.implementations();
        }

        @Override
        public void close() {
            layer.close();
        }
    }
}
