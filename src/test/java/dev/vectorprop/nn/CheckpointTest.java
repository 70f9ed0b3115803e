package dev.vectorprop.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorprop.kernels.Activation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

    private static final long SEED = 0xc4ec_9017L;

    @TempDir
    Path dir;

    private static Sequential mlp() {
        return new Sequential(new Dense(2, 8, Activation.RELU), new Dense(8, 3, Activation.IDENTITY)).initialize(SEED);
    }

    @Test
    void npyHeaderFollowsTheFormat() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.writeFloats(out, new float[] {1f, -2.5f, 3f, 0f, 5f, 6f}, 2, 3);
        byte[] b = out.toByteArray();
        assertEquals((byte) 0x93, b[0]);
        assertEquals("NUMPY", new String(b, 1, 5, StandardCharsets.US_ASCII));
        assertEquals(1, b[6]);
        assertEquals(0, b[7]);
        int len = (b[8] & 0xff) | (b[9] & 0xff) << 8;
        assertEquals(0, (10 + len) % 64, "data aligned to 64 bytes");
        String header = new String(b, 10, len, StandardCharsets.US_ASCII);
        assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"), header);
        assertTrue(header.endsWith("\n"), header);
        assertEquals(10 + len + 6 * 4, b.length);
        assertEquals(0xc0, b[10 + len + 4 + 3] & 0xff, "-2.5f = 0xc0200000 little-endian: 0xc0 last");
        assertEquals(0x20, b[10 + len + 4 + 2] & 0xff, "-2.5f = 0xc0200000 little-endian");
        Npy.Array a = Npy.read(new ByteArrayInputStream(b));
        assertEquals("<f4", a.descr());
        assertArrayEquals(new int[] {2, 3}, a.shape());
        assertArrayEquals(new float[] {1f, -2.5f, 3f, 0f, 5f, 6f}, a.floats());
        String vector = new String(Npy.header("<f4", new int[] {7}), StandardCharsets.US_ASCII);
        assertTrue(vector.contains("'shape': (7,), "), vector);
        String scalar = new String(Npy.header("<i8", new int[0]), StandardCharsets.US_ASCII);
        assertTrue(scalar.contains("'descr': '<i8'") && scalar.contains("'shape': (), "), scalar);
    }

    @Test
    void saveLoadResumesTrainingBitForBit() throws IOException {
        Dataset d = Datasets.spirals(50, 3, 0.2, SEED);
        Sequential a = mlp();
        Trainer ta = new Trainer(a, Loss.crossEntropy(), Optimizer.adam(0.01));
        for (int i = 0; i < 5; i++) {
            ta.step(d.x(), d.labels());
        }
        Path file = dir.resolve("model.npz");
        Checkpoint.save(file, a, ta.optimizer());
        for (int i = 0; i < 5; i++) {
            ta.step(d.x(), d.labels());
        }
        Sequential b = new Sequential(new Dense(2, 8, Activation.RELU), new Dense(8, 3, Activation.IDENTITY));
        Optimizer ob = Optimizer.adam(0.01);
        Checkpoint.load(file, b, ob);
        assertEquals(5, ob.stepCount());
        Trainer tb = new Trainer(b, Loss.crossEntropy(), ob);
        for (int i = 0; i < 5; i++) {
            tb.step(d.x(), d.labels());
        }
        for (int i = 0; i < a.parameters().size(); i++) {
            assertArrayEquals(a.parameters().get(i).value(), b.parameters().get(i).value(),
                    "seed=" + SEED + ", 2-8-3: parameter " + a.parameters().get(i) + " after resume");
        }
    }

    @Test
    void loadRejectsWrongShapesWithoutChangingAnything() throws IOException {
        Path file = dir.resolve("small.npz");
        Checkpoint.save(file, mlp(), null);
        Sequential other = new Sequential(new Dense(2, 9, Activation.RELU), new Dense(9, 3, Activation.IDENTITY));
        float[] before = other.parameters().get(0).value().clone();
        IOException e = assertThrows(IOException.class, () -> Checkpoint.load(file, other, null));
        assertTrue(e.getMessage().contains("'0.weight' has shape [8, 2], the model expects [9, 2]"), e.getMessage());
        assertArrayEquals(before, other.parameters().get(0).value());
        IOException noOpt = assertThrows(IOException.class, () -> Checkpoint.load(file, mlp(), Optimizer.adam(1e-3)));
        assertTrue(noOpt.getMessage().contains("optimizer.step"), noOpt.getMessage());
    }

    private static boolean numpyAvailable() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String python(String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("python3", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        return out;
    }

    @Test
    void numpyReadsOurFileAndWritesOneWeRead() throws Exception {
        Assumptions.assumeTrue(numpyAvailable(), "python3 with numpy not installed");
        Sequential m = mlp();
        Optimizer opt = Optimizer.sgd(new dev.vectorprop.kernels.SgdConfig(0.1, 0.9, 0, 0, false));
        Trainer t = new Trainer(m, Loss.crossEntropy(), opt);
        Dataset d = Datasets.rings(20, 3, 0.05, SEED);
        t.step(d.x(), d.labels());
        Path file = dir.resolve("ours.npz");
        Checkpoint.save(file, m, opt);
        String out = python("import numpy as np\n"
                + "z = np.load(r'" + file + "')\n"
                + "for k in sorted(z.files): print(k, z[k].dtype, z[k].shape, repr(float(z[k].sum())) if z[k].dtype != np.int64 else int(z[k]))\n");
        float[] w = ((Dense) m.layer(0)).weight().value();
        double sum = 0;
        for (float v : w) {
            sum += v;
        }
        assertTrue(out.contains("0.weight float32 (8, 2) "), out);
        assertTrue(out.contains("optimizer.step int64 () 1"), out);
        assertTrue(out.contains("optimizer.1.bias.momentum float32 (3,) "), out);
        String line = Arrays.stream(out.split("\n")).filter(s -> s.startsWith("0.weight ")).findFirst().orElseThrow();
        assertEquals(sum, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), 1e-5 * (1 + Math.abs(sum)), out);

        Path theirs = dir.resolve("theirs.npz");
        python("import numpy as np\n"
                + "r = np.arange(16, dtype=np.float32).reshape(8, 2) / 16\n"
                + "np.savez_compressed(r'" + theirs + "', **{'0.weight': r, '0.bias': np.full(8, 0.5, np.float32),"
                + " '1.weight': np.ones((3, 8), np.float32), '1.bias': np.array([1, 2, 3], np.float32)})\n");
        Sequential loaded = new Sequential(new Dense(2, 8, Activation.RELU), new Dense(8, 3, Activation.IDENTITY));
        Checkpoint.load(theirs, loaded, null);
        assertEquals(15f / 16, ((Dense) loaded.layer(0)).weight().value()[15]);
        assertArrayEquals(new float[] {1, 2, 3}, ((Dense) loaded.layer(1)).bias().value());
        float[] y = loaded.predict(new float[] {1, 1});
        // h = relu(W0·[1,1] + 0.5); out = sum(h) + b
        double h = 0;
        for (int j = 0; j < 8; j++) {
            h += Math.max(0, (2 * j) / 16.0 + (2 * j + 1) / 16.0 + 0.5);
        }
        assertArrayEquals(new float[] {(float) (h + 1), (float) (h + 2), (float) (h + 3)}, y, 1e-4f);
    }
}
