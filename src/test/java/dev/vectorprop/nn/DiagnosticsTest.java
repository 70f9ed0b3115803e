package dev.vectorprop.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorprop.kernels.Activation;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Diagnostics detect planted problems and stay quiet on a healthy run. */
class DiagnosticsTest {

    private static final long SEED = 0xd1a9L;

    private static Dataset data() {
        return Datasets.spirals(100, 3, 0.2, SEED);
    }

    private static Sequential mlp(Activation act) {
        return new Sequential(new Dense(2, 32, act), new Dense(32, 32, act), new Dense(32, 3, Activation.IDENTITY))
                .initialize(SEED);
    }

    private static String ctx(Diagnostics d) {
        return "seed=" + SEED + ", spirals 3×100, 2-32-32-3:\n" + d.table();
    }

    @Test
    void healthyRunHasNoWarnings() {
        Sequential m = mlp(Activation.RELU);
        Trainer t = new Trainer(m, Loss.crossEntropy(), Optimizer.adam(0.01)).diagnoseEvery(10);
        t.epoch(data(), 32, new SplittableRandom(SEED));
        Diagnostics d = t.lastDiagnostics();
        assertNotNull(d);
        assertEquals(10, d.step());
        assertTrue(d.healthy(), ctx(d));
        assertNull(d.nonFinite(), ctx(d));
        for (Diagnostics.LayerStats s : d.layers()) {
            assertTrue(s.changed() && s.gradNorm() > 0 && s.weightNorm() > 0 && s.updateRatio() > 0, ctx(d));
        }
        assertTrue(Float.isNaN(d.layers().get(2).deadFraction()), "identity has no dead units");
        assertTrue(d.table().contains("Dense(2→32, RELU)"), d.table());
    }

    @Test
    void deadReluLayerIsReported() {
        Sequential m = mlp(Activation.RELU);
        Dense hidden = (Dense) m.layer(1);
        Arrays.fill(hidden.bias().value(), -100f);
        hidden.bias().markUpdated();
        Trainer t = new Trainer(m, Loss.crossEntropy(), Optimizer.sgd(0.01));
        t.diagnoseNextStep();
        Dataset d = data();
        t.step(d.x(), d.labels());
        Diagnostics g = t.lastDiagnostics();
        assertEquals(1f, g.layers().get(1).deadFraction(), ctx(g));
        assertTrue(g.warnings().stream().anyMatch(w -> w.startsWith("layer 1 Dense(32→32, RELU): 100% of units are dead")),
                ctx(g));
    }

    @Test
    void explodingLearningRateNamesTheFirstNonFiniteTensor() {
        Sequential m = mlp(Activation.RELU);
        Trainer t = new Trainer(m, Loss.crossEntropy(), Optimizer.sgd(1e12));
        Dataset d = data();
        float loss = 0;
        for (int i = 0; i < 50 && Float.isFinite(loss); i++) {
            loss = t.step(d.x(), d.labels());
        }
        assertFalse(Float.isFinite(loss), "seed=" + SEED + ": lr 1e12 should diverge");
        Diagnostics g = t.lastDiagnostics();
        assertNotNull(g, "a non-finite loss always takes diagnostics");
        assertNotNull(g.nonFinite(), ctx(g));
        assertTrue(g.nonFinite().layer() >= 0 && g.nonFinite().layer() < 3, ctx(g));
        float last = loss;
        assertTrue(g.warnings().stream().anyMatch(w -> w.contains("loss is " + last) && w.contains("first appeared at layer "
                + g.nonFinite().layer())), ctx(g));
        assertTrue(g.table().contains("first non-finite value: layer "), ctx(g));
    }

    @Test
    void nanInTheInputIsNamed() {
        Sequential m = mlp(Activation.TANH);
        Trainer t = new Trainer(m, Loss.crossEntropy(), Optimizer.sgd(0.01));
        Dataset d = data();
        float[] x = d.x().clone();
        x[5] = Float.NaN;
        t.step(x, d.labels());
        Diagnostics g = t.lastDiagnostics();
        assertEquals(new Diagnostics.NonFinite(-1, "input", "input", 5, Float.NaN), g.nonFinite(), ctx(g));
    }

    @Test
    void frozenLayerIsReportedUnchanged() {
        Sequential m = mlp(Activation.RELU);
        for (Parameter p : m.layer(1).parameters()) {
            p.setTrainable(false);
        }
        float[] before = ((Dense) m.layer(1)).weight().value().clone();
        Trainer t = new Trainer(m, Loss.crossEntropy(), Optimizer.adam(0.01)).diagnoseEvery(1);
        Dataset d = data();
        t.step(d.x(), d.labels());
        t.step(d.x(), d.labels());
        Diagnostics g = t.lastDiagnostics();
        assertFalse(g.layers().get(1).changed(), ctx(g));
        assertTrue(g.layers().get(0).changed() && g.layers().get(2).changed(), ctx(g));
        assertTrue(g.layers().get(1).gradNorm() > 0, "a frozen layer still gets gradients: " + ctx(g));
        assertTrue(g.warnings().contains("layer 1 Dense(32→32, RELU): parameters did not change in this step (frozen)"),
                ctx(g));
        assertTrue(Arrays.equals(before, ((Dense) m.layer(1)).weight().value()));
    }

    @Test
    void vanishingGradientsInADeepSigmoidStack() {
        Layer[] layers = new Layer[8];
        layers[0] = new Dense(2, 16, Activation.SIGMOID, Init.XAVIER_NORMAL);
        for (int i = 1; i < 7; i++) {
            layers[i] = new Dense(16, 16, Activation.SIGMOID, Init.XAVIER_NORMAL);
        }
        layers[7] = new Dense(16, 3, Activation.IDENTITY);
        Sequential m = new Sequential(layers).initialize(SEED);
        for (Parameter p : m.parameters()) {
            if (p.name().equals("weight")) {
                for (int i = 0; i < p.size(); i++) {
                    p.value()[i] *= 0.5f;
                }
                p.markUpdated();
            }
        }
        Trainer t = new Trainer(m, Loss.crossEntropy(), Optimizer.sgd(0.01));
        t.diagnoseNextStep();
        Dataset d = data();
        t.step(d.x(), d.labels());
        Diagnostics g = t.lastDiagnostics();
        assertTrue(g.warnings().stream().anyMatch(w -> w.startsWith("vanishing gradients: layer 0")), ctx(g));
    }

    @Test
    void saturatedTanhIsReported() {
        Sequential m = mlp(Activation.TANH);
        Dense first = (Dense) m.layer(0);
        for (int i = 0; i < first.weight().size(); i++) {
            first.weight().value()[i] *= 200f;
        }
        first.weight().markUpdated();
        Trainer t = new Trainer(m, Loss.crossEntropy(), Optimizer.sgd(0.01));
        t.diagnoseNextStep();
        Dataset d = data();
        t.step(d.x(), d.labels());
        Diagnostics g = t.lastDiagnostics();
        assertTrue(g.layers().get(0).saturatedFraction() > 0.5f, ctx(g));
        assertTrue(g.warnings().stream().anyMatch(w -> w.startsWith("layer 0 Dense(2→32, TANH)") && w.contains("saturated")),
                ctx(g));
    }
}
