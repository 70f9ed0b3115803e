package dev.vectorprop.nn;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The NumPy {@code .npy} format, version 1.0, for float32 and int64 arrays.
 *
 * <p>Layout: the 6 bytes {@code \x93NUMPY}, the version bytes {@code 1 0}, a little-endian uint16
 * header length {@code H}, then {@code H} bytes of ASCII header, a Python dict literal such as
 * <pre>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (64, 2), }</pre>
 * padded with spaces and ended by {@code \n} so that the data starts at a multiple of 64 bytes; then the
 * elements in C (row-major) order, little-endian: {@code '<f4'} (float32) or {@code '<i8'} (int64).
 * {@code numpy.load} reads these files and {@link #read} reads what {@code numpy.save} writes for those
 * two dtypes (C order).
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    /**
     * An array read from a {@code .npy} stream.
     *
     * @param descr  the dtype, {@code "<f4"} or {@code "<i8"}
     * @param shape  the shape ({@code []} for a scalar)
     * @param floats the values for {@code <f4}, else null
     * @param longs  the values for {@code <i8}, else null
     */
    public record Array(String descr, int[] shape, float[] floats, long[] longs) {}

    /** Writes {@code data} as a float32 array of the given shape. */
    public static void writeFloats(OutputStream out, float[] data, int... shape) throws IOException {
        ByteBuffer b = body(4, Objects.requireNonNull(data, "data").length, shape);
        b.asFloatBuffer().put(data);
        write(out, "<f4", shape, b.array());
    }

    /** Writes {@code data} as an int64 array of the given shape ({@code new int[0]} for a scalar). */
    public static void writeLongs(OutputStream out, long[] data, int... shape) throws IOException {
        ByteBuffer b = body(8, Objects.requireNonNull(data, "data").length, shape);
        b.asLongBuffer().put(data);
        write(out, "<i8", shape, b.array());
    }

    /** @return the header (magic, version, length, dict, padding) for the given dtype and shape */
    static byte[] header(String descr, int[] shape) {
        StringBuilder dims = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            dims.append(shape[i]).append(i == 0 && shape.length == 1 ? "," : i < shape.length - 1 ? ", " : "");
        }
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }";
        int total = MAGIC.length + 2 + 2 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String h = dict + " ".repeat(pad) + "\n";
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(MAGIC);
        o.write(1);
        o.write(0);
        o.write(h.length() & 0xff);
        o.write(h.length() >>> 8);
        o.writeBytes(h.getBytes(StandardCharsets.US_ASCII));
        return o.toByteArray();
    }

    private static void write(OutputStream out, String descr, int[] shape, byte[] body) throws IOException {
        out.write(header(descr, shape));
        out.write(body);
    }

    private static ByteBuffer body(int elementBytes, int length, int[] shape) {
        checkShape(shape, length);
        return ByteBuffer.allocate(elementBytes * length).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void checkShape(int[] shape, int length) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n != length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has " + n + " elements, data "
                    + length);
        }
    }

    /**
     * Reads one array.
     *
     * @throws IOException for a truncated stream or a header this reader does not support (named)
     */
    public static Array read(InputStream in) throws IOException {
        DataInputStream d = new DataInputStream(in);
        byte[] magic = new byte[6];
        d.readFully(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException("not a .npy stream (bad magic)");
        }
        int major = d.readUnsignedByte();
        d.readUnsignedByte();
        int len;
        if (major == 1) {
            len = d.readUnsignedByte() | d.readUnsignedByte() << 8;
        } else if (major == 2 || major == 3) {
            byte[] l = new byte[4];
            d.readFully(l);
            len = ByteBuffer.wrap(l).order(ByteOrder.LITTLE_ENDIAN).getInt();
        } else {
            throw new IOException("unsupported .npy version " + major);
        }
        byte[] hb = new byte[len];
        d.readFully(hb);
        String header = new String(hb, StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, "descr");
        if ("True".equals(group(FORTRAN, header, "fortran_order"))) {
            throw new IOException("Fortran-order arrays are not supported");
        }
        List<Integer> dims = new ArrayList<>();
        for (String s : group(SHAPE, header, "shape").split(",")) {
            if (!s.isBlank()) {
                dims.add(Integer.parseInt(s.strip()));
            }
        }
        int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
        long n = 1;
        for (int dim : shape) {
            n *= dim;
        }
        if (n > Integer.MAX_VALUE / 8) {
            throw new IOException("array of " + n + " elements is too large");
        }
        switch (descr) {
            case "<f4" -> {
                byte[] body = new byte[(int) n * 4];
                d.readFully(body);
                float[] f = new float[(int) n];
                ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
                return new Array(descr, shape, f, null);
            }
            case "<i8" -> {
                byte[] body = new byte[(int) n * 8];
                d.readFully(body);
                long[] l = new long[(int) n];
                ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(l);
                return new Array(descr, shape, null, l);
            }
            default -> throw new IOException("unsupported dtype '" + descr + "' (supported: '<f4', '<i8')");
        }
    }

    private static String group(Pattern p, String header, String key) throws IOException {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new IOException("malformed .npy header, no '" + key + "': " + header.strip());
        }
        return m.group(1);
    }
}
