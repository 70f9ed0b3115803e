package dev.vectorprop.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scripts/demo}'s main classes, {@link TrainDemo} and {@link Demo}. */
class TrainDemoTest {

    @TempDir
    Path dir;

    record Run(int status, String out, String err) {}

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = TrainDemo.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void defaultRunReachesTheStatedAccuracy() {
        Run r = run("--threads", "1");
        assertEquals(0, r.status(), r.err());
        Matcher m = Pattern.compile("test accuracy: ([0-9.]+)%").matcher(r.out());
        assertTrue(m.find(), r.out());
        assertTrue(Double.parseDouble(m.group(1)) / 100 >= TrainDemo.DEFAULT_TARGET_ACCURACY, r.out());
        assertTrue(r.out().contains("epoch  30/30"), r.out());
        assertTrue(r.out().contains("grad‖ per layer"), r.out());
        assertTrue(r.out().contains("dead"), "diagnostics table: " + r.out());
        assertTrue(r.out().matches("(?s).*time: [0-9.]+ s.*"), r.out());
    }

    @Test
    void regressionAndOptionsRun() {
        Run r = run("--dataset", "regression", "--samples", "400", "--epochs", "3", "--hidden", "16",
                "--activation", "tanh", "--optimizer", "sgd", "--lr", "0.05", "--batch", "16", "--seed", "3");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("test mse: ") && r.out().contains("R²"), r.out());
    }

    @Test
    void helpListsTheOptions() {
        Run r = run("--help");
        assertEquals(0, r.status());
        for (String o : new String[] {"--hidden", "--activation", "--optimizer", "--lr", "--epochs", "--batch",
            "--threads", "--seed", "--csv", "--self-check"}) {
            assertTrue(r.out().contains(o), o + " in " + r.out());
        }
    }

    @Test
    void badOptionsExitWithTwoAndAMessage() {
        String[][] bad = {{"--epochs", "zero"}, {"--lr", "-1"}, {"--activation", "swishy"}, {"--frobnicate"},
            {"--hidden", "8,x"}, {"--optimizer", "lbfgs"}, {"--batch"}, {"--regress"}, {"--csv", "/no/such/file.csv"},
            {"--dataset", "mnist"}, {"stray"}};
        for (String[] args : bad) {
            Run r = run(args);
            assertEquals(2, r.status(), String.join(" ", args) + ": " + r.out() + r.err());
            assertTrue(r.err().startsWith("scripts/demo: "), r.err());
            assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
        }
    }

    @Test
    void malformedCsvExitsWithTwoNamingTheLine() throws IOException {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "a,b,label\n1,2,0\n3,oops,1\n");
        Run r = run("--csv", csv.toString());
        assertEquals(2, r.status(), r.out() + r.err());
        assertTrue(r.err().contains("bad.csv:3: column 2: 'oops' is not a number"), r.err());
        Files.writeString(csv, "1,2,0\n3,4\n");
        assertTrue(run("--csv", csv.toString()).err().contains("bad.csv:2: has 2 columns, expected 3"));
        Files.writeString(csv, "1,2,0.5\n3,4,1\n5,6,0\n7,8,1\n");
        assertTrue(run("--csv", csv.toString()).err().contains("is not a class index"));
    }

    @Test
    void trainsOnAUsersCsv() throws IOException {
        StringBuilder sb = new StringBuilder("x,y,label\n");
        for (int i = 0; i < 200; i++) {
            double a = i / 200.0;
            sb.append(a).append(',').append(1 - a).append(',').append(a < 0.5 ? 0 : 1).append('\n');
        }
        Path csv = dir.resolve("ok.csv");
        Files.writeString(csv, sb);
        Run r = run("--csv", csv.toString(), "--epochs", "20", "--hidden", "8");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("160 train / 40 test rows, 2 features → 2 classes"), r.out());
    }

    @Test
    void selfCheckIsStillReachable() {
        Run help = run("--self-check", "--help");
        assertEquals(0, help.status());
        assertTrue(help.out().contains("--self-check"), help.out());
        assertEquals(2, run("--self-check", "--bogus").status());
        Run quick = run("--self-check", "--quick");
        assertEquals(0, quick.status(), quick.out());
        assertTrue(quick.out().contains("kernels agree with their references"), quick.out());
    }
}
