package io.sparknn.trainer.data;

import static io.sparknn.trainer.data.Inputs.bytes;
import static io.sparknn.trainer.data.Inputs.fails;
import static io.sparknn.trainer.data.Inputs.gzip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;

class IdxReaderTest {
    /** n images of rows x cols, pixel (i, r, c) = (7i + 3r + c) mod 256, big-endian header. */
    static byte[] images(int magic, int n, int rows, int cols) {
        ByteBuffer b = ByteBuffer.allocate(16 + n * rows * cols);
        b.putInt(magic).putInt(n).putInt(rows).putInt(cols);
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    b.put((byte) (7 * i + 3 * r + c + 250));
                }
            }
        }
        return b.array();
    }

    static byte[] labels(int magic, int... ys) {
        ByteBuffer b = ByteBuffer.allocate(8 + ys.length);
        b.putInt(magic).putInt(ys.length);
        for (int y : ys) {
            b.put((byte) y);
        }
        return b.array();
    }

    private static void checkTiny(ParsedExamples p) {
        assertEquals(3, p.n);
        assertEquals(6, p.width);
        assertArrayEquals(new int[] {2, 3}, p.shape);
        assertArrayEquals(new int[] {0, 9, 255}, p.labels);
        // image 2, row 1, col 2: 14 + 3 + 2 + 250 = 269 -> byte 13; image 0 row 0 col 0: 250 stays 250 (unsigned)
        assertEquals(13f, p.features[2 * 6 + 1 * 3 + 2]);
        assertEquals(250f, p.features[0]);
        assertNull(p.lineNumbers);
    }

    @Test
    void tinyPlainImagesAndLabels() throws IOException {
        checkTiny(IdxReader.read(bytes(images(2051, 3, 2, 3)), "img", bytes(labels(2049, 0, 9, 255)), "lab"));
    }

    @Test
    void tinyGzippedImagesAndLabels() throws IOException {
        ParsedExamples p = IdxReader.read(
                bytes(gzip(images(2051, 3, 2, 3))), "img.gz", bytes(gzip(labels(2049, 0, 9, 255))), "lab.gz");
        checkTiny(p);
        assertEquals(3, p.toBlock(0).n);
    }

    @Test
    void imagesAloneHaveNoLabels() throws IOException {
        ParsedExamples p = IdxReader.readImages(bytes(images(2051, 2, 4, 1)), "img");
        assertFalse(p.hasLabels());
        assertEquals(4, p.width);
    }

    @Test
    void wrongMagicForImages() {
        fails(
                "train-labels byte 0: wrong magic: expected 2051 (IDX images: unsigned bytes, 3 dimensions), "
                        + "found 2049 (IDX labels: unsigned bytes, 1 dimension)",
                () -> IdxReader.readImages(bytes(labels(2049, 1, 2)), "train-labels"));
    }

    @Test
    void wrongMagicForLabels() {
        fails(
                "x.gz byte 0 of the gunzipped content: wrong magic: expected 2049 (IDX labels: unsigned bytes, "
                        + "1 dimension), found 2051 (IDX images: unsigned bytes, 3 dimensions)",
                () -> IdxReader.readLabels(bytes(gzip(images(2051, 1, 1, 1))), "x.gz"));
    }

    @Test
    void notAnIdxFileAtAll() {
        fails(
                "a.png byte 0: wrong magic: expected 2051 (IDX images: unsigned bytes, 3 dimensions), "
                        + "found -1991225785 (0x89504E47, not an IDX file)",
                () -> IdxReader.readImages(bytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 0}), "a.png"));
    }

    @Test
    void truncatedHeader() {
        byte[] cut = Arrays.copyOf(images(2051, 2, 2, 2), 9);
        fails(
                "img byte 9: truncated header: expected 16 bytes, found 9",
                () -> IdxReader.readImages(bytes(cut), "img"));
    }

    @Test
    void emptyLabelsFile() {
        fails(
                "lab byte 0: truncated header: expected 8 bytes, found 0",
                () -> IdxReader.readLabels(bytes(new byte[0]), "lab"));
    }

    @Test
    void truncatedPixels() {
        byte[] cut = Arrays.copyOf(images(2051, 3, 2, 3), 16 + 10);
        fails(
                "img byte 26: truncated: expected 18 pixel bytes (3 images of 2x3) after the 16-byte header, found 10",
                () -> IdxReader.readImages(bytes(cut), "img"));
    }

    @Test
    void truncatedLabels() {
        byte[] cut = Arrays.copyOf(labels(2049, 1, 2, 3, 4), 10);
        fails(
                "lab.gz byte 10 of the gunzipped content: truncated: expected 4 label bytes after the 8-byte header, found 2",
                () -> IdxReader.readLabels(bytes(gzip(cut)), "lab.gz"));
    }

    @Test
    void extraBytesAfterTheDeclaredImages() {
        byte[] longer = Arrays.copyOf(images(2051, 1, 2, 2), 16 + 4 + 1);
        fails(
                "img byte 20: data after the 1 images the header declares (wrong dimensions?)",
                () -> IdxReader.readImages(bytes(longer), "img"));
    }

    @Test
    void countMismatchBetweenImagesAndLabels() {
        fails(
                "train-labels byte 4: holds 2 labels but train-images holds 3 images",
                () -> IdxReader.read(
                        bytes(images(2051, 3, 2, 2)), "train-images", bytes(labels(2049, 1, 2)), "train-labels"));
    }

    @Test
    void corruptGzipWrapsTheZipException() {
        byte[] gz = gzip(images(2051, 2, 2, 2));
        gz[10] |= 0x06; // first deflate block header: BTYPE = 11, reserved
        DataException e = fails(
                "img.gz byte 0 of the gunzipped content: corrupt gzip data: invalid block type",
                () -> IdxReader.readImages(bytes(gz), "img.gz"));
        assertInstanceOf(ZipException.class, e.getCause());
    }

    @Test
    void negativeDimension() {
        byte[] b = images(2051, 1, 1, 1);
        b[8] = (byte) 0x80;
        fails("img byte 8: dimension 2 is negative: -2147483647", () -> IdxReader.readImages(bytes(b), "img"));
    }
}
