package dev.vectorprop.demo;

import dev.vectorprop.Vectorization;
import dev.vectorprop.kernels.Activation;
import dev.vectorprop.kernels.Gemm;
import dev.vectorprop.kernels.SgdConfig;
import dev.vectorprop.nn.Dataset;
import dev.vectorprop.nn.Datasets;
import dev.vectorprop.nn.Dense;
import dev.vectorprop.nn.Diagnostics;
import dev.vectorprop.nn.Layer;
import dev.vectorprop.nn.Loss;
import dev.vectorprop.nn.Metrics;
import dev.vectorprop.nn.Optimizer;
import dev.vectorprop.nn.Sequential;
import dev.vectorprop.nn.Trainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * {@code scripts/demo}: trains a multilayer perceptron on a generated dataset (or the user's CSV file),
 * printing one progress line per epoch, the diagnostics table and the test accuracy.
 * {@code --self-check} runs the kernel self-check ({@link Demo}) instead.
 */
public final class TrainDemo {

    /** The test accuracy the default run reaches (README and tests state the same figure). */
    public static final double DEFAULT_TARGET_ACCURACY = 0.95;

    private static final String USAGE = """
            usage: scripts/demo [options]            train an MLP and show its diagnostics
                   scripts/demo --self-check [--quick] [--seed N]   check every kernel against its reference
            options:
              --dataset NAME      spirals (default), rings or regression
              --classes N         classes of spirals/rings (default 3)
              --samples N         generated points per class (regression: in total) (default 1000)
              --csv FILE          train on a numeric CSV file instead: last column the label
              --regress           with --csv: the last column is a float target (default: a class index)
              --hidden A,B,...    hidden layer sizes (default 64,64)
              --activation NAME   identity, relu (default), leaky_relu, sigmoid, tanh, gelu, gelu_tanh, silu,
                                  softplus or elu
              --optimizer NAME    adam (default), adamw or sgd (momentum 0.9)
              --lr X              learning rate (default 0.01 for adam/adamw, 0.1 for sgd)
              --epochs N          (default 30)
              --batch N           mini-batch size (default 32)
              --threads N         threads for the kernels (default: available processors)
              --seed N            seed of the data, the initialisation and the shuffling (default 42)
              --help              this text
            Exit codes: 0 trained (or self-check passed), 1 self-check failed, 2 bad options or input.""";

    private TrainDemo() {}

    /**
     * Entry point; exits with {@link #run}'s status.
     *
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** A bad option or input: the message is printed and the exit code is 2. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** The parsed options. */
    record Options(String dataset, int classes, int samples, Path csv, boolean regress, int[] hidden,
                   Activation activation, String optimizer, double lr, int epochs, int batch, int threads,
                   long seed) {}

    /**
     * Runs the demo.
     *
     * @return the exit code: 0 success, 1 self-check failure, 2 bad options or input
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0 && args[0].equals("--self-check")) {
            return Demo.run(Arrays.copyOfRange(args, 1, args.length), out, err);
        }
        try {
            if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
                out.println(USAGE);
                return 0;
            }
            Options o = parse(args);
            return train(o, out);
        } catch (UsageException e) {
            err.println("scripts/demo: " + e.getMessage());
            return 2;
        }
    }

    static Options parse(String[] args) throws UsageException {
        String dataset = "spirals";
        int classes = 3;
        int samples = 1000;
        Path csv = null;
        boolean regress = false;
        int[] hidden = {64, 64};
        Activation act = Activation.RELU;
        String optimizer = "adam";
        double lr = Double.NaN;
        int epochs = 30;
        int batch = 32;
        int threads = Runtime.getRuntime().availableProcessors();
        long seed = 42;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--regress")) {
                regress = true;
                continue;
            }
            if (!a.startsWith("--")) {
                throw new UsageException("unexpected argument '" + a + "' (try --help)");
            }
            if (i + 1 >= args.length) {
                throw new UsageException(a + " needs a value (try --help)");
            }
            String v = args[++i];
            switch (a) {
                case "--dataset" -> {
                    if (!List.of("spirals", "rings", "regression").contains(v)) {
                        throw new UsageException("--dataset must be spirals, rings or regression, got '" + v + "'");
                    }
                    dataset = v;
                }
                case "--classes" -> classes = positive(a, v, 2);
                case "--samples" -> samples = positive(a, v, 1);
                case "--csv" -> csv = Path.of(v);
                case "--hidden" -> hidden = sizes(v);
                case "--activation" -> act = activation(v);
                case "--optimizer" -> {
                    if (!List.of("adam", "adamw", "sgd").contains(v)) {
                        throw new UsageException("--optimizer must be adam, adamw or sgd, got '" + v + "'");
                    }
                    optimizer = v;
                }
                case "--lr" -> {
                    lr = number(a, v);
                    if (!(lr > 0) || Double.isInfinite(lr)) {
                        throw new UsageException("--lr must be a positive number, got '" + v + "'");
                    }
                }
                case "--epochs" -> epochs = positive(a, v, 1);
                case "--batch" -> batch = positive(a, v, 1);
                case "--threads" -> threads = positive(a, v, 1);
                case "--seed" -> {
                    try {
                        seed = Long.parseLong(v);
                    } catch (NumberFormatException e) {
                        throw new UsageException("--seed needs a whole number, got '" + v + "'");
                    }
                }
                default -> throw new UsageException("unknown option '" + a + "' (try --help)");
            }
        }
        if (regress && csv == null) {
            throw new UsageException("--regress needs --csv FILE (for generated data use --dataset regression)");
        }
        if (Double.isNaN(lr)) {
            lr = optimizer.equals("sgd") ? 0.1 : 0.01;
        }
        return new Options(dataset, classes, samples, csv, regress, hidden, act, optimizer, lr, epochs, batch,
                threads, seed);
    }

    private static int positive(String option, String v, int min) throws UsageException {
        try {
            int n = Integer.parseInt(v);
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(option + " needs a whole number >= " + min + ", got '" + v + "'");
    }

    private static double number(String option, String v) throws UsageException {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs a number, got '" + v + "'");
        }
    }

    private static int[] sizes(String v) throws UsageException {
        if (v.isBlank()) {
            return new int[0];
        }
        String[] parts = v.split(",");
        int[] s = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            s[i] = positive("--hidden", parts[i].strip(), 1);
        }
        return s;
    }

    private static Activation activation(String v) throws UsageException {
        try {
            return Activation.of(Activation.Kind.valueOf(v.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--activation: unknown '" + v + "' (identity, relu, leaky_relu, sigmoid, tanh,"
                    + " gelu, gelu_tanh, silu, softplus, elu)");
        }
    }

    private static Dataset data(Options o) throws UsageException {
        if (o.csv() != null) {
            if (!Files.isReadable(o.csv())) {
                throw new UsageException("cannot read CSV file " + o.csv());
            }
            try {
                Dataset d = Datasets.readCsv(o.csv(), o.regress());
                if (d.size() < 4) {
                    throw new UsageException(o.csv() + ": " + d.size() + " rows are too few to train and test on");
                }
                return d;
            } catch (IOException e) {
                throw new UsageException("cannot read " + o.csv() + ": " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new UsageException("malformed CSV: " + e.getMessage());
            }
        }
        return switch (o.dataset()) {
            case "rings" -> Datasets.rings(o.samples(), o.classes(), 0.05, o.seed());
            case "regression" -> Datasets.regression(o.samples(), 0.05, o.seed());
            default -> Datasets.spirals(o.samples(), o.classes(), 0.2, o.seed());
        };
    }

    static int train(Options o, PrintStream out) throws UsageException {
        long t0 = System.nanoTime();
        Dataset all = data(o);
        Dataset[] split = all.split(0.2, o.seed());
        Dataset train = split[0];
        Dataset test = split[1];
        train.standardize(test);
        Gemm.setParallelism(o.threads());
        List<Layer> layers = new ArrayList<>();
        int width = all.features();
        StringBuilder shape = new StringBuilder().append(width);
        for (int h : o.hidden()) {
            layers.add(new Dense(width, h, o.activation()));
            width = h;
            shape.append(" → ").append(h);
        }
        layers.add(new Dense(width, all.outputs(), Activation.IDENTITY));
        shape.append(" → ").append(all.outputs());
        Sequential model = new Sequential(layers.toArray(Layer[]::new)).initialize(o.seed());
        Optimizer opt = switch (o.optimizer()) {
            case "sgd" -> Optimizer.sgd(new SgdConfig(o.lr(), 0.9, 0, 0, false));
            case "adamw" -> Optimizer.adamW(o.lr());
            default -> Optimizer.adam(o.lr());
        };
        boolean classify = all.isClassification();
        Loss loss = classify ? Loss.crossEntropy() : Loss.mse();
        int batch = Math.min(o.batch(), train.size());
        int stepsPerEpoch = (train.size() + batch - 1) / batch;
        Trainer trainer = new Trainer(model, loss, opt).diagnoseEvery(stepsPerEpoch);
        out.println(Vectorization.describe() + ", " + Gemm.parallelism() + " thread(s)");
        out.printf(Locale.ROOT, "data: %s, %d train / %d test rows, %d features → %d %s%n",
                o.csv() != null ? o.csv().toString() : o.dataset(), train.size(), test.size(), all.features(),
                all.outputs(), classify ? "classes" : "target");
        out.printf(Locale.ROOT, "model: %s (%s), %,d parameters; %s lr %s, batch %d, %d epochs, seed %d%n", shape,
                o.activation(), model.parameterCount(), o.optimizer(), o.lr(), batch, o.epochs(), o.seed());
        SplittableRandom shuffle = new SplittableRandom(o.seed() ^ 0x5eed);
        for (int e = 1; e <= o.epochs(); e++) {
            Trainer.Epoch r = trainer.epoch(train, batch, shuffle);
            Diagnostics d = trainer.lastDiagnostics();
            StringBuilder norms = new StringBuilder();
            for (Diagnostics.LayerStats s : d.layers()) {
                norms.append(String.format(Locale.ROOT, " %.1e", s.gradNorm()));
            }
            String metric = classify ? String.format(Locale.ROOT, "acc %5.1f%%", 100 * r.accuracy())
                    : String.format(Locale.ROOT, "mse %.4f", r.loss());
            out.printf(Locale.ROOT, "epoch %3d/%d  loss %.4f  %s  %,9.0f ex/s  grad‖ per layer%s%n", e, o.epochs(),
                    r.loss(), metric, r.examplesPerSecond(), norms);
            if (!Double.isFinite(r.loss())) {
                out.println("training diverged:");
                out.print(d.table());
                return 1;
            }
        }
        out.println("diagnostics of the last step:");
        out.print(trainer.lastDiagnostics().table());
        if (trainer.lastDiagnostics().healthy()) {
            out.println("no warnings");
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (classify) {
            out.printf(Locale.ROOT, "test accuracy: %.1f%% (%d rows)%n", 100 * Metrics.accuracy(model, test),
                    test.size());
        } else {
            out.printf(Locale.ROOT, "test mse: %.5f, R² %.4f (%d rows)%n", Metrics.meanSquaredError(model, test),
                    Metrics.r2(model, test), test.size());
        }
        out.printf(Locale.ROOT, "time: %.1f s%n", seconds);
        return 0;
    }
}
