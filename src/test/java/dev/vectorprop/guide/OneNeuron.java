package dev.vectorprop.guide;

import dev.vectorprop.check.GradCheck;
import dev.vectorprop.kernels.Activation;
import dev.vectorprop.kernels.Linear;
import dev.vectorprop.nn.Dense;
import dev.vectorprop.nn.Optimizer;
import java.util.List;

/**
 * Guide section 1: one sigmoid neuron with the loss ½(ŷ − y)², by hand in double, then through the
 * library's {@link Linear} kernel, a {@link Dense} layer with an SGD step, and {@link GradCheck}.
 */
final class OneNeuron {

    /** The figures of one forward/backward/update, computed by hand in double. */
    record ByHand(double z, double yHat, double loss, double dLdYHat, double dYHatdZ, double dLdZ, double dLdW,
                  double dLdB, double newW, double newB, double newLoss) {}

    /** The same figures from the library. */
    record FromLibrary(float yHat, float dLdW, float dLdB, float dLdX, double numericW, double numericB,
                       float newW, float newB) {}

    static final double X = 1.5;
    static final double W = 0.8;
    static final double B = 0.1;
    static final double LR = 0.5;

    private OneNeuron() {}

    static ByHand byHand(double y, Out out) {
        // GUIDE-BEGIN by-hand
        double x = 1.5, w = 0.8, b = 0.1, lr = 0.5;           // input, weight, bias, learning rate
        double z = w * x + b;                                   // forward
        double yHat = 1 / (1 + Math.exp(-z));
        double loss = 0.5 * (yHat - y) * (yHat - y);
        double dLdYHat = yHat - y;                              // backward: one factor per step
        double dYHatdZ = yHat * (1 - yHat);
        double dLdZ = dLdYHat * dYHatdZ;
        double dLdW = dLdZ * x;                                 // ∂z/∂w = x
        double dLdB = dLdZ * 1;                                 // ∂z/∂b = 1
        double newW = w - lr * dLdW;                            // gradient descent
        double newB = b - lr * dLdB;
        double newYHat = 1 / (1 + Math.exp(-(newW * x + newB)));
        double newLoss = 0.5 * (newYHat - y) * (newYHat - y);
        // GUIDE-END by-hand
        out.printf("x = %s  w = %s  b = %s  y = %s  learning rate %s%n", x, w, b, y, lr);
        out.printf("forward   z = w·x + b          = %.6g%n", z);
        out.printf("          ŷ = sigmoid(z)       = %.6g%n", yHat);
        out.printf("          L = ½(ŷ − y)²        = %.6g%n", loss);
        out.printf("backward  ∂L/∂ŷ = ŷ − y        = %.6g%n", dLdYHat);
        out.printf("          ∂ŷ/∂z = ŷ(1 − ŷ)     = %.6g%n", dYHatdZ);
        out.printf("          ∂L/∂z = ∂L/∂ŷ·∂ŷ/∂z  = %.6g%n", dLdZ);
        out.printf("          ∂L/∂w = ∂L/∂z·x      = %.6g%n", dLdW);
        out.printf("          ∂L/∂b = ∂L/∂z·1      = %.6g%n", dLdB);
        out.printf("update    w ← w − lr·∂L/∂w     = %.6g%n", newW);
        out.printf("          b ← b − lr·∂L/∂b     = %.6g%n", newB);
        out.printf("          L after the step     = %.6g%n", newLoss);
        return new ByHand(z, yHat, loss, dLdYHat, dYHatdZ, dLdZ, dLdW, dLdB, newW, newB, newLoss);
    }

    static FromLibrary library(float target, Out out) {
        // GUIDE-BEGIN library
        float[] x = {1.5f}, w = {0.8f}, b = {0.1f};
        float[] yHat = new float[1];
        Linear.forward(Activation.SIGMOID, 1, 1, 1, x, 0, w, 0, b, 0, yHat, 0, null, 0);
        float[] dy = {yHat[0] - target};                        // ∂L/∂ŷ for L = ½(ŷ − y)²
        float[] dx = new float[1], dw = new float[1], db = new float[1];
        Linear.backward(Activation.SIGMOID, 1, 1, 1, x, 0, w, 0, yHat, 0, dy, 0, dx, 0, dw, 0, db, 0,
                Linear.Gradients.OVERWRITE);                    // the kernel applies ŷ(1 − ŷ), x and 1

        // Finite differences of the same loss, in double: an independent check of dw and db
        GradCheck.Function lossOf = in -> {
            double z = in[0][0] * 1.5 + in[1][0];
            double p = 1 / (1 + Math.exp(-z));
            return 0.5 * (p - target) * (p - target);
        };
        double[][] numeric = GradCheck.numericGradient(lossOf, new double[][] {{0.8}, {0.1}});

        // The same neuron as a Dense layer, updated by SGD
        Dense neuron = new Dense(1, 1, Activation.SIGMOID);
        neuron.weight().value()[0] = 0.8f;
        neuron.bias().value()[0] = 0.1f;
        neuron.weight().markUpdated();
        float[] y = neuron.forward(x, 1);
        neuron.backward(new float[] {y[0] - target});           // adds to weight().grad(), bias().grad()
        Optimizer sgd = Optimizer.sgd(0.5);
        sgd.attach(List.of(neuron.weight(), neuron.bias()));
        sgd.step();                                             // w ← w − 0.5·grad
        // GUIDE-END library
        out.printf("Linear.forward   ŷ = %.6g%n", yHat[0]);
        out.printf("Linear.backward  dw = %.6g  db = %.6g  dx = %.6g%n", dw[0], db[0], dx[0]);
        out.printf("GradCheck        dw = %.6g  db = %.6g%n", numeric[0][0], numeric[1][0]);
        out.printf("Dense + SGD      weight.grad = %.6g  bias.grad = %.6g%n", neuron.weight().grad()[0],
                neuron.bias().grad()[0]);
        out.printf("                 weight = %.6g  bias = %.6g%n", neuron.weight().value()[0],
                neuron.bias().value()[0]);
        return new FromLibrary(yHat[0], dw[0], db[0], dx[0], numeric[0][0], numeric[1][0],
                neuron.weight().value()[0], neuron.bias().value()[0]);
    }

    /** Target 1 against target 0: the sign of each gradient and which way the step moves w. */
    static String flip(ByHand one, ByHand zero) {
        Out out = new Out();
        out.printf("%-22s %12s %12s%n", "", "y = 1", "y = 0");
        out.printf("%-22s %12.6g %12.6g%n", "ŷ", one.yHat(), zero.yHat());
        out.printf("%-22s %12.6g %12.6g%n", "L", one.loss(), zero.loss());
        out.printf("%-22s %12.6g %12.6g%n", "∂L/∂ŷ = ŷ − y", one.dLdYHat(), zero.dLdYHat());
        out.printf("%-22s %12.6g %12.6g%n", "∂L/∂w", one.dLdW(), zero.dLdW());
        out.printf("%-22s %12.6g %12.6g%n", "∂L/∂b", one.dLdB(), zero.dLdB());
        out.printf("%-22s %12.6g %12.6g%n", "w after the step", one.newW(), zero.newW());
        out.printf("%-22s %12.6g %12.6g%n", "ŷ after the step", sigmoid(one.newW() * X + one.newB()),
                sigmoid(zero.newW() * X + zero.newB()));
        return out.toString();
    }

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }
}
