package dev.vectorprop.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Turns a JMH JSON result file ({@code -rf json -rff FILE}) into a table and a CSV with GFLOP/s, the
 * percentage of the FMA peak measured by {@link FmaPeakBench} in the same file, and the ratios to
 * OpenBLAS and oneDNN at the same shape. The peak is {@link FmaPeakBench}'s best iteration, not its mean: other
 * work on the machine can only lower the measured ceiling.
 *
 * <p>A GEMM result is any benchmark with a {@code shape} parameter {@code "m x k x n"}: its flops per
 * call are {@code 2·m·n·k}, and its ratio is to {@code impl=openblas} at the same shape. A dense-layer
 * result ({@link LinearBench}, {@link LinearPeerBench}; shape {@code "batch x in x out"}) counts
 * {@code 2·B·in·out} flops for {@code forward} and the GEMM-like methods, {@code 4·B·in·out} for
 * {@code backward} and {@code 6·B·in·out} for {@code forwardBackward}; its ratios are to
 * {@code impl=openblas_unfused} and {@code impl=onednn} with the same benchmark method name, shape and
 * other parameters. {@link FmaPeakBench}'s flops per call are {@link FmaPeakBench#FLOPS_PER_OP}
 * for this JVM's preferred species, so run this on the machine that produced the file (or pass
 * {@code --fma-flops-per-op N}). Other results are listed with their score only.
 *
 * <p>Usage: {@code Report RESULT.json [MORE.json...] [OUT.csv] [--fma-flops-per-op N]}: the results of
 * several JMH runs (say, a GEMM run and a dense-layer run with different {@code -p shape} lists) are
 * reported as one.
 */
public final class Report {

    private static final String USAGE = "usage: Report RESULT.json [MORE.json...] [OUT.csv] [--fma-flops-per-op N]";

    private Report() {}

    /** One row of the report. */
    record Row(String benchmark, String shape, String impl, String threads, String otherParams, String mode,
               double score, double error, String unit, double gflops, double pctPeak, double vsOpenblas,
               double vsOnednn) {}

    /**
     * Reads the result file, prints the table and writes the CSV when a path is given.
     *
     * @param args see the class comment
     * @throws IOException when a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        List<Path> in = new ArrayList<>();
        Path out = null;
        long fmaFlops = -1;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--fma-flops-per-op") && i + 1 < args.length) {
                fmaFlops = Long.parseLong(args[++i]);
            } else if (arg.equals("-h") || arg.equals("--help")) {
                System.out.println(USAGE);
                return;
            } else if (arg.endsWith(".csv") || (in.size() == 1 && !arg.endsWith(".json"))) {
                if (out != null) {
                    throw new IllegalArgumentException("two output files: " + out + ", " + arg);
                }
                out = Path.of(arg);
            } else {
                in.add(Path.of(arg));
            }
        }
        if (in.isEmpty()) {
            System.err.println(USAGE);
            System.exit(2);
        }
        if (fmaFlops < 0) {
            fmaFlops = FmaPeakBench.FLOPS_PER_OP;
        }
        double[] peak = new double[1];
        ArrayNode all = JsonNodeFactory.instance.arrayNode();
        for (Path p : in) {
            new ObjectMapper().readTree(p.toFile()).forEach(all::add);
        }
        List<Row> rows = rows(all, fmaFlops, peak);
        System.out.println(Double.isNaN(peak[0])
                ? "FMA peak: not in this file (no % of peak)"
                : String.format(Locale.ROOT, "FMA peak: %.2f GFLOP/s (best FmaPeakBench iteration, %d flops per call)",
                        peak[0], fmaFlops));
        print(rows, System.out);
        if (out != null) {
            Files.writeString(out, csv(rows), StandardCharsets.UTF_8);
            System.out.println("CSV: " + out);
        }
    }

    /** Builds the rows from JMH's JSON array. */
    static List<Row> rows(JsonNode results, long fmaFlopsPerOp) {
        return rows(results, fmaFlopsPerOp, new double[1]);
    }

    /** Builds the rows; {@code peakOut[0]} receives the FMA peak in GFLOP/s used for the percentages. */
    static List<Row> rows(JsonNode results, long fmaFlopsPerOp, double[] peakOut) {
        List<Row> rows = new ArrayList<>();
        double peak = Double.NaN;
        Map<String, Double> openblas = new HashMap<>();
        Map<String, Double> onednn = new HashMap<>();
        List<JsonNode> list = new ArrayList<>();
        results.forEach(list::add);
        // First pass: the peak and OpenBLAS's score per shape, in calls per second.
        for (JsonNode r : list) {
            String bench = shortName(r.path("benchmark").asText());
            double perSec = callsPerSecond(r);
            if (bench.startsWith("FmaPeakBench.")) {
                // The ceiling is the best iteration: interference from other work only lowers it.
                double best = perSec;
                double scale = perSec / r.path("primaryMetric").path("score").asDouble(Double.NaN);
                for (JsonNode fork : r.path("primaryMetric").path("rawData")) {
                    for (JsonNode it : fork) {
                        best = Math.max(best, it.asDouble() * scale);
                    }
                }
                double g = best * fmaFlopsPerOp * 1e-9;
                peak = Double.isNaN(peak) ? g : Math.max(peak, g);
            }
            JsonNode params = r.path("params");
            String impl = params.path("impl").asText("");
            if (params.has("shape")) {
                if (impl.equals("openblas") || impl.equals("openblas_unfused")) {
                    openblas.put(baselineKey(bench, params), perSec);
                } else if (impl.equals("onednn")) {
                    onednn.put(baselineKey(bench, params), perSec);
                }
            }
        }
        for (JsonNode r : list) {
            String bench = shortName(r.path("benchmark").asText());
            JsonNode params = r.path("params");
            String shape = params.path("shape").asText("");
            String impl = params.path("impl").asText(bench.startsWith("GemmThreadsBench.") ? "vectorprop" : "");
            String threads = params.path("threads").asText("");
            StringJoiner other = new StringJoiner(";");
            for (Iterator<Map.Entry<String, JsonNode>> it = params.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getKey().equals("shape") && !e.getKey().equals("impl") && !e.getKey().equals("threads")) {
                    other.add(e.getKey() + "=" + e.getValue().asText());
                }
            }
            JsonNode metric = r.path("primaryMetric");
            double perSec = callsPerSecond(r);
            double flops = Double.NaN;
            if (bench.startsWith("FmaPeakBench.")) {
                flops = fmaFlopsPerOp;
            } else if (!shape.isEmpty()) {
                int[] s = GemmBench.parseShape(shape);
                flops = flopsMultiplier(bench) * s[0] * s[1] * s[2];
            }
            double gflops = perSec * flops * 1e-9;
            String key = shape.isEmpty() ? null : baselineKey(bench, params);
            Double ob = key == null ? null : openblas.get(key);
            Double dn = key == null ? null : onednn.get(key);
            rows.add(new Row(bench, shape, impl, threads, other.toString(), r.path("mode").asText(),
                    metric.path("score").asDouble(Double.NaN), metric.path("scoreError").asDouble(Double.NaN),
                    metric.path("scoreUnit").asText(), gflops, 100 * gflops / peak,
                    ob == null ? Double.NaN : perSec / ob, dn == null ? Double.NaN : perSec / dn));
        }
        peakOut[0] = peak;
        return rows;
    }

    /** Whether the benchmark is a dense layer ({@code "batch x in x out"}) rather than a GEMM. */
    private static boolean isLayer(String bench) {
        return bench.startsWith("LinearBench.") || bench.startsWith("LinearPeerBench.");
    }

    /** Flops per call divided by the product of the three shape numbers. */
    static double flopsMultiplier(String bench) {
        if (!isLayer(bench)) {
            return 2;
        }
        String method = bench.substring(bench.indexOf('.') + 1);
        return switch (method) {
            case "backward" -> 4;
            case "forwardBackward" -> 6;
            default -> 2;
        };
    }

    /**
     * What a result is compared with: for GEMM the shape alone (so {@link GemmThreadsBench} rows get
     * the single-thread OpenBLAS ratio), for a dense layer the method name, shape and every parameter
     * but {@code impl} (so {@link LinearBench}'s rows are compared with {@link LinearPeerBench}'s peers).
     */
    static String baselineKey(String bench, JsonNode params) {
        String shape = params.path("shape").asText("");
        if (!isLayer(bench)) {
            return shape;
        }
        StringJoiner key = new StringJoiner(";", "layer." + bench.substring(bench.indexOf('.') + 1) + "|", "");
        for (Iterator<Map.Entry<String, JsonNode>> it = params.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equals("impl")) {
                key.add(e.getKey() + "=" + e.getValue().asText());
            }
        }
        return key.toString();
    }

    /** The score as calls per second, from a throughput or an average-time unit; NaN for others. */
    static double callsPerSecond(JsonNode r) {
        JsonNode metric = r.path("primaryMetric");
        double score = metric.path("score").asDouble(Double.NaN);
        String unit = metric.path("scoreUnit").asText();
        String[] p = unit.split("/");
        if (p.length != 2) {
            return Double.NaN;
        }
        if (p[0].equals("ops")) {
            return score / seconds(p[1]);
        }
        if (p[1].equals("op")) {
            return 1 / (score * seconds(p[0]));
        }
        return Double.NaN;
    }

    private static double seconds(String unit) {
        return switch (unit) {
            case "s" -> 1;
            case "ms" -> 1e-3;
            case "us" -> 1e-6;
            case "ns" -> 1e-9;
            case "min" -> 60;
            default -> Double.NaN;
        };
    }

    private static String shortName(String benchmark) {
        String[] p = benchmark.split("\\.");
        return p.length >= 2 ? p[p.length - 2] + "." + p[p.length - 1] : benchmark;
    }

    static void print(List<Row> rows, PrintStream out) {
        String fmt = "%-31s %-15s %-16s %-3s %-14s %14s %10s %-6s %9s %7s %8s %8s%n";
        out.printf(Locale.ROOT, fmt, "benchmark", "shape", "impl", "thr", "params", "score", "error", "unit",
                "GFLOP/s", "%peak", "vs_oblas", "vs_dnnl");
        for (Row r : rows) {
            out.printf(Locale.ROOT, fmt, r.benchmark(), r.shape(), r.impl(), r.threads(), r.otherParams(),
                    num(r.score(), 3), num(r.error(), 3), r.unit().replace("ops/", "/"),
                    num(r.gflops(), 2), num(r.pctPeak(), 1), num(r.vsOpenblas(), 3), num(r.vsOnednn(), 3));
        }
    }

    static String csv(List<Row> rows) {
        StringBuilder sb = new StringBuilder(
                "benchmark,shape,impl,threads,params,mode,score,score_error,unit,gflops,pct_fma_peak,ratio_vs_openblas,"
                        + "ratio_vs_onednn\n");
        for (Row r : rows) {
            sb.append(String.join(",", r.benchmark(), r.shape(), r.impl(), r.threads(), r.otherParams(),
                    r.mode(), num(r.score(), 6), num(r.error(), 6), r.unit(), num(r.gflops(), 3),
                    num(r.pctPeak(), 2), num(r.vsOpenblas(), 4), num(r.vsOnednn(), 4))).append('\n');
        }
        return sb.toString();
    }

    private static String num(double x, int decimals) {
        return Double.isNaN(x) || Double.isInfinite(x) ? "" : String.format(Locale.ROOT, "%." + decimals + "f", x);
    }
}
