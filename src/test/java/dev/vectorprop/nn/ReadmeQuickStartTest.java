package dev.vectorprop.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorprop.kernels.Activation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's quick start, verbatim: it compiles, runs and learns. The snippet prints to a parameter named
 * {@code System_out} (read as {@code System.out} when compared with the README) so that the test can capture it.
 */
class ReadmeQuickStartTest {

    private static final Path SELF = Path.of("src/test/java/dev/vectorprop/nn/ReadmeQuickStartTest.java");

    @SuppressWarnings("unused")
    private static double quickStart(PrintStream System_out) {
        // README-BEGIN
        Dataset[] split = Datasets.spirals(500, 3, 0.2, 42).split(0.2, 42);  // {train, test}
        Sequential model = new Sequential(
                new Dense(2, 64, Activation.RELU),
                new Dense(64, 64, Activation.RELU),
                new Dense(64, 3, Activation.IDENTITY)).initialize(42);
        Trainer trainer = new Trainer(model, Loss.crossEntropy(), Optimizer.adam(0.01))
                .diagnoseEvery(100);                  // the debugging checklist, every 100 steps
        SplittableRandom shuffle = new SplittableRandom(42);
        for (int epoch = 1; epoch <= 10; epoch++) {
            Trainer.Epoch e = trainer.epoch(split[0], 32, shuffle);
            System_out.printf("epoch %d  loss %.4f  accuracy %.3f%n", epoch, e.loss(), e.accuracy());
        }
        System_out.print(trainer.lastDiagnostics().table());   // per-layer norms, dead units, warnings
        double accuracy = Metrics.accuracy(model, split[1]);
        System_out.println("test accuracy " + accuracy);
        // README-END
        return accuracy;
    }

    static String snippet(String text, String begin, String end) {
        Matcher m = Pattern.compile("(?s)" + Pattern.quote(begin) + "\\n(.*?)\\n[ \\t]*" + Pattern.quote(end)).matcher(text);
        assertTrue(m.find(), "no block between " + begin + " and " + end);
        return m.group(1).stripIndent().replace("System_out", "System.out").strip();
    }

    @Test
    void readmeContainsThisQuickStartVerbatim() throws IOException {
        String code = snippet(Files.readString(SELF), "// README-BEGIN", "// README-END");
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(readme.contains(code), "README.md must contain the quick start exactly as tested:\n" + code);
        assertTrue(code.lines().count() <= 20, "the quick start has at most 20 lines of Java");
    }

    @Test
    void quickStartLearns() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        double accuracy = quickStart(new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(accuracy >= 0.95, "seed=42, spirals 3×500, 2-64-64-3: " + text);
        assertTrue(text.contains("epoch 10") && text.contains("grad‖"), text);
    }
}
