package dev.vectorprop.bench.peers;

import dev.vectorprop.kernels.Activation;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.dnnl_version_t;
import org.bytedeco.dnnl.eltwise_backward;
import org.bytedeco.dnnl.eltwise_forward;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.inner_product_backward_data;
import org.bytedeco.dnnl.inner_product_backward_weights;
import org.bytedeco.dnnl.inner_product_forward;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;

/**
 * One dense layer with activation on oneDNN's CPU engine (the {@code org.bytedeco:dnnl} build of
 * oneDNN 3.11, called through its JavaCPP bindings of the C++ API), for training: forward, then
 * backward to dX, dW and db.
 *
 * <p>All primitives, memory objects and argument maps are created once, in the constructor; data lives
 * in oneDNN's own (native) memory, as it does for oneDNN's users, and is copied in by {@link #load}
 * and out by the {@code read*} methods, never by {@link #forward()} or {@link #backward()}. Layouts are
 * plain row-major: X and Y {@code batch × in|out} as {@code nc}, W {@code out × in} as {@code oi} (the
 * layout of vectorprop's {@code Linear}), bias as {@code x}, all f32.
 * <ul>
 *   <li>Forward ({@code forward_training}): an {@code inner_product_forward} with bias. For identity
 *   it has no post-op; for relu, tanh and sigmoid it carries an eltwise post-op ({@code eltwise_relu},
 *   {@code eltwise_tanh}, {@code eltwise_logistic}) and writes only Y, whose values the backward pass
 *   uses. GELU's derivative needs the pre-activation Z, which a post-op would not keep, so for
 *   {@code gelu} / {@code gelu_tanh} the inner product writes Z and a separate {@code eltwise_forward}
 *   ({@code eltwise_gelu_erf} / {@code eltwise_gelu_tanh}) writes Y: the same outputs vectorprop's
 *   fused forward writes for these activations.</li>
 *   <li>Backward: {@code eltwise_backward} for dZ from dY and the saved Y
 *   ({@code *_use_dst_for_bwd} algorithms) or Z (GELU), skipped for identity; then
 *   {@code inner_product_backward_data} (dX = dZ·W) and {@code inner_product_backward_weights}
 *   (dW = dZᵀ·X and db = Σ_rows dZ in one primitive).</li>
 * </ul>
 *
 * <p>Threads: this build of oneDNN uses the OpenMP runtime (its bundled {@code libgomp}). The
 * constructor calls {@code omp_set_num_threads(1)} on the calling thread (OpenMP's thread count is a
 * per-thread setting) before creating the primitives, so construct and call on the same thread; set
 * {@code OMP_NUM_THREADS=1} in the environment as well, as {@code scripts/bench} does.
 */
public final class OneDnnLinear implements AutoCloseable {

    private static final MethodHandle OMP_SET_NUM_THREADS;
    private static final MethodHandle OMP_GET_MAX_THREADS;

    static {
        Loader.load(dnnl.class);
        Path gomp = loadedLibrary("libgomp");
        SymbolLookup lib = SymbolLookup.libraryLookup(gomp, Arena.global());
        Linker linker = Linker.nativeLinker();
        OMP_SET_NUM_THREADS = linker.downcallHandle(lib.findOrThrow("omp_set_num_threads"),
                FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT));
        OMP_GET_MAX_THREADS = linker.downcallHandle(lib.findOrThrow("omp_get_max_threads"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT));
    }

    private final Activation act;
    private final int batch;
    private final int in;
    private final int out;
    private final boolean keepsZ;
    private final List<Pointer> owned = new ArrayList<>();
    private final engine eng;
    private final stream strm;
    private final memory x;
    private final memory w;
    private final memory bias;
    private final memory y;
    private final memory z;
    private final memory dy;
    private final memory dz;
    private final memory dx;
    private final memory dw;
    private final memory db;
    private final primitive ipForward;
    private final IntMemoryMap ipForwardArgs;
    private final primitive eltForward;
    private final IntMemoryMap eltForwardArgs;
    private final primitive eltBackward;
    private final IntMemoryMap eltBackwardArgs;
    private final primitive ipBackwardData;
    private final IntMemoryMap ipBackwardDataArgs;
    private final primitive ipBackwardWeights;
    private final IntMemoryMap ipBackwardWeightsArgs;
    private final String implementations;

    /**
     * Creates the primitives and memory objects of one layer; sets the calling thread's OpenMP thread
     * count to 1 first.
     *
     * @param act   identity, relu, sigmoid, tanh, gelu or gelu_tanh
     * @param batch rows of X
     * @param in    input features
     * @param out   output features
     * @throws IllegalArgumentException for another activation or a non-positive size
     * @throws IllegalStateException    when OpenMP does not report one thread afterwards
     */
    public OneDnnLinear(Activation act, int batch, int in, int out) {
        if (batch < 1 || in < 1 || out < 1) {
            throw new IllegalArgumentException("sizes must be positive: " + batch + "x" + in + "x" + out);
        }
        this.act = act;
        this.batch = batch;
        this.in = in;
        this.out = out;
        dnnl.algorithm postOp;
        dnnl.algorithm backwardAlg;
        switch (act.kind()) {
            case IDENTITY -> { postOp = null; backwardAlg = null; }
            case RELU -> { postOp = dnnl.algorithm.eltwise_relu; backwardAlg = dnnl.algorithm.eltwise_relu_use_dst_for_bwd; }
            case TANH -> { postOp = dnnl.algorithm.eltwise_tanh; backwardAlg = dnnl.algorithm.eltwise_tanh_use_dst_for_bwd; }
            case SIGMOID -> { postOp = dnnl.algorithm.eltwise_logistic; backwardAlg = dnnl.algorithm.eltwise_logistic_use_dst_for_bwd; }
            case GELU -> { postOp = null; backwardAlg = dnnl.algorithm.eltwise_gelu_erf; }
            case GELU_TANH -> { postOp = null; backwardAlg = dnnl.algorithm.eltwise_gelu_tanh; }
            default -> throw new IllegalArgumentException("no oneDNN mapping for " + act);
        }
        keepsZ = act.kind() == Activation.Kind.GELU || act.kind() == Activation.Kind.GELU_TANH;
        setOmpThreads(1);
        if (ompMaxThreads() != 1) {
            throw new IllegalStateException("OpenMP reports " + ompMaxThreads() + " threads after omp_set_num_threads(1)");
        }

        eng = own(new engine(engine.kind.cpu, 0));
        strm = own(new stream(eng));
        memory.desc xd = own(desc(new long[] {batch, in}, memory.format_tag.nc));
        memory.desc wd = own(desc(new long[] {out, in}, memory.format_tag.oi));
        memory.desc bd = own(desc(new long[] {out}, memory.format_tag.x));
        memory.desc yd = own(desc(new long[] {batch, out}, memory.format_tag.nc));
        x = own(new memory(xd, eng));
        w = own(new memory(wd, eng));
        bias = own(new memory(bd, eng));
        y = own(new memory(yd, eng));
        z = keepsZ ? own(new memory(yd, eng)) : null;
        dy = own(new memory(yd, eng));
        dz = backwardAlg == null ? dy : own(new memory(yd, eng));
        dx = own(new memory(xd, eng));
        dw = own(new memory(wd, eng));
        db = own(new memory(bd, eng));

        primitive_attr attr = own(new primitive_attr());
        if (postOp != null) {
            post_ops ops = own(new post_ops());
            ops.append_eltwise(postOp, 0f, 0f);
            attr.set_post_ops(ops);
        }
        inner_product_forward.primitive_desc fwd = own(new inner_product_forward.primitive_desc(eng,
                dnnl.prop_kind.forward_training, xd, wd, bd, yd, attr, false));
        ipForward = own(new inner_product_forward(fwd));
        ipForwardArgs = own(new IntMemoryMap());
        ipForwardArgs.put(dnnl.DNNL_ARG_SRC, x).put(dnnl.DNNL_ARG_WEIGHTS, w).put(dnnl.DNNL_ARG_BIAS, bias)
                .put(dnnl.DNNL_ARG_DST, keepsZ ? z : y);
        StringBuilder impl = new StringBuilder("ip_fwd ").append(fwd.impl_info_str().getString());

        if (backwardAlg != null) {
            // The backward primitive descriptor needs a forward one as a hint, with the same algorithm.
            eltwise_forward.primitive_desc eltFwd = own(new eltwise_forward.primitive_desc(eng,
                    dnnl.prop_kind.forward_training, backwardAlg, yd, yd, 0f, 0f));
            if (keepsZ) {
                eltForward = own(new eltwise_forward(eltFwd));
                eltForwardArgs = own(new IntMemoryMap());
                eltForwardArgs.put(dnnl.DNNL_ARG_SRC, z).put(dnnl.DNNL_ARG_DST, y);
                impl.append(", eltwise_fwd ").append(eltFwd.impl_info_str().getString());
            } else {
                eltForward = null;
                eltForwardArgs = null;
            }
            eltwise_backward.primitive_desc eltBwd = own(new eltwise_backward.primitive_desc(eng, backwardAlg,
                    yd, yd, yd, 0f, 0f, eltFwd));
            eltBackward = own(new eltwise_backward(eltBwd));
            eltBackwardArgs = own(new IntMemoryMap());
            eltBackwardArgs.put(dnnl.DNNL_ARG_DIFF_DST, dy).put(dnnl.DNNL_ARG_DIFF_SRC, dz)
                    .put(keepsZ ? dnnl.DNNL_ARG_SRC : dnnl.DNNL_ARG_DST, keepsZ ? z : y);
            impl.append(", eltwise_bwd ").append(eltBwd.impl_info_str().getString());
        } else {
            eltForward = null;
            eltForwardArgs = null;
            eltBackward = null;
            eltBackwardArgs = null;
        }

        inner_product_backward_data.primitive_desc bwdData = own(new inner_product_backward_data.primitive_desc(
                eng, xd, wd, yd, fwd));
        ipBackwardData = own(new inner_product_backward_data(bwdData));
        ipBackwardDataArgs = own(new IntMemoryMap());
        ipBackwardDataArgs.put(dnnl.DNNL_ARG_DIFF_DST, dz).put(dnnl.DNNL_ARG_WEIGHTS, w)
                .put(dnnl.DNNL_ARG_DIFF_SRC, dx);
        impl.append(", ip_bwd_data ").append(bwdData.impl_info_str().getString());

        inner_product_backward_weights.primitive_desc bwdWeights = own(
                new inner_product_backward_weights.primitive_desc(eng, xd, wd, bd, yd, fwd));
        ipBackwardWeights = own(new inner_product_backward_weights(bwdWeights));
        ipBackwardWeightsArgs = own(new IntMemoryMap());
        ipBackwardWeightsArgs.put(dnnl.DNNL_ARG_SRC, x).put(dnnl.DNNL_ARG_DIFF_DST, dz)
                .put(dnnl.DNNL_ARG_DIFF_WEIGHTS, dw).put(dnnl.DNNL_ARG_DIFF_BIAS, db);
        impl.append(", ip_bwd_weights ").append(bwdWeights.impl_info_str().getString());
        implementations = impl.toString();
    }

    private static memory.desc desc(long[] dims, memory.format_tag tag) {
        return new memory.desc(dims, memory.data_type.f32, tag);
    }

    private <T extends Pointer> T own(T p) {
        owned.add(p);
        return p;
    }

    /**
     * Copies the layer's inputs into oneDNN's memory (setup only; not part of a measured call).
     *
     * @param xs X, {@code batch × in}
     * @param ws W, {@code out × in}
     * @param bs bias, {@code out}
     * @param dys dY, {@code batch × out}
     */
    public void load(float[] xs, float[] ws, float[] bs, float[] dys) {
        put(x, xs, (long) batch * in);
        put(w, ws, (long) out * in);
        put(bias, bs, out);
        put(dy, dys, (long) batch * out);
    }

    /** Z = X·Wᵀ + b, Y = act(Z): the inner product (with the eltwise post-op) and, for GELU, the eltwise. */
    public void forward() {
        ipForward.execute(strm, ipForwardArgs);
        if (eltForward != null) {
            eltForward.execute(strm, eltForwardArgs);
        }
        strm._wait();
    }

    /** dZ (eltwise backward), dX (inner product backward data), dW and db (backward weights). */
    public void backward() {
        if (eltBackward != null) {
            eltBackward.execute(strm, eltBackwardArgs);
        }
        ipBackwardData.execute(strm, ipBackwardDataArgs);
        ipBackwardWeights.execute(strm, ipBackwardWeightsArgs);
        strm._wait();
    }

    /** dX alone (inner product backward data, from the dZ of the last {@link #backward}): a part for comparison. */
    public void backwardData() {
        ipBackwardData.execute(strm, ipBackwardDataArgs);
        strm._wait();
    }

    /** dW and db alone (inner product backward weights): a part for comparison. */
    public void backwardWeights() {
        ipBackwardWeights.execute(strm, ipBackwardWeightsArgs);
        strm._wait();
    }

    /** @param dst receives Y, {@code batch × out} */
    public void readY(float[] dst) {
        get(y, dst, (long) batch * out);
    }

    /** @param dst receives dX, {@code batch × in} */
    public void readDx(float[] dst) {
        get(dx, dst, (long) batch * in);
    }

    /** @param dst receives dW, {@code out × in} */
    public void readDw(float[] dst) {
        get(dw, dst, (long) out * in);
    }

    /** @param dst receives db, {@code out} */
    public void readDb(float[] dst) {
        get(db, dst, out);
    }

    /** @return the activation this layer was built for */
    public Activation activation() {
        return act;
    }

    /** @return the implementation oneDNN chose for each primitive, e.g. {@code ip_fwd brg_matmul:avx2, ...} */
    public String implementations() {
        return implementations;
    }

    /** Releases every native object, in reverse order of creation. */
    @Override
    public void close() {
        for (int i = owned.size() - 1; i >= 0; i--) {
            owned.get(i).close();
        }
        owned.clear();
    }

    private static void put(memory m, float[] src, long n) {
        if (src.length < n) {
            throw new IndexOutOfBoundsException("needs " + n + " elements, has " + src.length);
        }
        // A view of the memory object's buffer: no deallocator, so nothing to close.
        new FloatPointer(m.get_data_handle()).capacity(n).put(src, 0, (int) n);
    }

    private static void get(memory m, float[] dst, long n) {
        if (dst.length < n) {
            throw new IndexOutOfBoundsException("needs " + n + " elements, has " + dst.length);
        }
        new FloatPointer(m.get_data_handle()).capacity(n).get(dst, 0, (int) n);
    }

    /**
     * Sets the calling thread's OpenMP thread count ({@code omp_set_num_threads} of the bundled libgomp).
     *
     * @param threads at least 1
     */
    public static void setOmpThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1: " + threads);
        }
        try {
            OMP_SET_NUM_THREADS.invokeExact(threads);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** @return {@code omp_get_max_threads()} on the calling thread: the thread count oneDNN will use */
    public static int ompMaxThreads() {
        try {
            return (int) OMP_GET_MAX_THREADS.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** @return oneDNN's version, e.g. {@code 3.11.0} */
    public static String version() {
        dnnl_version_t v = dnnl.dnnl_version();
        return v.major() + "." + v.minor() + "." + v.patch();
    }

    /**
     * @return one line: version, CPU runtime, the ISA oneDNN dispatches to, the calling thread's OpenMP
     *         thread count, and the library file
     */
    public static String describe() {
        dnnl_version_t v = dnnl.dnnl_version();
        int rt = v.cpu_runtime();
        String runtime = rt == dnnl.DNNL_RUNTIME_OMP ? "OpenMP" : rt == dnnl.DNNL_RUNTIME_SEQ ? "sequential"
                : rt == dnnl.DNNL_RUNTIME_TBB ? "TBB" : rt == dnnl.DNNL_RUNTIME_THREADPOOL ? "threadpool"
                : "runtime " + rt;
        return "oneDNN " + version() + ": " + runtime + " CPU runtime, ISA " + dnnl.get_effective_cpu_isa()
                + ", omp_get_max_threads() = " + ompMaxThreads() + " (OMP_NUM_THREADS="
                + System.getenv().getOrDefault("OMP_NUM_THREADS", "unset") + "), " + loadedLibrary("libdnnl");
    }

    private static Path loadedLibrary(String prefix) {
        for (Map.Entry<String, String> e : Loader.getLoadedLibraries().entrySet()) {
            String path = e.getValue();
            if (path != null && Path.of(path).getFileName().toString().startsWith(prefix)
                    && Files.isRegularFile(Path.of(path))) {
                return Path.of(path);
            }
        }
        throw new IllegalStateException("JavaCPP did not report a loaded " + prefix + ": "
                + Loader.getLoadedLibraries());
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }
}
