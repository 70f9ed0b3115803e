package dev.vectorprop.internal;

/**
 * Argument checks shared by every kernel. Each throws before the kernel writes anything, with a message
 * that names the argument and the shapes involved. Lengths are computed in {@code long} so that huge
 * offsets or strides cannot overflow into a false pass.
 */
public final class Checks {

    private Checks() {}

    /**
     * Throws unless {@code value >= 0}, naming it "{@code what} of {@code name}". The message is built
     * only on failure: checks run on every kernel call and must not allocate.
     */
    public static void nonNegative(String what, String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(what + " of " + name + " must be >= 0, got " + value);
        }
    }

    /** Throws unless {@code value >= 0}. */
    public static void nonNegative(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + value);
        }
    }

    /** Throws unless {@code array != null}. */
    public static <T> T notNull(String name, T array) {
        if (array == null) {
            throw new NullPointerException(name + " must not be null");
        }
        return array;
    }

    /** Throws unless {@code value} is finite. */
    public static void finite(String name, float value) {
        if (!Float.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite, got " + value);
        }
    }

    /**
     * Throws unless both arrays are non-null and of equal length.
     *
     * @return the common length
     */
    public static int sameLength(String an, float[] a, String bn, float[] b) {
        notNull(an, a);
        notNull(bn, b);
        if (a.length != b.length) {
            throw new IllegalArgumentException(an + " has length " + a.length + " but " + bn + " has length "
                    + b.length);
        }
        return a.length;
    }

    /** Checks that {@code a[offset .. offset+length)} exists. */
    public static void range(String name, float[] a, int offset, int length) {
        notNull(name, a);
        nonNegative("length", name, length);
        if (offset < 0 || (long) offset + length > a.length) {
            throw new IndexOutOfBoundsException(name + ": offset " + offset + " + length " + length
                    + " is outside the array of length " + a.length);
        }
    }

    /** Checks that {@code a[offset .. offset+length)} exists for an int array. */
    public static void range(String name, int[] a, int offset, int length) {
        notNull(name, a);
        nonNegative("length", name, length);
        if (offset < 0 || (long) offset + length > a.length) {
            throw new IndexOutOfBoundsException(name + ": offset " + offset + " + length " + length
                    + " is outside the array of length " + a.length);
        }
    }

    /**
     * Checks a row-major {@code rows × cols} matrix stored from {@code offset} with row stride
     * {@code ld}: {@code ld >= cols} and the last row ends inside the array.
     */
    public static void matrix(String name, float[] a, int offset, int rows, int cols, int ld) {
        notNull(name, a);
        nonNegative("rows", name, rows);
        nonNegative("columns", name, cols);
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException("ld" + name + " = " + ld + " is smaller than the row length "
                    + cols + " of " + name + " (" + rows + "×" + cols + ")");
        }
        if (offset < 0) {
            throw new IndexOutOfBoundsException(name + ": offset " + offset + " is negative");
        }
        long extent = rows == 0 || cols == 0 ? 0 : (long) (rows - 1) * ld + cols;
        if (offset + extent > a.length) {
            throw new IndexOutOfBoundsException(name + " (" + rows + "×" + cols + ", ld " + ld + ", offset "
                    + offset + ") needs " + (offset + extent) + " elements but the array has " + a.length);
        }
    }

    /**
     * Rejects an output range that overlaps an input range in the same array unless both start at the
     * same offset (exact aliasing, which elementwise kernels support as an in-place update).
     */
    public static void noPartialOverlap(String outName, float[] out, int outOff, String inName, float[] in,
                                        int inOff, int length) {
        if (out == in && outOff != inOff && length > 0
                && outOff < (long) inOff + length && inOff < (long) outOff + length) {
            throw new IllegalArgumentException(outName + " [" + outOff + ", " + ((long) outOff + length)
                    + ") partially overlaps " + inName + " [" + inOff + ", " + ((long) inOff + length)
                    + ") in the same array; use disjoint ranges or the same offset");
        }
    }

    /**
     * Rejects any overlap of an output range with an input range of the same array, for kernels whose
     * output is not computed element by element from the input (matrix products).
     */
    public static void disjoint(String outName, float[] out, int outOff, long outLen, String inName,
                                float[] in, int inOff, long inLen) {
        if (out == in && outLen > 0 && inLen > 0 && outOff < inOff + inLen && inOff < outOff + outLen) {
            throw new IllegalArgumentException(outName + " [" + outOff + ", " + (outOff + outLen)
                    + ") overlaps " + inName + " [" + inOff + ", " + (inOff + inLen)
                    + ") in the same array; the output must not alias an input");
        }
    }

    /**
     * Checks a {@code rows × cols} shape and returns its element count, rejecting negative sizes and
     * counts beyond the largest Java array.
     */
    public static int elements(String name, int rows, int cols) {
        nonNegative("rows", name, rows);
        nonNegative("columns", name, cols);
        long count = (long) rows * cols;
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " (" + rows + "×" + cols + ") has " + count
                    + " elements, more than a Java array can hold");
        }
        return (int) count;
    }

    /** Throws unless {@code value} is finite and {@code >= 0}. */
    public static void finiteNonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, got " + value);
        }
    }

    /** Throws unless {@code lo <= value <= hi} (a NaN fails). */
    public static void within(String name, double value, double lo, double hi) {
        if (!(value >= lo && value <= hi)) {
            throw new IllegalArgumentException(name + " must be in [" + lo + ", " + hi + "], got " + value);
        }
    }

    /** Throws unless {@code a.length == expected}. */
    public static void length(String name, float[] a, int expected, String why) {
        notNull(name, a);
        if (a.length != expected) {
            throw new IllegalArgumentException(name + " has length " + a.length + " but " + why + " needs "
                    + expected);
        }
    }

    /**
     * Throws unless {@code a.length == expected}, the length of {@code other} ("grads has length 5 but
     * params has length 10"); the message is built only on failure.
     */
    public static void length(String name, float[] a, String other, int expected) {
        notNull(name, a);
        if (a.length != expected) {
            throw new IllegalArgumentException(name + " has length " + a.length + " but " + other
                    + " has length " + expected);
        }
    }

    /**
     * Throws unless {@code a} holds exactly a {@code rows × cols} matrix, explaining it as
     * "{@code rowsName} rows × {@code colsName} cols"; the message is built only on failure.
     */
    public static void length(String name, float[] a, String rowsName, int rows, String colsName, int cols) {
        notNull(name, a);
        if (a.length != (long) rows * cols) {
            throw new IllegalArgumentException(name + " has length " + a.length + " but " + rowsName + " " + rows
                    + " × " + colsName + " " + cols + " needs " + (long) rows * cols);
        }
    }
}
