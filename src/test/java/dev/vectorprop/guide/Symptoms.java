package dev.vectorprop.guide;

import dev.vectorprop.kernels.Activation;
import dev.vectorprop.nn.Dataset;
import dev.vectorprop.nn.Datasets;
import dev.vectorprop.nn.Dense;
import dev.vectorprop.nn.Diagnostics;
import dev.vectorprop.nn.Layer;
import dev.vectorprop.nn.Loss;
import dev.vectorprop.nn.Optimizer;
import dev.vectorprop.nn.Parameter;
import dev.vectorprop.nn.Sequential;
import dev.vectorprop.nn.Trainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Guide section 4: each classic training failure produced on purpose, the {@link Diagnostics} that
 * reveal it, and the fix with the diagnostics after it. Every run takes 30 SGD steps on random batches
 * of 30 rows with diagnostics at every step.
 */
final class Symptoms {

    static final long SEED = 7;
    static final int STEPS = 30;
    static final int BATCH = 30;

    /** One training run: the loss of every step and the diagnostics that matter. */
    record Run(float[] losses, List<Diagnostics> steps, int flaggedSteps, List<String> warnings) {
        /** @return the diagnostics of the first step with a warning containing {@code key}, or null */
        Diagnostics firstWith(String key) {
            return steps.stream().filter(d -> d.warnings().stream().anyMatch(w -> w.contains(key))).findFirst()
                    .orElse(null);
        }

        Diagnostics last() {
            return steps.get(steps.size() - 1);
        }

        double meanOfLast(int n) {
            double s = 0;
            for (int i = losses.length - n; i < losses.length; i++) {
                s += losses[i];
            }
            return s / n;
        }

        boolean anyWarningContains(String part) {
            return warnings.stream().anyMatch(w -> w.contains(part));
        }
    }

    /**
     * A symptom: the run that shows it and the run after the fix.
     *
     * @param key the part of a diagnostics warning that names the symptom
     */
    record Case(String name, String key, Run broken, Run fixed) {}

    private Symptoms() {}

    /** Trains {@code model} for {@link #STEPS} steps with diagnostics at every step. */
    static Run train(Trainer trainer, Dataset data) {
        trainer.diagnoseEvery(1);
        SplittableRandom r = new SplittableRandom(SEED);
        float[] losses = new float[STEPS];
        List<Diagnostics> all = new ArrayList<>();
        int flagged = 0;
        List<String> warnings = new ArrayList<>();
        int[] rows = new int[BATCH];
        for (int s = 0; s < STEPS; s++) {
            for (int i = 0; i < BATCH; i++) {
                rows[i] = r.nextInt(data.size());
            }
            Dataset b = data.rows(rows);
            losses[s] = b.isClassification() ? trainer.step(b.x(), b.labels()) : trainer.step(b.x(), b.targets());
            Diagnostics d = trainer.lastDiagnostics();
            all.add(d);
            if (!d.healthy()) {
                flagged++;
                warnings.addAll(d.warnings());
            }
        }
        return new Run(losses, List.copyOf(all), flagged, List.copyOf(warnings));
    }

    static Dataset spirals() {
        return Datasets.spirals(100, 3, 0.2, SEED);
    }

    /** {@code depth} hidden layers of {@code width} units, then a linear output layer. */
    static Sequential mlp(int in, int depth, int width, int out, Activation act) {
        Layer[] layers = new Layer[depth + 1];
        for (int i = 0; i < depth; i++) {
            layers[i] = new Dense(i == 0 ? in : width, width, act);
        }
        layers[depth] = new Dense(width, out, Activation.IDENTITY);
        return new Sequential(layers).initialize(SEED);
    }

    static Case flatLoss() {
        // GUIDE-BEGIN flat
        Sequential model = mlp(2, 2, 16, 3, Activation.RELU);
        for (int i = 0; i < 2; i++) {                        // hidden biases initialised to −5
            Parameter bias = ((Dense) model.layer(i)).bias();
            Arrays.fill(bias.value(), -5f);
            bias.markUpdated();
        }
        Run broken = train(new Trainer(model, Loss.crossEntropy(), Optimizer.sgd(0.1)), spirals());

        model.initialize(SEED);                              // fix: He weights, zero biases
        Run fixed = train(new Trainer(model, Loss.crossEntropy(), Optimizer.sgd(0.1)), spirals());
        // GUIDE-END flat
        return new Case("flat", "units are dead", broken, fixed);
    }

    static Case nonFinite() {
        // GUIDE-BEGIN nan
        Dataset raw = Datasets.regression(300, 0.1, SEED);
        for (int i = 0; i < raw.x().length; i++) {
            raw.x()[i] *= 100;                               // features in raw units, hundreds
        }
        Run broken = train(new Trainer(mlp(2, 2, 16, 1, Activation.RELU), Loss.mse(), Optimizer.sgd(0.005)), raw);

        raw.standardize();                                   // fix: mean 0, standard deviation 1
        Run fixed = train(new Trainer(mlp(2, 2, 16, 1, Activation.RELU), Loss.mse(), Optimizer.sgd(0.005)), raw);
        // GUIDE-END nan
        return new Case("nan", "loss is ", broken, fixed);
    }

    static Case zeroGradients() {
        // GUIDE-BEGIN zero
        Sequential model = mlp(2, 2, 16, 3, Activation.TANH);
        for (Parameter p : model.parameters()) {             // every weight initialised to 0
            Arrays.fill(p.value(), 0f);
            p.markUpdated();
        }
        Run broken = train(new Trainer(model, Loss.crossEntropy(), Optimizer.sgd(0.1)), spirals());

        model.initialize(SEED);                              // fix: Xavier weights break the symmetry
        Run fixed = train(new Trainer(model, Loss.crossEntropy(), Optimizer.sgd(0.1)), spirals());
        // GUIDE-END zero
        return new Case("zero", "parameters did not change", broken, fixed);
    }

    static Case vanishing() {
        // GUIDE-BEGIN vanishing
        Sequential deep = mlp(2, 8, 16, 3, Activation.SIGMOID);   // 8 sigmoid layers
        Run broken = train(new Trainer(deep, Loss.crossEntropy(), Optimizer.sgd(0.1)), spirals());

        Sequential fix = mlp(2, 8, 16, 3, Activation.TANH);       // fix: tanh, centred, slope 1 at 0
        Run fixed = train(new Trainer(fix, Loss.crossEntropy(), Optimizer.sgd(0.1)), spirals());
        // GUIDE-END vanishing
        return new Case("vanishing", "vanishing gradients", broken, fixed);
    }

    static Case unstable() {
        // GUIDE-BEGIN unstable
        Sequential model = mlp(2, 2, 16, 3, Activation.RELU);
        Run broken = train(new Trainer(model, Loss.crossEntropy(), Optimizer.sgd(3.0)), spirals());

        model.initialize(SEED);                              // fix: a learning rate 30× smaller
        Run fixed = train(new Trainer(model, Loss.crossEntropy(), Optimizer.sgd(0.1)), spirals());
        // GUIDE-END unstable
        return new Case("unstable", "update/weight ratio", broken, fixed);
    }

    static Case exploding() {
        // GUIDE-BEGIN exploding
        Sequential deep = mlp(2, 8, 16, 3, Activation.RELU);      // 8 relu layers, weights 1.5× He
        for (Parameter p : deep.parameters()) {
            for (int i = 0; i < p.size(); i++) {
                p.value()[i] *= 1.5f;
            }
            p.markUpdated();
        }
        float[][] start = deep.parameters().stream().map(p -> p.value().clone()).toArray(float[][]::new);
        Run broken = train(new Trainer(deep, Loss.crossEntropy(), Optimizer.sgd(0.05)), spirals());

        for (int i = 0; i < start.length; i++) {             // same start, now with clipping
            System.arraycopy(start[i], 0, deep.parameters().get(i).value(), 0, start[i].length);
            deep.parameters().get(i).markUpdated();
        }
        Trainer clipped = new Trainer(deep, Loss.crossEntropy(), Optimizer.sgd(0.05)).clipGradNorm(1f);
        Run fixed = train(clipped, spirals());
        // GUIDE-END exploding
        return new Case("exploding", "exploding gradients", broken, fixed);
    }

    static List<Case> all() {
        return List.of(flatLoss(), nonFinite(), zeroGradients(), vanishing(), unstable(), exploding());
    }

    /** The printout of a case, as the guide shows it. */
    static String report(Case c) {
        Out out = new Out();
        describe(out, "before", c.broken(), c.key());
        describe(out, "after the fix", c.fixed(), c.key());
        return out.toString();
    }

    private static void describe(Out out, String label, Run run, String key) {
        StringBuilder first = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            first.append(String.format(Locale.ROOT, " %.4g", run.losses()[i]));
        }
        out.printf("%s: loss at steps 1–8%s; mean of steps 21–30 %.4g%n", label, first, run.meanOfLast(10));
        out.printf("steps with warnings: %d of %d%n", run.flaggedSteps(), STEPS);
        Diagnostics shown = run.firstWith(key);
        if (shown != null) {
            out.printf("first step with a \"%s\" warning:%n", key.strip());
            out.print(shown.table());
        } else {
            out.println("last step:");
            out.print(run.last().table());
        }
    }
}
