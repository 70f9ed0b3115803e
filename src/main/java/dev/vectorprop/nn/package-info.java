/**
 * A small layer API over the fused kernels, for building and training multilayer perceptrons:
 * {@link dev.vectorprop.nn.Dense} layers in a {@link dev.vectorprop.nn.Sequential} model, a
 * {@link dev.vectorprop.nn.Loss}, an {@link dev.vectorprop.nn.Optimizer} and a
 * {@link dev.vectorprop.nn.Trainer} whose step runs forward → loss → backward → optional clipping →
 * update. {@link dev.vectorprop.nn.Diagnostics} reports, per layer, what the backprop debugging checklist
 * asks for (gradient and weight norms, update/weight ratio, dead and saturated units, the first NaN/∞,
 * unchanged parameters) with warnings for the classic failures. {@link dev.vectorprop.nn.Checkpoint}
 * saves parameters and optimizer state as a NumPy {@code .npz} archive.
 *
 * <p><b>Gradients accumulate.</b> {@link dev.vectorprop.nn.Layer#backward} adds to each
 * {@link dev.vectorprop.nn.Parameter#grad()} until {@link dev.vectorprop.nn.Parameter#zeroGrad()} is
 * called; {@link dev.vectorprop.nn.Trainer#step} zeroes them at the start of every step.
 *
 * <p><b>Threads.</b> Training state (layer buffers, gradients, optimizer state) belongs to one thread at a
 * time; the kernels themselves use {@link dev.vectorprop.kernels.Gemm#setParallelism} threads. Inference
 * ({@link dev.vectorprop.nn.Sequential#predict}) keeps its activations per thread and may run from many
 * threads at once over the shared weights, as long as no training step runs at the same time.
 */
package dev.vectorprop.nn;
