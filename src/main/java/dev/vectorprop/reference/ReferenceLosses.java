package dev.vectorprop.reference;

import dev.vectorprop.kernels.Reduction;

/**
 * Scalar oracle for {@link dev.vectorprop.kernels.Losses} and {@link dev.vectorprop.kernels.Softmax}:
 * PyTorch's definitions evaluated in double, written for clarity. Inputs are double so that
 * {@link dev.vectorprop.check.GradCheck} can perturb them; the loss functions are the functions whose
 * central differences the float kernels' gradients are compared with.
 */
public final class ReferenceLosses {

    private ReferenceLosses() {}

    /**
     * A loss and its gradient with respect to the first input.
     *
     * @param loss     the reduced loss
     * @param gradient same shape as the input
     */
    public record Result(double loss, double[] gradient) {}

    private static double scale(Reduction reduction, int count) {
        return reduction == Reduction.MEAN ? 1.0 / count : 1.0;
    }

    /** MSE: {@code Σ (x − t)²} (÷n for mean); gradient {@code 2(x − t)} (÷n). */
    public static Result mse(double[] input, double[] target, Reduction reduction) {
        double k = scale(reduction, input.length);
        double loss = 0;
        double[] grad = new double[input.length];
        for (int i = 0; i < input.length; i++) {
            double d = input[i] - target[i];
            loss += d * d;
            grad[i] = 2 * d * k;
        }
        return new Result(loss * k, grad);
    }

    /**
     * BCE with logits: {@code −[y·log σ(x) + (1 − y)·log(1 − σ(x))]} evaluated stably as
     * {@code max(x, 0) − x·y + log1p(exp(−|x|))}; gradient {@code σ(x) − y}.
     */
    public static Result bceWithLogits(double[] logits, double[] targets, Reduction reduction) {
        double k = scale(reduction, logits.length);
        double loss = 0;
        double[] grad = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            double x = logits[i];
            double y = targets[i];
            loss += Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x)));
            double sigmoid = x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
            grad[i] = (sigmoid - y) * k;
        }
        return new Result(loss * k, grad);
    }

    /** Row-wise log-softmax: {@code x − max − log Σ exp(x − max)}. */
    public static double[] logSoftmax(double[] x, int rows, int cols) {
        double[] out = new double[x.length];
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < cols; c++) {
                max = Math.max(max, x[r * cols + c]);
            }
            double sum = 0;
            for (int c = 0; c < cols; c++) {
                sum += Math.exp(x[r * cols + c] - max);
            }
            double logSum = Math.log(sum);
            for (int c = 0; c < cols; c++) {
                out[r * cols + c] = x[r * cols + c] - max - logSum;
            }
        }
        return out;
    }

    /** Row-wise softmax: {@code exp(logSoftmax(x))}. */
    public static double[] softmax(double[] x, int rows, int cols) {
        double[] out = logSoftmax(x, rows, cols);
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.exp(out[i]);
        }
        return out;
    }

    /**
     * Cross-entropy of {@code softmax(logits)} against class labels with label smoothing ε:
     * {@code q = (1 − ε)·onehot + ε/C}, {@code ℓ = −Σ q·log p}; gradient {@code p − q} (÷batch for mean).
     */
    public static Result softmaxCrossEntropy(double[] logits, int batch, int classes, int[] labels,
                                             double smoothing, Reduction reduction) {
        double[] targets = new double[batch * classes];
        for (int r = 0; r < batch; r++) {
            targets[r * classes + labels[r]] = 1;
        }
        return softmaxCrossEntropy(logits, batch, classes, targets, smoothing, reduction);
    }

    /**
     * Cross-entropy of {@code softmax(logits)} against probability targets with label smoothing ε:
     * {@code q = (1 − ε)·t + ε/C}, {@code ℓ = −Σ q·log p}; gradient {@code p·Σq − q} (÷batch for mean).
     */
    public static Result softmaxCrossEntropy(double[] logits, int batch, int classes, double[] targets,
                                             double smoothing, Reduction reduction) {
        double k = scale(reduction, batch);
        double[] logP = logSoftmax(logits, batch, classes);
        double loss = 0;
        double[] grad = new double[logits.length];
        for (int r = 0; r < batch; r++) {
            double sumQ = 0;
            for (int c = 0; c < classes; c++) {
                int i = r * classes + c;
                double q = (1 - smoothing) * targets[i] + smoothing / classes;
                loss -= q * logP[i];
                sumQ += q;
            }
            for (int c = 0; c < classes; c++) {
                int i = r * classes + c;
                double q = (1 - smoothing) * targets[i] + smoothing / classes;
                grad[i] = (Math.exp(logP[i]) * sumQ - q) * k;
            }
        }
        return new Result(loss * k, grad);
    }
}
