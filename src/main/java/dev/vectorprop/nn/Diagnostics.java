package dev.vectorprop.nn;

import java.util.List;
import java.util.Locale;

/**
 * The backprop debugging checklist for one training step, per layer, with warnings for the classic
 * failures. Produced by {@link Trainer} every {@link Trainer#diagnoseEvery N} steps, on request
 * ({@link Trainer#diagnoseNextStep()}), and always when the loss is not finite. Computing it costs a few
 * passes over the parameters and activations plus one copy of the parameters.
 *
 * @param step      the 1-based step it describes
 * @param loss      that step's loss
 * @param gradNorm  the global L2 norm of all gradients, before clipping
 * @param layers    one entry per top-level layer of the model
 * @param nonFinite where the first NaN or ∞ appeared in that step (in the order input, then per layer
 *                  parameters and output, then the loss, then gradients from the last layer back), or null
 * @param warnings  human-readable warnings, empty when nothing looks wrong
 */
public record Diagnostics(long step, float loss, float gradNorm, List<LayerStats> layers, NonFinite nonFinite,
                          List<String> warnings) {

    /**
     * One layer's figures.
     *
     * @param index             the layer's index in the model
     * @param layer             the layer's description, e.g. {@code Dense(2→64, RELU)}
     * @param gradNorm          L2 norm of the layer's parameter gradients (before clipping)
     * @param weightNorm        L2 norm of its parameters after the update
     * @param updateRatio       {@code ‖Δparameters‖ / ‖parameters before‖} of this step's update (a healthy
     *                          value is often around 1e-3); NaN when the parameters were 0
     * @param changed           whether any parameter value changed in the update
     * @param deadFraction      for relu and leaky relu: the fraction of units whose output is ≤ 0 for every
     *                          row of the batch; NaN for other activations
     * @param saturatedFraction for sigmoid and tanh: the fraction of outputs in the flat zone
     *                          ({@code |tanh| > 0.99}, sigmoid outside [0.01, 0.99]); NaN otherwise
     */
    public record LayerStats(int index, String layer, float gradNorm, float weightNorm, float updateRatio,
                             boolean changed, float deadFraction, float saturatedFraction) {}

    /**
     * The first non-finite value of a step.
     *
     * @param layer  the layer index, −1 for the input batch and the number of layers for the loss
     * @param where  the layer's description, {@code "input"} or {@code "loss"}
     * @param tensor {@code "input"}, a parameter name ({@code "weight"}), {@code "output"},
     *               {@code "loss"} or a gradient ({@code "weight.grad"})
     * @param index  the element's index in that tensor
     * @param value  the value (NaN or ±∞)
     */
    public record NonFinite(int layer, String where, String tensor, int index, float value) {
        /** @return e.g. {@code layer 1 Dense(64→64, RELU) weight[17] = NaN}, {@code loss = NaN} */
        @Override
        public String toString() {
            if ("loss".equals(tensor)) {
                return "loss = " + value;
            }
            String at = tensor + "[" + index + "] = " + value;
            return layer < 0 ? at : "layer " + layer + " " + where + " " + at;
        }
    }

    /** @return whether no warning was raised */
    public boolean healthy() {
        return warnings.isEmpty();
    }

    /** @return the per-layer figures as a compact fixed-width table, then the warnings */
    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "step %d  loss %.5g  grad norm %.3e%n", step, loss, gradNorm));
        int w = 5;
        for (LayerStats s : layers) {
            w = Math.max(w, s.layer().length());
        }
        String fmt = "%-3s %-" + w + "s %10s %10s %10s %7s %6s %6s%n";
        sb.append(String.format(Locale.ROOT, fmt, "#", "layer", "grad‖", "weight‖", "update/w", "changed",
                "dead", "sat"));
        for (LayerStats s : layers) {
            sb.append(String.format(Locale.ROOT, fmt, s.index(), s.layer(), sci(s.gradNorm()), sci(s.weightNorm()),
                    sci(s.updateRatio()), s.changed() ? "yes" : "NO", pct(s.deadFraction()),
                    pct(s.saturatedFraction())));
        }
        if (nonFinite != null) {
            sb.append("first non-finite value: ").append(nonFinite).append(System.lineSeparator());
        }
        for (String warning : warnings) {
            sb.append("warning: ").append(warning).append(System.lineSeparator());
        }
        return sb.toString();
    }

    private static String sci(float v) {
        return Float.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2e", v);
    }

    private static String pct(float v) {
        return Float.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * v);
    }

    /** @return {@link #table()} */
    @Override
    public String toString() {
        return table();
    }
}
