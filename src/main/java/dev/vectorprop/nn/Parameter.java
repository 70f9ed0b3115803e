package dev.vectorprop.nn;

import dev.vectorprop.kernels.ArrayMath;
import java.util.Arrays;
import java.util.Objects;

/**
 * A trainable tensor: a name, a shape, its values and a gradient array of the same size.
 *
 * <p><b>Gradients accumulate until zeroed.</b> Every backward pass adds to {@link #grad()}; nothing clears
 * it except {@link #zeroGrad()}. {@link Trainer#step} zeroes all gradients at the start of each step;
 * when you call {@link Layer#backward} yourself, call {@link #zeroGrad()} (or
 * {@link Sequential#zeroGrad()}) first, or you add this batch's gradient to the previous one's — useful
 * for accumulating over micro-batches, a classic bug otherwise.
 *
 * <p>Whoever changes {@link #value()} in place must call {@link #markUpdated()} afterwards, so that layers
 * holding a packed copy (see {@link Dense}) repack it; the optimizers and {@link Checkpoint#load} do.
 */
public final class Parameter {

    private final String name;
    private final int[] shape;
    private final float[] value;
    private final float[] grad;
    private volatile boolean trainable = true;
    private volatile long version;

    /**
     * @param name  a short name such as {@code "weight"}
     * @param value the values, row-major; used as is (not copied)
     * @param shape the shape; its product must be {@code value.length}
     */
    public Parameter(String name, float[] value, int... shape) {
        this.name = Objects.requireNonNull(name, "name");
        this.value = Objects.requireNonNull(value, "value");
        this.shape = shape.clone();
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(name + ": negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n != value.length) {
            throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " has " + n
                    + " elements but the value array has " + value.length);
        }
        this.grad = new float[value.length];
    }

    /** @return the name given at construction */
    public String name() {
        return name;
    }

    /** @return a copy of the shape */
    public int[] shape() {
        return shape.clone();
    }

    /** @return the number of elements */
    public int size() {
        return value.length;
    }

    /** @return the values (live array, row-major) */
    public float[] value() {
        return value;
    }

    /** @return the accumulated gradient (live array, same layout as {@link #value()}) */
    public float[] grad() {
        return grad;
    }

    /** Sets every gradient element to 0. */
    public void zeroGrad() {
        ArrayMath.fill(0f, grad);
    }

    /** @return whether optimizers update this parameter (true unless frozen) */
    public boolean trainable() {
        return trainable;
    }

    /** Freezes ({@code false}) or unfreezes the parameter; a frozen one still receives gradients. */
    public void setTrainable(boolean trainable) {
        this.trainable = trainable;
    }

    /** @return a counter increased by every {@link #markUpdated()} */
    public long version() {
        return version;
    }

    /** Records that {@link #value()} changed, so that packed copies are refreshed before their next use. */
    public void markUpdated() {
        version++;
    }

    /** @return e.g. {@code weight[64, 2]} */
    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
