package io.sparknn.trainer.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

/**
 * MNIST's IDX files (also Fashion-MNIST's), plain or gzipped (detected from the bytes): a
 * big-endian header, then unsigned bytes. Images: magic 2051 (0x00000803: unsigned bytes, 3
 * dimensions), image count n, rows, cols, then n·rows·cols pixels, row-major. Labels: magic 2049
 * (0x00000801: unsigned bytes, 1 dimension), count n, then n labels.
 *
 * <p>Pixels become floats with their raw values 0..255: scaling (to [0, 1], or standardising)
 * is a preprocessing step elsewhere, so that it is stated once in the model and not hidden in a
 * reader. A file must hold exactly what its header declares: missing bytes (truncation) and
 * extra bytes are errors at their byte offset. The caller opens and closes the streams.
 */
public final class IdxReader {
    /** Magic of an IDX images file: unsigned bytes, 3 dimensions. */
    public static final int IMAGES_MAGIC = 2051;
    /** Magic of an IDX labels file: unsigned bytes, 1 dimension. */
    public static final int LABELS_MAGIC = 2049;

    private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

    private IdxReader() {}

    /**
     * An images file and its labels file as one labelled set; the two counts must agree. The
     * result's {@link ParsedExamples#shape} is {rows, cols}.
     */
    public static ParsedExamples read(InputStream images, String imagesSource, InputStream labels, String labelsSource)
            throws IOException {
        return read(images, imagesSource, labels, labelsSource, 0);
    }

    /**
     * As {@link #read(InputStream, String, InputStream, String)}, with every label checked to be
     * below {@code classes} (0 = unchecked): a label out of range is an error at its byte.
     */
    public static ParsedExamples read(
            InputStream images, String imagesSource, InputStream labels, String labelsSource, int classes)
            throws IOException {
        ParsedExamples x = readImages(images, imagesSource);
        int[] y;
        try (DataInput data = DataInput.open(labels, labelsSource)) {
            y = readLabels(data, classes);
        }
        if (y.length != x.n) {
            throw DataException.atByte(
                    labelsSource, 4, "holds " + y.length + " labels but " + imagesSource + " holds " + x.n + " images");
        }
        return new ParsedExamples(
                imagesSource, x.n, x.width, x.shape, x.features, y, null, null, List.of(), null, 0, 0, List.of());
    }

    /** An images file alone, without labels; shape {rows, cols}, pixels 0..255 as floats. */
    public static ParsedExamples readImages(InputStream in, String source) throws IOException {
        try (DataInput data = DataInput.open(in, source)) {
            return readImages(data);
        }
    }

    private static ParsedExamples readImages(DataInput data) throws IOException {
        int[] header = header(data, IMAGES_MAGIC, 4);
        int n = header[1];
        int rows = header[2];
        int cols = header[3];
        long width = (long) rows * cols;
        if (width > MAX_ARRAY) {
            // before n · width, which overflows a long for images of 2^31 x 2^31
            throw data.errorAt(8, "images of " + rows + "x" + cols + " have more pixels than one Java array holds");
        }
        long total = n * width;
        if (total > MAX_ARRAY) {
            throw data.errorAt(4, n + " images of " + rows + "x" + cols + " are more pixels than one Java array holds");
        }
        // grown as bytes arrive, not allocated from the header: a damaged or lying header fails as
        // truncated instead of running out of memory
        float[] pixels = new float[(int) Math.min(total, 1 << 20)];
        byte[] chunk = new byte[1 << 16];
        int filled = 0;
        while (filled < total) {
            int r = data.read(chunk, 0, (int) Math.min(chunk.length, total - filled));
            if (r > 0 && filled + r > pixels.length) {
                pixels = Arrays.copyOf(pixels, (int) Math.min(total, Math.max(filled + r, 2L * pixels.length)));
            }
            if (r < 0) {
                throw data.errorAt(
                        data.position(),
                        "truncated: expected " + total + " pixel bytes (" + n + " images of " + rows + "x" + cols
                                + ") after the 16-byte header, found " + filled);
            }
            for (int i = 0; i < r; i++) {
                pixels[filled + i] = chunk[i] & 0xff;
            }
            filled += r;
        }
        expectEnd(data, n + " images");
        return new ParsedExamples(
                data.source,
                n,
                (int) width,
                new int[] {rows, cols},
                pixels,
                null,
                null,
                null,
                List.of(),
                null,
                0,
                0,
                List.of());
    }

    /** A labels file: one label 0..255 per example. */
    public static int[] readLabels(InputStream in, String source) throws IOException {
        try (DataInput data = DataInput.open(in, source)) {
            return readLabels(data, 0);
        }
    }

    private static int[] readLabels(DataInput data, int classes) throws IOException {
        int n = header(data, LABELS_MAGIC, 2)[1];
        byte[] bytes = data.readNBytes(n);
        if (bytes.length < n) {
            throw data.errorAt(
                    data.position(),
                    "truncated: expected " + n + " label bytes after the 8-byte header, found " + bytes.length);
        }
        expectEnd(data, n + " labels");
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = bytes[i] & 0xff;
            if (classes > 0 && labels[i] >= classes) {
                throw data.errorAt(
                        8L + i,
                        "label " + labels[i] + " of example " + (i + 1) + " is out of range: the network " + "outputs "
                                + classes + " classes (0 to " + (classes - 1) + ")");
            }
        }
        return labels;
    }

    /** The magic and the dimensions, each checked; {@code ints} big-endian int32s in all. */
    private static int[] header(DataInput data, int magic, int ints) throws IOException {
        byte[] bytes = data.readNBytes(4 * ints);
        if (bytes.length >= 4 && readInt(bytes, 0) != magic) {
            throw data.errorAt(
                    0,
                    "wrong magic: expected " + magic + " (" + describe(magic) + "), found " + readInt(bytes, 0) + " ("
                            + describe(readInt(bytes, 0)) + ")");
        }
        if (bytes.length < 4 * ints) {
            throw data.errorAt(
                    bytes.length, "truncated header: expected " + 4 * ints + " bytes, found " + bytes.length);
        }
        int[] header = new int[ints];
        for (int i = 0; i < ints; i++) {
            header[i] = readInt(bytes, 4 * i);
            if (i > 0 && header[i] < 0) {
                throw data.errorAt(4L * i, "dimension " + i + " is negative: " + header[i]);
            }
        }
        return header;
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    private static void expectEnd(DataInput data, String what) throws IOException {
        long end = data.position();
        if (data.read() >= 0) {
            throw data.errorAt(end, "data after the " + what + " the header declares (wrong dimensions?)");
        }
    }

    /** What an IDX magic says: IDX files start with two zero bytes, a type byte and a dimension count. */
    static String describe(int magic) {
        if (magic == IMAGES_MAGIC) {
            return "IDX images: unsigned bytes, 3 dimensions";
        }
        if (magic == LABELS_MAGIC) {
            return "IDX labels: unsigned bytes, 1 dimension";
        }
        if ((magic >>> 16) == 0) {
            return String.format("IDX type 0x%02X, %d dimensions", (magic >>> 8) & 0xff, magic & 0xff);
        }
        return String.format("0x%08X, not an IDX file", magic);
    }
}
