package dev.vectorprop.guide;

import dev.vectorprop.kernels.Activation;
import dev.vectorprop.nn.Dataset;
import dev.vectorprop.nn.Datasets;
import dev.vectorprop.nn.Dense;
import dev.vectorprop.nn.Loss;
import dev.vectorprop.nn.Metrics;
import dev.vectorprop.nn.Optimizer;
import dev.vectorprop.nn.Sequential;
import dev.vectorprop.nn.Trainer;

/** Guide section 5, first item of the checklist: a model that cannot overfit 18 rows has a bug. */
final class Overfit {

    /** The loss at the first and last step and the accuracy on the batch. */
    record Figures(float firstLoss, float lastLoss, double accuracy) {}

    private Overfit() {}

    static Figures run(Out out) {
        // GUIDE-BEGIN overfit
        Dataset tiny = Datasets.rings(6, 3, 0.05, 7);        // 18 rows, three classes
        Sequential model = new Sequential(new Dense(2, 32, Activation.RELU), new Dense(32, 32, Activation.RELU),
                new Dense(32, 3, Activation.IDENTITY)).initialize(7);
        Trainer trainer = new Trainer(model, Loss.crossEntropy(), Optimizer.adam(0.01));
        float first = trainer.step(tiny.x(), tiny.labels());
        float last = first;
        for (int step = 2; step <= 300; step++) {
            last = trainer.step(tiny.x(), tiny.labels());
        }
        double accuracy = Metrics.accuracy(model, tiny);
        // GUIDE-END overfit
        out.printf("18 rows, 300 Adam steps: loss %.4g → %.4g, accuracy on those rows %.2f%n", first, last, accuracy);
        return new Figures(first, last, accuracy);
    }
}
