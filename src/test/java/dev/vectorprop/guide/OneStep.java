package dev.vectorprop.guide;

import dev.vectorprop.kernels.Activation;
import dev.vectorprop.kernels.GradientUtils;
import dev.vectorprop.kernels.Linear;
import dev.vectorprop.nn.Dense;
import dev.vectorprop.nn.Loss;
import dev.vectorprop.nn.Optimizer;
import dev.vectorprop.nn.Sequential;
import dev.vectorprop.nn.Trainer;
import java.util.Arrays;

/**
 * Guide section 2: backpropagation computes gradients, gradient descent changes parameters. One step of a
 * 2-3-1 MLP on four XOR points, call by call, then the same step through {@link Trainer#step}.
 */
final class OneStep {

    /** The figures the test checks. */
    record Figures(float loss0, float lossAfterBackward, float grad1, float grad2, float gradZeroed,
                   float grad3, float loss1, float trainerLoss, boolean sameWeights, boolean weightsChangedByBackward,
                   float overwriteTwice, float accumulateTwice) {}

    static final float[] X = {0, 0, 0, 1, 1, 0, 1, 1};
    static final float[] Y = {0, 1, 1, 0};

    private OneStep() {}

    static Sequential model() {
        return new Sequential(new Dense(2, 3, Activation.TANH), new Dense(3, 1, Activation.SIGMOID)).initialize(7);
    }

    static Figures run(Out out) {
        // GUIDE-BEGIN one-step
        Sequential model = model();
        Loss mse = Loss.mse();
        Optimizer sgd = Optimizer.sgd(1.0);
        sgd.attach(model.parameters());
        float[] dOut = new float[4];
        float[] w0 = ((Dense) model.layer(0)).weight().value();
        float[] before = w0.clone();

        float[] yHat = model.forward(X, 4);                       // 1. forward
        float loss0 = mse.compute(4, 1, yHat, Y, 0, dOut);        // 2. loss and ∂L/∂ŷ
        model.zeroGrad();
        model.backward(dOut, false);                              // 3. backward: gradients only
        float grad1 = gradNorm(model);
        boolean changed = !Arrays.equals(before, w0);             // false: nothing learned yet
        float lossAgain = mse.compute(4, 1, model.forward(X, 4), Y, 0, dOut);

        model.backward(dOut, false);                              // a second backward, no zeroGrad
        float grad2 = gradNorm(model);                            // twice grad1: gradients accumulate
        model.zeroGrad();
        float gradZeroed = gradNorm(model);                       // 0
        model.backward(dOut, false);
        float grad3 = gradNorm(model);                            // grad1 again

        sgd.step();                                               // 4. update: w ← w − lr·∂L/∂w
        float loss1 = mse.compute(4, 1, model.forward(X, 4), Y, 0, dOut);

        // Trainer.step does 1–4 (zeroGrad first) on a fresh copy of the model
        Sequential twin = model();
        Trainer trainer = new Trainer(twin, Loss.mse(), Optimizer.sgd(1.0));
        float trainerLoss = trainer.step(X, Y);                   // the loss before its update
        boolean same = Arrays.equals(w0, ((Dense) twin.layer(0)).weight().value());
        // GUIDE-END one-step
        out.printf("1-2. forward, loss                   L = %.6g%n", loss0);
        out.printf("3.   backward                        ‖grad‖ = %.6g%n", grad1);
        out.printf("     weights changed by backward?    %s%n", changed ? "yes" : "no");
        out.printf("     loss after backward             L = %.6g%n", lossAgain);
        out.printf("     backward again, no zeroGrad     ‖grad‖ = %.6g (× %.4f)%n", grad2, grad2 / grad1);
        out.printf("     after zeroGrad                  ‖grad‖ = %.6g%n", gradZeroed);
        out.printf("     backward after zeroGrad         ‖grad‖ = %.6g%n", grad3);
        out.printf("4.   sgd.step(), forward again       L = %.6g%n", loss1);
        out.printf("Trainer.step on a twin              returns L = %.6g, same weights after: %s%n", trainerLoss,
                same ? "yes" : "no");
        float[] kernel = kernelModes();
        out.printf("Linear.backward twice, OVERWRITE    ‖dW‖ = %.6g%n", kernel[0]);
        out.printf("Linear.backward twice, ACCUMULATE   ‖dW‖ = %.6g%n", kernel[1]);
        return new Figures(loss0, lossAgain, grad1, grad2, gradZeroed, grad3, loss1, trainerLoss, same, changed,
                kernel[0], kernel[1]);
    }

    /** The global L2 norm of all parameter gradients of {@code model}. */
    static float gradNorm(Sequential model) {
        return GradientUtils.globalNorm(model.parameters().stream().map(p -> p.grad()).toArray(float[][]::new));
    }

    /** The first layer of the XOR batch through the kernel twice, overwriting and accumulating dW. */
    static float[] kernelModes() {
        float[] w = {0.5f, -0.3f, 0.2f, 0.8f, -0.6f, 0.1f};
        float[] b = new float[3];
        float[] y = new float[12];
        float[] dy = new float[12];
        Arrays.fill(dy, 0.25f);
        Linear.forward(Activation.TANH, 4, 2, 3, X, 0, w, 0, b, 0, y, 0, null, 0);
        float[] norms = new float[2];
        // GUIDE-BEGIN modes
        Linear.Gradients[] modes = {Linear.Gradients.OVERWRITE, Linear.Gradients.ACCUMULATE};
        for (int m = 0; m < 2; m++) {
            float[] dw = new float[6], db = new float[3];
            for (int call = 0; call < 2; call++) {               // the same batch twice
                Linear.backward(Activation.TANH, 4, 2, 3, X, 0, w, 0, y, 0, dy, 0, null, 0, dw, 0, db, 0, modes[m]);
            }
            norms[m] = GradientUtils.globalNorm(dw);
        }
        // GUIDE-END modes
        return norms;
    }
}
