package dev.vectorprop.nn;

import dev.vectorprop.check.RandomArrays;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Generated toy datasets (seeded) and a numeric CSV reader. */
public final class Datasets {

    private Datasets() {}

    /**
     * Interleaved spirals: class {@code c} of {@code classes} is the arm {@code r = t},
     * {@code θ = 4c + 4t + noise·N(0,1)} for {@code t} evenly spaced in [0, 1), as points
     * {@code (r·sin θ, r·cos θ)}. Not linearly separable; a small MLP separates them.
     *
     * @param perClass points per class
     * @param classes  number of classes (arms), {@code >= 2}
     * @param noise    standard deviation of the angle noise (0.2 is the classic setting)
     */
    public static Dataset spirals(int perClass, int classes, double noise, long seed) {
        return classes(perClass, classes, seed, (c, t, r, xy) -> {
            double theta = 4 * c + 4 * t + noise * RandomArrays.gaussian(r);
            xy[0] = t * Math.sin(theta);
            xy[1] = t * Math.cos(theta);
        });
    }

    /**
     * Concentric rings: class {@code c} lies at radius {@code (c + 1)/classes} plus
     * {@code noise·N(0,1)}, at a uniform angle.
     */
    public static Dataset rings(int perClass, int classes, double noise, long seed) {
        return classes(perClass, classes, seed, (c, t, r, xy) -> {
            double radius = (c + 1.0) / classes + noise * RandomArrays.gaussian(r);
            double angle = 2 * Math.PI * r.nextDouble();
            xy[0] = radius * Math.cos(angle);
            xy[1] = radius * Math.sin(angle);
        });
    }

    /** Draws point {@code t ∈ [0, 1)} of class {@code c} into {@code xy}. */
    private interface PointOfClass {
        void draw(int c, double t, SplittableRandom r, double[] xy);
    }

    private static Dataset classes(int perClass, int classes, long seed, PointOfClass point) {
        if (perClass < 1 || classes < 2) {
            throw new IllegalArgumentException("need >= 1 point per class and >= 2 classes, got " + perClass
                    + " and " + classes);
        }
        SplittableRandom r = new SplittableRandom(seed);
        int n = perClass * classes;
        float[] x = new float[2 * n];
        int[] labels = new int[n];
        double[] xy = new double[2];
        for (int c = 0; c < classes; c++) {
            for (int i = 0; i < perClass; i++) {
                point.draw(c, (double) i / perClass, r, xy);
                int row = c * perClass + i;
                x[2 * row] = (float) xy[0];
                x[2 * row + 1] = (float) xy[1];
                labels[row] = c;
            }
        }
        return new Dataset(2, classes, x, labels, null);
    }

    /**
     * A smooth regression surface: {@code x} uniform in [−1, 1)², target
     * {@code sin(πx₀)·cos(πx₁) + 0.5·x₀² + noise·N(0,1)}.
     */
    public static Dataset regression(int n, double noise, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("need at least one point, got " + n);
        }
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[2 * n];
        float[] t = new float[n];
        for (int i = 0; i < n; i++) {
            double a = r.nextDouble() * 2 - 1;
            double b = r.nextDouble() * 2 - 1;
            x[2 * i] = (float) a;
            x[2 * i + 1] = (float) b;
            t[i] = (float) (Math.sin(Math.PI * a) * Math.cos(Math.PI * b) + 0.5 * a * a
                    + noise * RandomArrays.gaussian(r));
        }
        return new Dataset(2, 1, x, null, t);
    }

    /**
     * Reads a numeric CSV file: one row per line, comma-separated numbers, the last column the label.
     * Blank lines and lines starting with {@code #} are skipped; a first line that is not numeric is taken
     * as a header. For classification the labels must be whole numbers {@code >= 0} (the classes are
     * {@code 0..max}); for regression the last column is the single float target.
     *
     * @param regression whether the last column is a float target instead of a class label
     * @throws IllegalArgumentException for malformed content, naming the file, line and column
     * @throws IOException              when the file cannot be read
     */
    public static Dataset readCsv(Path file, boolean regression) throws IOException {
        List<float[]> rows = new ArrayList<>();
        int columns = -1;
        int lineNo = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                String s = line.strip();
                if (s.isEmpty() || s.startsWith("#")) {
                    continue;
                }
                String[] cells = s.split(",", -1);
                if (rows.isEmpty() && columns < 0 && !numeric(cells[0].strip())) {
                    columns = cells.length; // header
                    continue;
                }
                if (columns < 0) {
                    columns = cells.length;
                }
                if (cells.length != columns) {
                    throw csvError(file, lineNo, "has " + cells.length + " columns, expected " + columns);
                }
                if (columns < 2) {
                    throw csvError(file, lineNo, "needs at least 2 columns (features, then the label)");
                }
                float[] row = new float[columns];
                for (int c = 0; c < columns; c++) {
                    String cell = cells[c].strip();
                    try {
                        row[c] = Float.parseFloat(cell);
                    } catch (NumberFormatException e) {
                        throw csvError(file, lineNo, "column " + (c + 1) + ": '" + cell + "' is not a number");
                    }
                    if (!Float.isFinite(row[c])) {
                        throw csvError(file, lineNo, "column " + (c + 1) + ": '" + cell + "' is not finite");
                    }
                }
                rows.add(row);
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(file + ": no data rows");
        }
        int f = columns - 1;
        int n = rows.size();
        float[] x = new float[n * f];
        for (int i = 0; i < n; i++) {
            System.arraycopy(rows.get(i), 0, x, i * f, f);
        }
        if (regression) {
            float[] t = new float[n];
            for (int i = 0; i < n; i++) {
                t[i] = rows.get(i)[f];
            }
            return new Dataset(f, 1, x, null, t);
        }
        int[] labels = new int[n];
        int max = 0;
        for (int i = 0; i < n; i++) {
            float v = rows.get(i)[f];
            if (v != Math.rint(v) || v < 0 || v > 1_000_000) {
                throw new IllegalArgumentException(file + ": data row " + (i + 1) + ": label " + v
                        + " is not a class index (a whole number >= 0); for a float target use regression");
            }
            labels[i] = (int) v;
            max = Math.max(max, labels[i]);
        }
        if (max < 1) {
            throw new IllegalArgumentException(file + ": every label is 0; classification needs at least 2 classes");
        }
        return new Dataset(f, max + 1, x, labels, null);
    }

    private static boolean numeric(String s) {
        try {
            Float.parseFloat(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static IllegalArgumentException csvError(Path file, int line, String message) {
        return new IllegalArgumentException(file + ":" + line + ": " + message);
    }
}
