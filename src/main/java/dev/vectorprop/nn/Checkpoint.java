package dev.vectorprop.nn;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Saves and loads a model's parameters and an optimizer's state as a NumPy {@code .npz} file: a zip
 * archive of {@link Npy .npy} arrays, readable with {@code numpy.load(file)}.
 *
 * <p>Entries (names without the {@code .npy} suffix, as NumPy lists them):
 * <ul>
 *   <li>{@code <parameter>} for each of {@link Sequential#namedParameters()}, float32, the parameter's
 *   shape: {@code 0.weight} ({@code [out, in]}, PyTorch's layout), {@code 0.bias}, …</li>
 *   <li>with an optimizer: {@code optimizer.step}, an int64 scalar (the number of steps taken), and
 *   {@code optimizer.<parameter>.<state>} for each state array ({@code momentum} for SGD with momentum,
 *   {@code m} and {@code v} for Adam/AdamW), float32, the parameter's shape.</li>
 * </ul>
 * Loading checks that every expected entry is present with the expected shape before changing anything,
 * and ignores other entries. Restoring both and continuing training resumes bit for bit.
 */
public final class Checkpoint {

    private static final String OPT = "optimizer.";

    private Checkpoint() {}

    /**
     * Writes the model's parameters, and the optimizer's state when {@code optimizer} is non-null.
     *
     * @throws IOException when the file cannot be written
     */
    public static void save(Path file, Sequential model, Optimizer optimizer) throws IOException {
        Objects.requireNonNull(model, "model");
        try (OutputStream f = Files.newOutputStream(file);
             ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(f))) {
            for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
                entry(zip, e.getKey());
                Npy.writeFloats(zip, e.getValue().value(), e.getValue().shape());
            }
            if (optimizer != null) {
                optimizer.attach(model.parameters());
                entry(zip, OPT + "step");
                Npy.writeLongs(zip, new long[] {optimizer.stepCount()});
                int i = 0;
                for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
                    for (String s : optimizer.stateNames()) {
                        entry(zip, OPT + e.getKey() + "." + s);
                        Npy.writeFloats(zip, optimizer.state(i, s), e.getValue().shape());
                    }
                    i++;
                }
            }
        }
    }

    private static void entry(ZipOutputStream zip, String name) throws IOException {
        zip.putNextEntry(new ZipEntry(name + ".npy"));
    }

    /**
     * Reads parameters (and the optimizer's state when {@code optimizer} is non-null) saved by
     * {@link #save} or written by NumPy ({@code numpy.savez} with float32 arrays of the right shapes).
     *
     * @throws IOException when the file cannot be read, or an entry is missing or has the wrong shape or
     *                     dtype (nothing is changed then)
     */
    public static void load(Path file, Sequential model, Optimizer optimizer) throws IOException {
        Objects.requireNonNull(model, "model");
        Map<String, Npy.Array> arrays = new HashMap<>();
        try (InputStream f = Files.newInputStream(file);
             ZipInputStream zip = new ZipInputStream(new BufferedInputStream(f))) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                String name = e.getName().endsWith(".npy") ? e.getName().substring(0, e.getName().length() - 4)
                        : e.getName();
                try {
                    arrays.put(name, Npy.read(zip));
                } catch (IOException ex) {
                    throw new IOException(file + ": entry " + e.getName() + ": " + ex.getMessage(), ex);
                }
            }
        }
        Map<String, Parameter> named = model.namedParameters();
        for (Map.Entry<String, Parameter> e : named.entrySet()) {
            expect(file, arrays, e.getKey(), e.getValue().shape());
        }
        if (optimizer != null) {
            optimizer.attach(model.parameters());
            Npy.Array step = arrays.get(OPT + "step");
            if (step == null || step.longs() == null || step.longs().length != 1) {
                throw new IOException(file + ": no int64 scalar '" + OPT + "step' (saved without an optimizer?)");
            }
            for (Map.Entry<String, Parameter> e : named.entrySet()) {
                for (String s : optimizer.stateNames()) {
                    expect(file, arrays, OPT + e.getKey() + "." + s, e.getValue().shape());
                }
            }
        }
        for (Map.Entry<String, Parameter> e : named.entrySet()) {
            float[] v = arrays.get(e.getKey()).floats();
            System.arraycopy(v, 0, e.getValue().value(), 0, v.length);
            e.getValue().markUpdated();
        }
        if (optimizer != null) {
            optimizer.setStepCount(Math.toIntExact(arrays.get(OPT + "step").longs()[0]));
            int i = 0;
            for (String name : named.keySet()) {
                for (String s : optimizer.stateNames()) {
                    float[] v = arrays.get(OPT + name + "." + s).floats();
                    System.arraycopy(v, 0, optimizer.state(i, s), 0, v.length);
                }
                i++;
            }
        }
    }

    private static void expect(Path file, Map<String, Npy.Array> arrays, String name, int[] shape) throws IOException {
        Npy.Array a = arrays.get(name);
        if (a == null) {
            throw new IOException(file + ": missing entry '" + name + "' (has " + List.copyOf(arrays.keySet()) + ")");
        }
        if (a.floats() == null) {
            throw new IOException(file + ": entry '" + name + "' has dtype " + a.descr() + ", expected '<f4'");
        }
        if (!Arrays.equals(a.shape(), shape)) {
            throw new IOException(file + ": entry '" + name + "' has shape " + Arrays.toString(a.shape())
                    + ", the model expects " + Arrays.toString(shape));
        }
    }
}
