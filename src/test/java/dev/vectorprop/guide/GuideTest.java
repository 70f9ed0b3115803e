package dev.vectorprop.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs every example of {@code docs/guide.md} and pins the guide to them: each output block in the guide
 * (a fenced block after {@code <!-- output: ID -->}) must be what the example prints, each code block
 * between {@code // GUIDE-BEGIN ID} and {@code // GUIDE-END ID} in this package must appear in the guide
 * verbatim, and every decimal number in the guide's prose must appear in one of its blocks. The
 * examples' figures are also checked for what the guide says about them.
 *
 * <p>Printed numbers must match digit for digit, except that the last printed digit may differ by one
 * (a rounding boundary crossed by a different vector width or CPU). The timings of section 3 differ
 * from machine to machine: their block is compared with the numbers masked, and the guide's figures
 * must satisfy the same bounds as the measured ones. When an example changes, a failure prints the block
 * to paste into the guide.
 */
class GuideTest {

    private static final Path GUIDE = Path.of("docs/guide.md");
    private static final Path SOURCES = Path.of("src/test/java/dev/vectorprop/guide");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?(?:e[+-]?\\d+)?");
    private static final Pattern DECIMAL = Pattern.compile("\\d+\\.\\d+(?:e[+-]?\\d+)?");

    /** An output block: its id in the guide and the text the example printed. */
    record Block(String id, String text) {}

    private static String guide;
    private static OneNeuron.ByHand one;
    private static OneNeuron.ByHand zero;
    private static OneNeuron.FromLibrary library;
    private static OneStep.Figures step;
    private static Cost.Figures cost;
    private static List<Symptoms.Case> cases;
    private static Overfit.Figures overfit;
    private static final Map<String, String> OUTPUTS = new LinkedHashMap<>();

    @BeforeAll
    static void runExamples() throws IOException {
        guide = Files.readString(GUIDE).replace("\r\n", "\n");
        Out out = new Out();
        one = OneNeuron.byHand(1, out);
        OUTPUTS.put("by-hand", out.toString());
        zero = OneNeuron.byHand(0, new Out());
        out = new Out();
        library = OneNeuron.library(1f, out);
        OUTPUTS.put("library", out.toString());
        OUTPUTS.put("flip", OneNeuron.flip(one, zero));
        out = new Out();
        step = OneStep.run(out);
        OUTPUTS.put("one-step", out.toString());
        out = new Out();
        cost = Cost.run(out);
        OUTPUTS.put("cost", out.toString());
        cases = Symptoms.all();
        for (Symptoms.Case c : cases) {
            OUTPUTS.put(c.name(), Symptoms.report(c));
        }
        out = new Out();
        overfit = Overfit.run(out);
        OUTPUTS.put("overfit", out.toString());
    }

    // ---- section 1: one neuron ----

    @Test
    void handChainRuleMatchesItsDefinition() {
        assertEquals(1.3, one.z(), 1e-15);
        assertEquals(1 / (1 + Math.exp(-1.3)), one.yHat(), 1e-15);
        assertEquals(one.yHat() * (1 - one.yHat()), one.dYHatdZ(), 1e-15);
        assertEquals(one.dLdZ() * 1.5, one.dLdW(), 1e-15);
        assertEquals(one.dLdZ(), one.dLdB(), 0);
        assertEquals(0.8 - 0.5 * one.dLdW(), one.newW(), 1e-15);
        assertTrue(one.newLoss() < one.loss(), "one gradient step lowers the loss");
    }

    @Test
    void libraryAgreesWithTheHandComputationToThePrintedDigits() {
        assertEquals(six(one.yHat()), six(library.yHat()));
        assertEquals(six(one.dLdW()), six(library.dLdW()));
        assertEquals(six(one.dLdB()), six(library.dLdB()));
        assertEquals(six(one.dLdZ() * 0.8), six(library.dLdX()), "dx = ∂L/∂z·w");
        assertEquals(six(one.dLdW()), six(library.numericW()));
        assertEquals(six(one.dLdB()), six(library.numericB()));
        assertEquals(six(one.newW()), six(library.newW()));
        assertEquals(six(one.newB()), six(library.newB()));
    }

    @Test
    void flippingTheTargetFlipsTheGradientSigns() {
        assertTrue(one.dLdW() < 0 && one.dLdB() < 0, "y = 1 above ŷ: descent raises w and b");
        assertTrue(zero.dLdW() > 0 && zero.dLdB() > 0, "y = 0 below ŷ: descent lowers w and b");
        assertTrue(one.newW() > OneNeuron.W && zero.newW() < OneNeuron.W);
        assertEquals(one.yHat(), zero.yHat(), 0, "the forward pass does not see the target");
        assertTrue(OneNeuron.sigmoid(zero.newW() * OneNeuron.X + zero.newB()) < zero.yHat());
        assertTrue(OneNeuron.sigmoid(one.newW() * OneNeuron.X + one.newB()) > one.yHat());
    }

    // ---- section 2: backprop vs gradient descent ----

    @Test
    void backwardComputesGradientsAndOnlyTheOptimizerLearns() {
        assertFalse(step.weightsChangedByBackward());
        assertEquals(step.loss0(), step.lossAfterBackward(), 0, "a backward pass changes no parameter");
        assertTrue(step.grad1() > 0);
        assertEquals(2.0, step.grad2() / step.grad1(), 1e-6, "a second backward without zeroGrad doubles");
        assertEquals(0f, step.gradZeroed());
        assertEquals(step.grad1(), step.grad3(), 0f);
        assertTrue(step.loss1() < step.loss0(), "the SGD step lowers the loss");
        assertEquals(step.loss0(), step.trainerLoss(), 0f);
        assertTrue(step.sameWeights(), "Trainer.step = zeroGrad, forward, loss, backward, optimizer.step");
        assertEquals(2.0, step.accumulateTwice() / step.overwriteTwice(), 1e-6);
    }

    // ---- section 3: cost ----

    @Test
    void backwardCostsAboutTwoForwardPassesAndFiniteDifferencesOnePerParameter() {
        assertTrue(cost.backwardOverForward() > 1 && cost.backwardOverForward() < 4,
                "backward/forward = " + cost.backwardOverForward());
        assertEquals(123, cost.parameters());
        assertEquals(2 * cost.parameters(), cost.forwardPasses(), "central differences: 2 passes per parameter");
        assertTrue(cost.finiteDiffOverBackprop() >= 10, "finite differences / backprop = "
                + cost.finiteDiffOverBackprop());
        assertTrue(cost.maxError() < 1e-2, "finite differences agree with backprop: " + cost.maxError());
    }

    @Test
    void guideTimingsAreWithinTheSameBounds() {
        String block = docBlock("cost");
        Matcher layer = Pattern.compile("backward/forward (\\d+\\.\\d+)").matcher(block);
        assertTrue(layer.find(), block);
        double ratio = Double.parseDouble(layer.group(1));
        assertTrue(ratio > 1 && ratio < 4, block);
        Matcher fd = Pattern.compile("\\((\\d+\\.\\d+)× backprop\\)").matcher(block);
        assertTrue(fd.find(), block);
        assertTrue(Double.parseDouble(fd.group(1)) >= 10, block);
        assertEquals(mask(OUTPUTS.get("cost")), mask(block), "the timing block's words and counts");
    }

    // ---- section 4: symptoms ----

    @Test
    void eachSymptomIsFlaggedAndEachFixClearsEveryWarning() {
        assertEquals(List.of("flat", "nan", "zero", "vanishing", "unstable", "exploding"),
                cases.stream().map(Symptoms.Case::name).toList());
        for (Symptoms.Case c : cases) {
            assertNotNull(c.broken().firstWith(c.key()), c.name() + ": no warning with \"" + c.key() + "\"\n"
                    + Symptoms.report(c));
            assertEquals(0, c.fixed().flaggedSteps(), c.name() + " after the fix:\n" + Symptoms.report(c));
        }
    }

    @Test
    void eachBrokenRunShowsItsSymptom() {
        Symptoms.Run flat = symptom("flat").broken();
        double ln3 = Math.log(3);
        for (float l : flat.losses()) {
            assertEquals(ln3, l, 0.03, "flat loss stays at chance level");
        }
        assertTrue(symptom("flat").fixed().meanOfLast(10) < ln3 - 0.2);

        Symptoms.Run nan = symptom("nan").broken();
        assertFalse(Float.isFinite(nan.losses()[Symptoms.STEPS - 1]), "the loss ends NaN or ∞");
        assertNotNull(nan.firstWith("loss is ").nonFinite());
        assertTrue(Float.isFinite((float) symptom("nan").fixed().meanOfLast(10)));

        Symptoms.Run zeroRun = symptom("zero").broken();
        for (var d : zeroRun.steps()) {
            assertEquals(0f, d.layers().get(0).gradNorm(), "no gradient reaches the first layer");
            assertEquals(0f, d.layers().get(1).gradNorm());
        }

        Symptoms.Run vanishing = symptom("vanishing").broken();
        var v = vanishing.firstWith("vanishing gradients").layers();
        assertTrue(v.get(0).gradNorm() < 1e-3f * v.get(v.size() - 1).gradNorm());

        Symptoms.Run unstable = symptom("unstable").broken();
        float max = 0;
        for (float l : unstable.losses()) {
            max = Math.max(max, l);
        }
        assertTrue(max > 2 * unstable.losses()[0], "the loss jumps between batches");
        assertTrue(symptom("unstable").fixed().meanOfLast(10) < unstable.meanOfLast(10));

        Symptoms.Run exploding = symptom("exploding").broken();
        assertTrue(exploding.anyWarningContains("exploding gradients"));
        assertTrue(symptom("exploding").fixed().meanOfLast(10) < exploding.meanOfLast(10)
                || !Double.isFinite(exploding.meanOfLast(10)));
    }

    private static Symptoms.Case symptom(String name) {
        return cases.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    // ---- section 5: checklist ----

    @Test
    void aSmallBatchCanBeOverfit() {
        assertTrue(overfit.lastLoss() < 0.05f && overfit.lastLoss() < overfit.firstLoss() / 10, overfit.toString());
        assertEquals(1.0, overfit.accuracy());
    }

    // ---- the guide itself ----

    @Test
    void guideShowsWhatEveryExamplePrints() {
        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile("<!-- output: ([a-z-]+) -->").matcher(guide);
        while (m.find()) {
            ids.add(m.group(1));
        }
        assertEquals(List.copyOf(OUTPUTS.keySet()), ids, "output blocks in the guide, in order");
        for (Map.Entry<String, String> e : OUTPUTS.entrySet()) {
            if (e.getKey().equals("cost")) {
                continue; // timings: guideTimingsAreWithinTheSameBounds
            }
            String doc = docBlock(e.getKey());
            if (!sameUpToLastDigit(doc, e.getValue())) {
                fail("docs/guide.md, output block " + e.getKey() + " differs from what the example prints:\n"
                        + e.getValue() + "\nthe guide has:\n" + doc);
            }
        }
    }

    @Test
    void guideShowsEverySnippetVerbatim() throws IOException {
        Map<String, String> snippets = snippets();
        assertTrue(snippets.size() >= 10, "snippets: " + snippets.keySet());
        for (Map.Entry<String, String> e : snippets.entrySet()) {
            assertTrue(guide.contains(e.getValue()), "docs/guide.md must contain snippet " + e.getKey()
                    + " exactly as in the source:\n" + e.getValue());
        }
    }

    @Test
    void everyDecimalInTheProseAppearsInABlock() {
        StringBuilder blocks = new StringBuilder();
        StringBuilder prose = new StringBuilder();
        boolean inBlock = false;
        for (String line : guide.split("\n")) {
            if (line.startsWith("```")) {
                inBlock = !inBlock;
                continue;
            }
            (inBlock ? blocks : prose).append(line).append('\n');
        }
        List<String> blockNumbers = new ArrayList<>();
        Matcher b = NUMBER.matcher(blocks);
        while (b.find()) {
            blockNumbers.add(b.group().replace("-", ""));
        }
        Matcher p = DECIMAL.matcher(prose);
        while (p.find()) {
            assertTrue(blockNumbers.contains(p.group()), "docs/guide.md quotes " + p.group()
                    + " in its prose, but no block shows it");
        }
    }

    @Test
    void readmeLinksTheGuide() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(readme.contains("](docs/guide.md)"), "README.md links docs/guide.md");
    }

    // ---- helpers ----

    /** The fenced block after {@code <!-- output: id -->} in the guide. */
    private static String docBlock(String id) {
        Matcher m = Pattern.compile("<!-- output: " + Pattern.quote(id) + " -->\\n```text\\n(.*?)```", Pattern.DOTALL)
                .matcher(guide);
        assertTrue(m.find(), "docs/guide.md has no output block " + id + "; it should be:\n" + OUTPUTS.get(id));
        return m.group(1);
    }

    /** The snippets between {@code // GUIDE-BEGIN id} and {@code // GUIDE-END id}, indentation stripped. */
    private static Map<String, String> snippets() throws IOException {
        Map<String, String> result = new LinkedHashMap<>();
        Pattern p = Pattern.compile("(?s)// GUIDE-BEGIN ([a-z-]+)\\n(.*?)\\n[ \\t]*// GUIDE-END \\1");
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path f : files.filter(x -> x.toString().endsWith(".java")).sorted().toList()) {
                Matcher m = p.matcher(Files.readString(f));
                while (m.find()) {
                    result.put(m.group(1), m.group(2).stripIndent().strip());
                }
            }
        }
        return result;
    }

    private static String six(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    private static String mask(String s) {
        return DECIMAL.matcher(s).replaceAll("#");
    }

    /**
     * Whether two printouts are equal except for numbers that differ by at most one unit in the last digit
     * printed in the guide.
     */
    static boolean sameUpToLastDigit(String doc, String actual) {
        Matcher a = NUMBER.matcher(doc);
        Matcher b = NUMBER.matcher(actual);
        int ia = 0;
        int ib = 0;
        while (true) {
            boolean fa = a.find();
            boolean fb = b.find();
            if (fa != fb) {
                return false;
            }
            if (!fa) {
                return doc.substring(ia).equals(actual.substring(ib));
            }
            if (!doc.substring(ia, a.start()).equals(actual.substring(ib, b.start()))) {
                return false;
            }
            if (!a.group().equals(b.group())) {
                double x = Double.parseDouble(a.group());
                double y = Double.parseDouble(b.group());
                if (!(Math.abs(x - y) <= 1.000001 * lastDigitUnit(a.group()))) {
                    return false;
                }
            }
            ia = a.end();
            ib = b.end();
        }
    }

    /** The value of one unit in the last digit of a printed number: 1e-6 for 0.785835, 1e-4 for 1.23e-02. */
    static double lastDigitUnit(String number) {
        String mantissa = number;
        int exp = 0;
        int e = number.indexOf('e');
        if (e >= 0) {
            mantissa = number.substring(0, e);
            exp = Integer.parseInt(number.substring(e + 1));
        }
        int dot = mantissa.indexOf('.');
        int decimals = dot < 0 ? 0 : mantissa.length() - dot - 1;
        return Math.pow(10, exp - decimals);
    }
}
