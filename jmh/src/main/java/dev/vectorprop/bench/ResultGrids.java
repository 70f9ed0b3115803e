package dev.vectorprop.bench;

import dev.vectorprop.bench.Report.Results;
import dev.vectorprop.bench.Report.Row;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Arranges a run's rows into the grids that {@link Plots} draws and {@code Report --markdown} prints:
 * GFLOP/s by category (a shape, a layer and activation, or a thread count) and series (an
 * implementation), with the FMA ceiling beside them.
 */
final class ResultGrids {

    private ResultGrids() {}

    /** Preferred order of the GEMM implementations; others follow in the order they appear. */
    private static final List<String> IMPL_ORDER = List.of("vectorprop", "openblas", "netlib", "ejml");

    /**
     * GFLOP/s of several series over categories.
     *
     * @param file         short name, used for the PNG file name
     * @param title        chart title and markdown caption
     * @param categoryAxis what a category is
     * @param categories   category labels, in display order
     * @param series       series labels, in display order
     * @param values       per series (same order), GFLOP/s per category; NaN where not measured
     * @param ceilingLabel what {@code ceiling} is, or null when the run has no FMA peak
     * @param ceiling      the FMA ceiling per category in GFLOP/s, or null
     * @param ratio        two series whose quotient is worth a column ({@code {numerator, denominator}}),
     *                     or null
     */
    record Grid(String file, String title, String categoryAxis, List<String> categories, List<String> series,
                List<double[]> values, String ceilingLabel, double[] ceiling, String[] ratio) {

        /** GFLOP/s of a series at a category index; NaN when absent. */
        double value(String s, int category) {
            int i = series.indexOf(s);
            return i < 0 ? Double.NaN : values.get(i)[category];
        }
    }

    /** The grids this run has data for: GEMM, layer, thread scaling, in that order. */
    static List<Grid> all(Results results) {
        List<Grid> grids = new ArrayList<>();
        for (Grid g : new Grid[] {gemm(results), layer(results), threads(results)}) {
            if (g != null) {
                grids.add(g);
            }
        }
        return grids;
    }

    /** {@link GemmBench}: GFLOP/s per shape, one series per implementation; null without rows. */
    static Grid gemm(Results results) {
        List<Row> rows = select(results, r -> r.benchmark().startsWith("GemmBench."));
        if (rows.isEmpty()) {
            return null;
        }
        Builder b = new Builder();
        for (Row r : rows) {
            b.put(r.shape(), r.impl(), r.gflops());
        }
        b.orderSeries(IMPL_ORDER);
        return b.build("gemm", "GEMM C = A·B, single thread (m×k×n)", "shape m×k×n",
                flat(results.peak(), "FMA peak, 1 core"), results.peak(),
                new String[] {"vectorprop", "openblas"});
    }

    /** Series of the layer chart, in this order; other series follow. */
    private static final String FUSED = "vectorprop fused step (Linear)";
    private static final String UNFUSED = "vectorprop unfused step (GEMM + separate passes)";
    private static final String OPENBLAS_UNFUSED = "openblas_unfused step (sgemm + separate passes)";
    private static final String ONEDNN = "onednn step (inner product + eltwise)";

    /**
     * {@link LinearBench}: training-step GFLOP/s (6·B·in·out per call) per layer and activation, fused
     * and unfused, with the plain GEMM of the forward shape (any activation) as a reference; the peers of
     * {@link LinearPeerBench}'s {@code forwardBackward} (OpenBLAS unfused, oneDNN) where the run has them.
     * Null without rows.
     */
    static Grid layer(Results results) {
        List<Row> rows = select(results, r -> r.benchmark().startsWith("LinearBench.")
                || r.benchmark().startsWith("LinearPeerBench."));
        // LinearBench first (a stable sort): its fused step is the vectorprop series where both have it.
        rows.sort(Comparator.comparing(r -> r.benchmark().startsWith("LinearPeerBench.")));
        Builder b = new Builder();
        Map<String, Row> plain = new LinkedHashMap<>();
        for (Row r : rows) {
            if (r.benchmark().startsWith("LinearPeerBench.")) {
                if (r.benchmark().equals("LinearPeerBench.forwardBackward")) {
                    String series = switch (r.impl()) {
                        case "vectorprop" -> FUSED; // the same Linear step as LinearBench.forwardBackward
                        case "openblas_unfused" -> OPENBLAS_UNFUSED;
                        case "onednn" -> ONEDNN;
                        default -> r.impl() + " step";
                    };
                    b.put(r.shape() + " " + param(r, "act"), series, r.gflops());
                }
                continue;
            }
            String method = r.benchmark().substring("LinearBench.".length());
            String label = switch (method) {
                case "forwardBackward" -> "fused step (Linear)";
                case "unfusedForwardBackward" -> "unfused step (GEMM + separate passes)";
                case "plainGemm" -> null;
                default -> "";
            };
            if (label == null) {
                plain.putIfAbsent(r.impl() + "|" + r.shape(), r);
            } else if (!label.isEmpty()) {
                String series = r.impl().equals("vectorprop") ? "vectorprop " + label : r.impl() + " " + method;
                b.put(r.shape() + " " + param(r, "act"), series, r.gflops());
            }
        }
        if (b.categories.isEmpty()) {
            return null;
        }
        for (Row r : plain.values()) {
            for (String category : b.categories) {
                if (category.startsWith(r.shape() + " ")) {
                    String series = (r.impl().equals("vectorprop") ? "vectorprop" : r.impl())
                            + " plain GEMM, forward only";
                    b.put(category, series, r.gflops());
                }
            }
        }
        b.orderSeries(List.of(FUSED, UNFUSED, OPENBLAS_UNFUSED, ONEDNN));
        return b.build("layer", "Dense layer training step (forward + backward), single thread",
                "layer batch×in×out, activation", flat(results.peak(), "FMA peak, 1 core"), results.peak(),
                new String[] {FUSED, UNFUSED});
    }

    /**
     * {@link GemmThreadsBench} and {@link LinearThreadsBench}: GFLOP/s per thread count, with the FMA
     * peak times the thread count as the ceiling. Null without rows.
     */
    static Grid threads(Results results) {
        List<Row> rows = select(results, r -> r.benchmark().startsWith("GemmThreadsBench.")
                || r.benchmark().startsWith("LinearThreadsBench."));
        if (rows.isEmpty()) {
            return null;
        }
        rows.sort((x, y) -> Integer.compare(Integer.parseInt(x.threads()), Integer.parseInt(y.threads())));
        Builder b = new Builder();
        for (Row r : rows) {
            String series = r.benchmark().startsWith("GemmThreadsBench.")
                    ? "GEMM " + r.shape()
                    : "layer step " + r.shape() + " " + param(r, "act");
            b.put(r.threads(), series, r.gflops());
        }
        double[] ceiling = null;
        if (!Double.isNaN(results.peak())) {
            ceiling = new double[b.categories.size()];
            for (int i = 0; i < ceiling.length; i++) {
                ceiling[i] = results.peak() * Integer.parseInt(b.categories.get(i));
            }
        }
        return b.build("threads", "Thread scaling (vectorprop thread pool)", "threads",
                ceiling == null ? null : "FMA peak × threads", ceiling, null);
    }

    /**
     * The markdown of {@code docs/benchmarks.md}'s results section: the peak and one table per grid,
     * GFLOP/s with one decimal, plus a ratio column where the grid names one.
     */
    static String markdown(Results results) {
        StringBuilder sb = new StringBuilder();
        if (!Double.isNaN(results.peak())) {
            sb.append(String.format(Locale.ROOT,
                    "FMA peak of one core (best `FmaPeakBench` iteration): **%.1f GFLOP/s**.%n%n", results.peak()));
        }
        for (Grid g : all(results)) {
            boolean ratio = g.ratio() != null && g.series().contains(g.ratio()[0])
                    && g.series().contains(g.ratio()[1]);
            // A flat ceiling is the peak stated above; only one that changes per row gets a column.
            boolean ceiling = g.ceiling() != null
                    && Arrays.stream(g.ceiling()).anyMatch(c -> c != g.ceiling()[0]);
            sb.append("**").append(g.title()).append("**, GFLOP/s (higher is better)\n\n| ").append(g.categoryAxis());
            for (String s : g.series()) {
                sb.append(" | ").append(s);
            }
            if (ratio) {
                sb.append(" | ").append(shortLabel(g.ratio()[0])).append(" ÷ ").append(shortLabel(g.ratio()[1]));
            }
            if (ceiling) {
                sb.append(" | ").append(g.ceilingLabel());
            }
            sb.append(" |\n|---");
            int columns = g.series().size() + (ratio ? 1 : 0) + (ceiling ? 1 : 0);
            sb.append("|---:".repeat(columns)).append("|\n");
            for (int c = 0; c < g.categories().size(); c++) {
                sb.append("| ").append(g.categories().get(c));
                for (double[] v : g.values()) {
                    sb.append(" | ").append(Report.num(v[c], 1));
                }
                if (ratio) {
                    sb.append(" | ").append(Report.num(g.value(g.ratio()[0], c) / g.value(g.ratio()[1], c), 2));
                }
                if (ceiling) {
                    sb.append(" | ").append(Report.num(g.ceiling()[c], 1));
                }
                sb.append(" |\n");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** "vectorprop fused step (Linear)" becomes "fused"; a GEMM implementation stays as it is. */
    private static String shortLabel(String series) {
        String s = series.startsWith("vectorprop ") ? series.substring("vectorprop ".length()) : series;
        int space = s.indexOf(' ');
        return space < 0 ? s : s.substring(0, space);
    }

    private static List<Row> select(Results results, java.util.function.Predicate<Row> keep) {
        List<Row> rows = new ArrayList<>();
        for (Row r : results.rows()) {
            if (keep.test(r) && !Double.isNaN(r.gflops())) {
                rows.add(r);
            }
        }
        return rows;
    }

    /** The value of {@code name=value} in a row's other parameters, or "" when absent. */
    static String param(Row r, String name) {
        for (String kv : r.otherParams().split(";")) {
            if (kv.startsWith(name + "=")) {
                return kv.substring(name.length() + 1);
            }
        }
        return "";
    }

    private static String flat(double peak, String label) {
        return Double.isNaN(peak) ? null : label;
    }

    /** Collects values by category and series, both in first-seen order. */
    private static final class Builder {
        final List<String> categories = new ArrayList<>();
        final List<String> series = new ArrayList<>();
        final Map<String, Double> cells = new LinkedHashMap<>();

        void put(String category, String s, double gflops) {
            if (!categories.contains(category)) {
                categories.add(category);
            }
            if (!series.contains(s)) {
                series.add(s);
            }
            cells.putIfAbsent(category + "\u0000" + s, gflops);
        }

        void orderSeries(List<String> preferred) {
            Function<String, Integer> rank = s -> preferred.contains(s) ? preferred.indexOf(s) : preferred.size();
            List<String> sorted = new ArrayList<>(series);
            sorted.sort((a, b) -> Integer.compare(rank.apply(a), rank.apply(b)));
            series.clear();
            series.addAll(sorted);
        }

        Grid build(String file, String title, String axis, String ceilingLabel, double flatCeiling, String[] ratio) {
            double[] ceiling = null;
            if (ceilingLabel != null) {
                ceiling = new double[categories.size()];
                Arrays.fill(ceiling, flatCeiling);
            }
            return build(file, title, axis, ceilingLabel, ceiling, ratio);
        }

        Grid build(String file, String title, String axis, String ceilingLabel, double[] ceiling, String[] ratio) {
            List<double[]> values = new ArrayList<>();
            for (String s : series) {
                double[] v = new double[categories.size()];
                for (int c = 0; c < v.length; c++) {
                    v[c] = cells.getOrDefault(categories.get(c) + "\u0000" + s, Double.NaN);
                }
                values.add(v);
            }
            return new Grid(file, title, axis, List.copyOf(categories), List.copyOf(series), values,
                    ceilingLabel, ceiling, ratio);
        }
    }
}
