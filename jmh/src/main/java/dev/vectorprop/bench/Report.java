package dev.vectorprop.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Turns JMH JSON result files ({@code -rf json -rff FILE}) of one run into a table and a CSV with
 * GFLOP/s, the percentage of the FMA peak measured by {@link FmaPeakBench} in the same run, and the ratios
 * to OpenBLAS and oneDNN. A GEMM row's ratio is to {@code impl=openblas} at the same benchmark, shape and
 * thread count. A dense-layer row ({@link LinearBench}, {@link LinearPeerBench}) is compared with
 * {@link LinearPeerBench}'s {@code impl=openblas_unfused} and {@code impl=onednn} with the same benchmark
 * method name, shape and activation, so that {@code LinearBench.forwardBackward} gets the peers' ratios
 * too. The peak is {@link FmaPeakBench}'s best
 * iteration, not its mean: other work on the machine can only lower the measured ceiling. Several JSON
 * files (one per JMH invocation of {@code scripts/bench}) are merged, and can be written back as one;
 * results of the same benchmark and parameters from several files ({@code scripts/bench --rounds}) become
 * one result holding all their forks.
 *
 * <p>GFLOP/s, % of peak and the ratios come from the <b>median</b> of all measurement iterations of a
 * result (every fork, every round), not from JMH's score (their mean): on a shared host a few slow
 * iterations, when other work takes the core, move the mean much more than the median. The table and
 * CSV keep JMH's score and error next to the median; a result merged from several rounds has the mean
 * of all its iterations as score and no error.
 *
 * <p>Flops per call come from the {@code shape} parameter (see {@link #flopsPerCall}): {@code 2·m·n·k}
 * for a GEMM shape {@code "m x k x n"} ({@link GemmBench}, {@link GemmThreadsBench}), and 2, 4 or 6 ·
 * B·in·out for the forward, backward and forward + backward of a layer {@code "batch x in x out"}
 * ({@link LinearBench}, {@link LinearPeerBench}, {@link LinearThreadsBench}). {@link FmaPeakBench}'s flops per call are
 * {@link FmaPeakBench#FLOPS_PER_OP} for this JVM's preferred species, so run this on the machine that
 * produced the file (or pass {@code --fma-flops-per-op N}). Other results are listed with their score only.
 *
 * <p>With {@code --markdown} it prints the tables of {@code docs/benchmarks.md} (see {@link ResultGrids});
 * the input may then also be a CSV written earlier. {@link Plots} draws the same grids. Usage:
 * {@code Report [--csv OUT.csv] [--json OUT.json] [--markdown] [--fma-flops-per-op N] INPUT...}.
 */
public final class Report {

    private Report() {}

    /** One row of the report. */
    record Row(String benchmark, String shape, String impl, String threads, String otherParams, String mode,
               double score, double error, String unit, double gflops, double pctPeak, double vsOpenblas,
               double vsOnednn, double median) {}

    /**
     * Reads the inputs, then prints the table (or the markdown tables) and writes the requested files.
     *
     * @param args see the class comment
     * @throws IOException when a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        List<Path> inputs = new ArrayList<>();
        Path csvOut = null;
        Path jsonOut = null;
        boolean markdown = false;
        long fmaFlops = -1;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--fma-flops-per-op" -> fmaFlops = Long.parseLong(value(args, ++i, arg));
                case "--csv" -> csvOut = Path.of(value(args, ++i, arg));
                case "--json" -> jsonOut = Path.of(value(args, ++i, arg));
                case "--markdown" -> markdown = true;
                case "-h", "--help" -> {
                    System.out.println(USAGE);
                    return;
                }
                default -> {
                    if (arg.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
                    }
                    inputs.add(Path.of(arg));
                }
            }
        }
        if (inputs.isEmpty()) {
            System.err.println(USAGE);
            System.exit(2);
        }
        Results results;
        if (inputs.size() == 1 && inputs.get(0).toString().endsWith(".csv")) {
            if (jsonOut != null) {
                throw new IllegalArgumentException("--json needs JMH JSON inputs, not a CSV");
            }
            results = readCsv(inputs.get(0));
        } else {
            ObjectMapper mapper = new ObjectMapper();
            ArrayNode merged = mapper.createArrayNode();
            for (Path in : inputs) {
                mapper.readTree(in.toFile()).forEach(merged::add);
            }
            merged = mergeRounds(merged, mapper);
            if (fmaFlops < 0) {
                fmaFlops = FmaPeakBench.FLOPS_PER_OP; // needs jdk.incubator.vector; a CSV does not
            }
            double[] peak = new double[1];
            List<Row> rows = rows(merged, fmaFlops, peak);
            results = new Results(rows, peak[0]);
            if (jsonOut != null) {
                mapper.writerWithDefaultPrettyPrinter().writeValue(jsonOut.toFile(), merged);
            }
        }
        if (markdown) {
            System.out.print(ResultGrids.markdown(results));
        } else {
            System.out.println(Double.isNaN(results.peak())
                    ? "FMA peak: not in this file (no % of peak)"
                    : String.format(Locale.ROOT, "FMA peak: %.2f GFLOP/s (best FmaPeakBench iteration%s)",
                            results.peak(), fmaFlops < 0 ? "" : ", " + fmaFlops + " flops per call"));
            print(results.rows(), System.out);
        }
        if (csvOut != null) {
            Files.writeString(csvOut, csv(results.rows()), StandardCharsets.UTF_8);
            System.out.println("CSV: " + csvOut);
        }
        if (jsonOut != null) {
            System.out.println("JSON: " + jsonOut);
        }
    }

    private static final String USAGE = """
            usage: Report [--csv OUT.csv] [--json OUT.json] [--markdown] [--fma-flops-per-op N] INPUT...
              INPUT       JMH JSON result files (-rf json), merged in the order given, or one CSV
                          written by an earlier --csv
              --csv       write the rows with GFLOP/s, % of FMA peak and the ratios to OpenBLAS
                          (openblas_unfused for a dense layer) and oneDNN
              --json      write the merged JMH JSON (JSON inputs only)
              --markdown  print the markdown tables of docs/benchmarks.md instead of the plain table""";

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args[i];
    }

    /**
     * The rows of a run and the FMA peak they are compared with.
     *
     * @param rows the rows, in the order of the result file
     * @param peak one core's FMA peak in GFLOP/s, NaN when the run has no {@link FmaPeakBench}
     */
    record Results(List<Row> rows, double peak) {}

    /**
     * Reads a CSV written by {@link #csv(List)}, or by an earlier version without the
     * {@code ratio_vs_onednn} column. The peak is recovered from the {@link FmaPeakBench} row's GFLOP/s
     * and % of peak (to the CSV's rounding).
     */
    static Results readCsv(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !(lines.get(0).equals(CSV_HEADER) || lines.get(0).equals(CSV_HEADER_V2)
                || lines.get(0).equals(CSV_HEADER_V1))) {
            throw new IOException(csv + ": not a Report CSV (header must be " + CSV_HEADER + ")");
        }
        int fields = lines.get(0).split(",").length;
        List<Row> rows = new ArrayList<>();
        double peak = Double.NaN;
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != fields) {
                throw new IOException(csv + ": expected " + fields + " fields: " + line);
            }
            Row r = new Row(f[0], f[1], f[2], f[3], f[4], f[5], parse(f[6]), parse(f[7]), f[8], parse(f[9]),
                    parse(f[10]), parse(f[11]), fields > 12 ? parse(f[12]) : Double.NaN,
                    fields > 13 ? parse(f[13]) : Double.NaN);
            if (r.benchmark().startsWith("FmaPeakBench.") && r.pctPeak() > 0) {
                peak = r.gflops() * 100 / r.pctPeak();
            }
            rows.add(r);
        }
        return new Results(rows, peak);
    }

    private static double parse(String field) {
        return field.isEmpty() ? Double.NaN : Double.parseDouble(field);
    }

    /**
     * Floating-point operations of one call: {@code 2·m·n·k} for a GEMM shape {@code "m x k x n"};
     * for a layer shape {@code "batch x in x out"} ({@code LinearBench}, {@code LinearPeerBench},
     * {@code LinearThreadsBench})
     * 2·B·in·out for a forward pass or plain GEMM, 4·B·in·out for backward and 6·B·in·out for a
     * forward + backward step. NaN when unknown.
     *
     * @param benchmark {@code Class.method}
     * @param shape     the {@code shape} parameter, empty if none
     * @param fmaFlopsPerOp {@link FmaPeakBench}'s flops per call
     */
    static double flopsPerCall(String benchmark, String shape, long fmaFlopsPerOp) {
        if (benchmark.startsWith("FmaPeakBench.")) {
            return fmaFlopsPerOp;
        }
        if (shape.isEmpty()) {
            return Double.NaN;
        }
        int[] s = GemmBench.parseShape(shape);
        double mnk = (double) s[0] * s[1] * s[2];
        if (isLayer(benchmark) || benchmark.startsWith("LinearThreadsBench.")) {
            String method = benchmark.substring(benchmark.indexOf('.') + 1);
            return switch (method) {
                case "forward", "unfusedForward", "plainGemm" -> 2 * mnk;
                case "backward" -> 4 * mnk;
                case "forwardBackward", "unfusedForwardBackward" -> 6 * mnk;
                default -> Double.NaN;
            };
        }
        return 2 * mnk;
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
        // First pass: the peak and the peers' scores (OpenBLAS, oneDNN), in calls per second.
        for (JsonNode r : list) {
            String bench = shortName(r.path("benchmark").asText());
            double perSec = callsPerSecond(r);
            if (bench.startsWith("FmaPeakBench.")) {
                // The ceiling is the best iteration: interference from other work only lowers it.
                double best = perSec;
                String unit = r.path("primaryMetric").path("scoreUnit").asText();
                for (JsonNode fork : r.path("primaryMetric").path("rawData")) {
                    for (JsonNode it : fork) {
                        best = Math.max(best, callsPerSecond(unit, it.asDouble()));
                    }
                }
                double g = best * fmaFlopsPerOp * 1e-9;
                peak = Double.isNaN(peak) ? g : Math.max(peak, g);
            }
            JsonNode params = r.path("params");
            String impl = params.path("impl").asText("");
            if (params.has("shape")) {
                if (impl.equals(isLayer(bench) ? "openblas_unfused" : "openblas")) {
                    openblas.put(baselineKey(bench, params), perSec);
                } else if (impl.equals("onednn") && isLayer(bench)) {
                    onednn.put(baselineKey(bench, params), perSec);
                }
            }
        }
        for (JsonNode r : list) {
            String bench = shortName(r.path("benchmark").asText());
            JsonNode params = r.path("params");
            String shape = params.path("shape").asText("");
            String impl = params.path("impl").asText(bench.startsWith("FmaPeakBench.") || shape.isEmpty()
                    ? "" : "vectorprop");
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
            double gflops = perSec * flopsPerCall(bench, shape, fmaFlopsPerOp) * 1e-9;
            String key = shape.isEmpty() ? null : baselineKey(bench, params);
            Double ob = key == null ? null : openblas.get(key);
            Double dn = key == null ? null : onednn.get(key);
            rows.add(new Row(bench, shape, impl, threads, other.toString(), r.path("mode").asText(),
                    metric.path("score").asDouble(Double.NaN), metric.path("scoreError").asDouble(Double.NaN),
                    metric.path("scoreUnit").asText(), gflops, 100 * gflops / peak,
                    ob == null ? Double.NaN : perSec / ob, dn == null ? Double.NaN : perSec / dn,
                    median(metric)));
        }
        peakOut[0] = peak;
        return rows;
    }

    /** Whether the benchmark is a single-thread dense layer ({@code "batch x in x out"}) with peers. */
    static boolean isLayer(String bench) {
        return bench.startsWith("LinearBench.") || bench.startsWith("LinearPeerBench.");
    }

    /**
     * What a result is compared with. A dense layer: the method name, shape and every parameter but
     * {@code impl} (so {@link LinearBench}'s rows are compared with {@link LinearPeerBench}'s peers of the
     * same method, shape and activation). Anything else: benchmark, shape and thread count.
     */
    static String baselineKey(String bench, JsonNode params) {
        if (!isLayer(bench)) {
            return bench + "|" + params.path("shape").asText() + "|" + params.path("threads").asText("");
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

    /**
     * Merges results of the same benchmark, mode and parameters (several rounds of one JMH invocation)
     * into the first of them: all forks' iterations, score = their mean, no error (JMH's confidence
     * interval is per invocation). Order: first occurrence.
     */
    static ArrayNode mergeRounds(ArrayNode results, ObjectMapper mapper) {
        Map<String, ObjectNode> first = new LinkedHashMap<>();
        for (JsonNode r : results) {
            String key = r.path("benchmark").asText() + "|" + r.path("mode").asText() + "|" + r.path("params")
                    + "|" + r.path("threads").asText();
            ObjectNode seen = first.get(key);
            if (seen == null) {
                first.put(key, ((ObjectNode) r).deepCopy());
                continue;
            }
            ObjectNode metric = (ObjectNode) seen.path("primaryMetric");
            ArrayNode raw = (ArrayNode) metric.path("rawData");
            r.path("primaryMetric").path("rawData").forEach(fork -> raw.add(fork.deepCopy()));
            double sum = 0;
            int count = 0;
            for (JsonNode fork : raw) {
                for (JsonNode it : fork) {
                    sum += it.asDouble();
                    count++;
                }
            }
            metric.put("score", sum / count);
            metric.put("scoreError", "NaN");
            seen.put("forks", raw.size());
        }
        ArrayNode out = mapper.createArrayNode();
        first.values().forEach(out::add);
        return out;
    }

    /** The median of all measurement iterations of a result (every fork), in the score's unit. */
    static double median(JsonNode metric) {
        List<Double> values = new ArrayList<>();
        for (JsonNode fork : metric.path("rawData")) {
            for (JsonNode it : fork) {
                values.add(it.asDouble());
            }
        }
        if (values.isEmpty()) {
            return metric.path("score").asDouble(Double.NaN);
        }
        Collections.sort(values);
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }

    /** The median iteration as calls per second, from a throughput or an average-time unit; NaN for others. */
    static double callsPerSecond(JsonNode r) {
        JsonNode metric = r.path("primaryMetric");
        return callsPerSecond(metric.path("scoreUnit").asText(), median(metric));
    }

    /** A value in a JMH unit ({@code ops/s}, {@code us/op}, ...) as calls per second; NaN for others. */
    static double callsPerSecond(String unit, double score) {
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
        String fmt = "%-34s %-15s %-16s %-3s %-14s %14s %10s %14s %-6s %9s %7s %8s %8s%n";
        out.printf(Locale.ROOT, fmt, "benchmark", "shape", "impl", "thr", "params", "score", "error", "median",
                "unit", "GFLOP/s", "%peak", "vs_oblas", "vs_dnnl");
        for (Row r : rows) {
            out.printf(Locale.ROOT, fmt, r.benchmark(), r.shape(), r.impl(), r.threads(), r.otherParams(),
                    num(r.score(), 3), num(r.error(), 3), num(r.median(), 3), r.unit().replace("ops/", "/"),
                    num(r.gflops(), 2), num(r.pctPeak(), 1), num(r.vsOpenblas(), 3), num(r.vsOnednn(), 3));
        }
    }

    /**
     * The CSV header; a layer row's {@code ratio_vs_openblas} is to {@code openblas_unfused}. gflops and the
     * ratios are from {@code score_median}.
     */
    static final String CSV_HEADER = "benchmark,shape,impl,threads,params,mode,score,score_error,unit,gflops,"
            + "pct_fma_peak,ratio_vs_openblas,ratio_vs_onednn,score_median";

    /** The header of CSVs written before the median column (gflops from JMH's score), still read. */
    static final String CSV_HEADER_V2 = "benchmark,shape,impl,threads,params,mode,score,score_error,unit,gflops,"
            + "pct_fma_peak,ratio_vs_openblas,ratio_vs_onednn";

    /** The header of CSVs written before the oneDNN column, still read by {@link #readCsv}. */
    static final String CSV_HEADER_V1 =
            "benchmark,shape,impl,threads,params,mode,score,score_error,unit,gflops,pct_fma_peak,ratio_vs_openblas";

    static String csv(List<Row> rows) {
        StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
        for (Row r : rows) {
            sb.append(String.join(",", r.benchmark(), r.shape(), r.impl(), r.threads(), r.otherParams(),
                    r.mode(), num(r.score(), 6), num(r.error(), 6), r.unit(), num(r.gflops(), 3),
                    num(r.pctPeak(), 2), num(r.vsOpenblas(), 4), num(r.vsOnednn(), 4), num(r.median(), 6)))
                    .append('\n');
        }
        return sb.toString();
    }

    static String num(double x, int decimals) {
        return Double.isNaN(x) || Double.isInfinite(x) ? "" : String.format(Locale.ROOT, "%." + decimals + "f", x);
    }
}
