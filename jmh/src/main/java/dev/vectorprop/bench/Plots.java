package dev.vectorprop.bench;

import dev.vectorprop.bench.ResultGrids.Grid;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws a run's results as PNG charts with XChart, headless: {@code PREFIX-gemm.png} (GFLOP/s per
 * GEMM shape, one bar per implementation), {@code PREFIX-layer.png} (dense-layer training step, fused
 * and unfused, with the plain forward GEMM) and {@code PREFIX-threads.png} (GFLOP/s against threads),
 * each with the FMA peak measured in the same run as a dashed ceiling. A chart is drawn only when the
 * run has its benchmarks; the data are arranged by {@link ResultGrids}, as for {@code Report --markdown}.
 *
 * <p>Usage: {@code Plots RESULT.csv [PREFIX]}, where the CSV is the one {@link Report} writes and
 * {@code PREFIX} defaults to the CSV's path without {@code .csv}. Needs the {@code java.desktop} module
 * (a full JDK); run with {@code -Djava.awt.headless=true} on machines without a display.
 */
public final class Plots {

    private Plots() {}

    private static final int WIDTH = 1400;
    private static final int HEIGHT = 780;
    private static final Color CEILING = new Color(0x55, 0x55, 0x55);
    /** vectorprop first and strongest; peers in muted colours; then further series. */
    private static final Color[] COLORS = {
        new Color(0xD6, 0x27, 0x28), new Color(0x1F, 0x77, 0xB4), new Color(0x2C, 0xA0, 0x2C),
        new Color(0xFF, 0x7F, 0x0E), new Color(0x94, 0x67, 0xBD), new Color(0x8C, 0x56, 0x4B),
        new Color(0x17, 0xBE, 0xCF), new Color(0x7F, 0x7F, 0x7F)
    };

    /**
     * Writes the charts for a Report CSV and prints their paths.
     *
     * @param args {@code RESULT.csv [PREFIX]}
     * @throws IOException when the CSV cannot be read or a PNG cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2 || args[0].startsWith("-")) {
            System.err.println("usage: Plots RESULT.csv [PREFIX]   (writes PREFIX-{gemm,layer,threads}.png)");
            System.exit(args.length == 1 && (args[0].equals("-h") || args[0].equals("--help")) ? 0 : 2);
        }
        Path csv = Path.of(args[0]);
        String prefix = args.length == 2 ? args[1] : csv.toString().replaceFirst("\\.csv$", "");
        for (Path png : write(Report.readCsv(csv), prefix, cpu(Path.of(prefix + ".txt")))) {
            System.out.println("plot: " + png);
        }
    }

    /**
     * The CPU model from the {@code cpu: MODEL (N CPUs ...)} line of the run's {@code .txt} that
     * {@code scripts/bench} writes beside the CSV; null when there is none.
     */
    static String cpu(Path info) throws IOException {
        if (!Files.isRegularFile(info)) {
            return null;
        }
        for (String line : Files.readAllLines(info)) {
            if (line.startsWith("cpu: ")) {
                String model = line.substring(5);
                int paren = model.lastIndexOf(" (");
                return (paren > 0 ? model.substring(0, paren) : model).trim();
            }
        }
        return null;
    }

    /**
     * Draws every chart the results have data for.
     *
     * @param cpu the CPU model for the titles, or null
     * @return the PNG files written
     */
    static List<Path> write(Report.Results results, String prefix, String cpu) throws IOException {
        List<Path> written = new ArrayList<>();
        for (Grid g : ResultGrids.all(results)) {
            String title = cpu == null || cpu.isEmpty() ? g.title() : g.title() + "  —  " + cpu;
            CategoryChart chart = g.file().equals("threads") ? lines(g, title) : bars(g, title);
            Path png = Path.of(prefix + "-" + g.file() + ".png");
            Path parent = png.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
            written.add(png);
        }
        return written;
    }

    /** Grouped bars per category; the flat FMA ceiling as a dashed horizontal line labelled at the right. */
    private static CategoryChart bars(Grid g, String title) {
        CategoryChart chart = base(g, title);
        CategoryStyler st = chart.getStyler();
        st.setDefaultSeriesRenderStyle(CategorySeriesRenderStyle.Bar);
        int bars = g.categories().size() * g.series().size();
        st.setAvailableSpaceFill(0.8);
        if (bars <= 24) {
            st.setLabelsVisible(true);
            st.setLabelsFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            st.setLabelsPosition(0.95);
            st.setLabelsFontColorAutomaticEnabled(true);
        }
        for (int i = 0; i < g.series().size(); i++) {
            CategorySeries s = chart.addSeries(g.series().get(i), g.categories(), gaps(g.values().get(i)));
            s.setFillColor(COLORS[i % COLORS.length]);
        }
        if (g.ceiling() != null) {
            double peak = g.ceiling()[0];
            chart.addAnnotation(new AnnotationLine(peak, false, false));
            st.setAnnotationLineColor(CEILING);
            st.setAnnotationLineStroke(dashed(2.5f));
            String label = String.format(Locale.ROOT, "%s: %.1f GFLOP/s", g.ceilingLabel(), peak);
            if (g.categories().size() > 1) {
                // Centred above the line; XChart's category x axis is 0 … n-1 in data space.
                chart.addAnnotation(new AnnotationText(label, (g.categories().size() - 1) / 2.0, peak * 1.035, false));
            } else {
                // One category gives a degenerate x range, so the label goes into the title.
                chart.setTitle(title + "  —  dashed: " + label);
            }
            st.setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            st.setAnnotationTextFontColor(CEILING);
        }
        st.setYAxisMax(1.08 * Math.max(max(g), g.ceiling() == null ? 0 : g.ceiling()[0]));
        return chart;
    }

    /** One line per series over the thread counts, the ceiling as a dashed grey line. */
    private static CategoryChart lines(Grid g, String title) {
        CategoryChart chart = base(g, title);
        CategoryStyler st = chart.getStyler();
        st.setDefaultSeriesRenderStyle(CategorySeriesRenderStyle.Line);
        st.setOverlapped(true);
        st.setMarkerSize(11);
        for (int i = 0; i < g.series().size(); i++) {
            CategorySeries s = chart.addSeries(g.series().get(i), g.categories(), gaps(g.values().get(i)));
            s.setLineColor(COLORS[i % COLORS.length]);
            s.setMarkerColor(COLORS[i % COLORS.length]);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setLineStyle(new BasicStroke(3f));
        }
        double top = max(g);
        if (g.ceiling() != null) {
            CategorySeries s = chart.addSeries(g.ceilingLabel(), g.categories(), gaps(g.ceiling()));
            s.setLineColor(CEILING);
            s.setMarkerColor(CEILING);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineStyle(dashed(2.5f));
            for (double c : g.ceiling()) {
                top = Math.max(top, c);
            }
        }
        st.setYAxisMax(1.08 * top);
        return chart;
    }

    private static CategoryChart base(Grid g, String title) {
        // Wider for many categories (a full run's layer chart has 36), up to twice the default.
        int width = Math.max(WIDTH, Math.min(2 * WIDTH, 50 * g.categories().size()));
        boolean rotate = g.categories().size() > 8;
        // A legend row too wide for the chart (the layer chart with its peers) is stacked instead.
        int legendWidth = g.series().stream().mapToInt(s -> 9 * s.length() + 60).sum();
        boolean stack = legendWidth > width - 64;
        int height = (rotate ? HEIGHT + 120 : HEIGHT) + (stack ? 26 * g.series().size() : 0);
        CategoryChart chart = new CategoryChartBuilder().width(width).height(height).title(title)
                .xAxisTitle(g.categoryAxis()).yAxisTitle("GFLOP/s (higher is better)").build();
        CategoryStyler st = chart.getStyler();
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setPlotBorderVisible(false);
        st.setPlotGridVerticalLinesVisible(false);
        st.setPlotGridLinesColor(new Color(0xDD, 0xDD, 0xDD));
        st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
        st.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 17));
        st.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        st.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
        st.setLegendPosition(Styler.LegendPosition.OutsideS);
        st.setLegendLayout(stack ? Styler.LegendLayout.Vertical : Styler.LegendLayout.Horizontal);
        st.setLegendBorderColor(Color.WHITE);
        st.setChartPadding(16);
        st.setYAxisMin(0.0);
        st.setYAxisDecimalPattern("#,##0.#");
        st.setLegendPadding(12);
        st.setXAxisLabelRotation(rotate ? 90 : 0);
        return chart;
    }

    /** XChart leaves a gap for null; NaN would break its axis range. */
    private static List<Double> gaps(double[] values) {
        List<Double> list = new ArrayList<>(values.length);
        for (double v : values) {
            list.add(Double.isNaN(v) ? null : v);
        }
        return list;
    }

    private static double max(Grid g) {
        double m = 0;
        for (double[] v : g.values()) {
            for (double x : v) {
                if (!Double.isNaN(x)) {
                    m = Math.max(m, x);
                }
            }
        }
        return m;
    }

    private static BasicStroke dashed(float width) {
        return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {10f, 7f}, 0f);
    }
}
