package dev.vectorprop.bench.peers;

import dev.vectorprop.kernels.Activation;
import dev.vectorprop.kernels.Activations;
import dev.vectorprop.kernels.ArrayMath;

/**
 * A dense layer with activation composed the way a Java user without a fused kernel would write it:
 * OpenBLAS {@code sgemm} (through {@link OpenBlasPeer}: native, one thread, heap arrays passed without
 * a copy) for the three products, and separate Java passes over the arrays for the bias, the activation
 * and the bias gradient, using vectorprop's public element-wise kernels ({@link ArrayMath},
 * {@link Activations}).
 * <ul>
 *   <li>Forward: {@code Z = X·Wᵀ} ({@code cblas_sgemm} NoTrans/Trans), a bias pass adding b to every
 *   row, an activation pass {@code Y = act(Z)}. Identity skips the activation pass; relu, tanh and
 *   sigmoid apply it in place (backward needs only Y); GELU keeps Z.</li>
 *   <li>Backward: {@code dZ = dY ⊙ act'} ({@link Activations#backward}, skipped for identity),
 *   {@code db = Σ_rows dZ} (a column-sum pass), {@code dW = dZᵀ·X} (Trans/NoTrans) and
 *   {@code dX = dZ·W} (NoTrans/NoTrans).</li>
 * </ul>
 * The flop count of the products is that of vectorprop's {@code Linear}: 2·B·in·out per product.
 * The arrays are the caller's; this class only holds references to them.
 */
public final class OpenBlasUnfusedLinear {

    private final Activation act;
    private final int batch;
    private final int in;
    private final int out;
    private final float[] x;
    private final float[] w;
    private final float[] bias;
    private final float[] y;
    private final float[] z;
    private final float[] dy;
    private final float[] dz;
    private final float[] dx;
    private final float[] dw;
    private final float[] db;

    /**
     * Binds a layer to its arrays. Z and dZ are allocated here when the activation needs them.
     *
     * @param act   the activation
     * @param batch rows of X
     * @param in    input features
     * @param out   output features
     * @param x     X, {@code batch × in}
     * @param w     W, {@code out × in}
     * @param bias  b, {@code out}
     * @param y     receives Y, {@code batch × out}
     * @param dy    dY, {@code batch × out}
     * @param dx    receives dX, {@code batch × in}
     * @param dw    receives dW, {@code out × in}
     * @param db    receives db, {@code out}
     */
    public OpenBlasUnfusedLinear(Activation act, int batch, int in, int out, float[] x, float[] w, float[] bias,
                                 float[] y, float[] dy, float[] dx, float[] dw, float[] db) {
        this.act = act;
        this.batch = batch;
        this.in = in;
        this.out = out;
        this.x = x;
        this.w = w;
        this.bias = bias;
        this.y = y;
        this.dy = dy;
        this.dx = dx;
        this.dw = dw;
        this.db = db;
        this.z = act.derivativeFromOutput() ? y : new float[batch * out];
        this.dz = act.kind() == Activation.Kind.IDENTITY ? dy : new float[batch * out];
    }

    /** GEMM into Z, bias pass, activation pass into Y. */
    public void forward() {
        OpenBlasPeer.sgemm(false, true, batch, out, in, 1f, x, in, w, in, 0f, z, out);
        for (int i = 0; i < batch; i++) {
            ArrayMath.add(out, z, i * out, bias, 0, z, i * out);
        }
        if (act.kind() != Activation.Kind.IDENTITY) {
            Activations.forward(act, batch * out, z, 0, y, 0);
        }
    }

    /** Activation backward pass, column-sum pass for db, then the two gradient GEMMs. */
    public void backward() {
        if (act.kind() != Activation.Kind.IDENTITY) {
            Activations.backward(act, batch * out, dy, 0, act.derivativeFromOutput() ? y : z, 0, dz, 0);
        }
        ArrayMath.fill(out, 0f, db, 0);
        for (int i = 0; i < batch; i++) {
            ArrayMath.axpy(out, 1f, dz, i * out, db, 0);
        }
        OpenBlasPeer.sgemm(true, false, out, in, batch, 1f, dz, out, x, in, 0f, dw, in);
        OpenBlasPeer.sgemm(false, false, batch, in, out, 1f, dz, out, w, in, 0f, dx, in);
    }
}
